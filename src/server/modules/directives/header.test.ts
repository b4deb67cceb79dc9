// The header components (Decree 30 Điều 8 a–đ) in the layouts OCR produces.
import { describe, expect, it } from 'vitest';
import { readHeader } from './header.ts';
import { normalizeUnicode, prepareLines } from './text.ts';

const header = (text: string) => readHeader(prepareLines(normalizeUnicode(text)), []);

describe('reading the header', () => {
  it('reads the two columns whether they are printed one under the other or side by side', () => {
    const stacked = header('ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 1883 /UBND-VX\nCao Bằng, ngày 03 tháng 8 năm 2020\nV/v thực hiện\nThông báo số 272/TB-VPCP\n\nKính gửi: Sở Y tế.');
    const merged = header('UBND TỈNH CAO BẰNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 1883 /UBND-VX Cao Bằng, ngày 03 tháng 8 năm 2020\nV/v thực hiện\nThông báo số 272/TB-VPCP\n\nKính gửi: Sở Y tế.');
    for (const h of [stacked, merged]) {
      expect(h).toMatchObject({
        issuer: 'Ủy ban nhân dân tỉnh Cao Bằng', number: '1883/UBND-VX', place: 'Cao Bằng', date: '2020-08-03',
        docType: 'Công văn', subject: 'V/v thực hiện Thông báo số 272/TB-VPCP', recipients: ['Sở Y tế'],
      });
    }
  });
  it('keeps the issuer that shares the number\'s line', () => {
    expect(header('UBND TỈNH LAI CHÂU Số: 12/KH-UBND\nKẾ HOẠCH\nPhòng, chống dịch').issuer).toBe('Ủy ban nhân dân tỉnh Lai Châu');
  });
  it('gives null for a blank number and a blank day, and keeps the place', () => {
    expect(header('Số: /UBND-KGVX\nLạng Sơn, ngày tháng 8 năm 2020\nV/v x')).toMatchObject({ number: null, place: 'Lạng Sơn', date: null });
  });
  it('ignores an arrival stamp and names the type from the title line', () => {
    const h = header('ỦY BAN NHÂN DÂN\nHUYỆN BẢO LẠC\nĐẾN Số: 461\nSố: 05/CĐ-UBND\nCÔNG ĐIỆN KHẨN\nVề việc phòng, chống dịch\n\nCHỦ TỊCH UBND HUYỆN ĐIỆN:\n- Trưởng các phòng, ban;\n- Chủ tịch UBND các xã, thị trấn.');
    expect(h).toMatchObject({
      issuer: 'Ủy ban nhân dân huyện Bảo Lạc', number: '05/CĐ-UBND', docType: 'Công điện', subject: 'Về việc phòng, chống dịch',
      recipients: ['Trưởng các phòng, ban', 'Chủ tịch UBND các xã, thị trấn'],
    });
  });
  it('names a department or steering committee in full with its province', () => {
    expect(header('UBND TỈNH TUYÊN QUANG\nSỞ Y TẾ\nSố: 1/SYT-NVY').issuer).toBe('Sở Y tế tỉnh Tuyên Quang');
    expect(header('UBND TỈNH LẠNG SƠN\nVĂN PHÒNG\nSố: 1/TB-VP').issuer).toBe('Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn');
    expect(header('UBND HUYỆN VĂN CHẤN\nBAN CHỈ ĐẠO PHÒNG, CHỐNG\nDỊCH COVID-19\nSố: 2/KH-BCĐ').issuer).toBe('Ban Chỉ đạo phòng, chống dịch COVID-19 huyện Văn Chấn');
  });
});
