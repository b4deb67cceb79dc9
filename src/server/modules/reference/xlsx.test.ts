import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readXlsxRows } from './xlsx.ts';
import { readUnitList } from './rules.ts';

/** A minimal .xlsx (ZIP) writer for the test: some entries stored, some deflated, as Excel's own files are. */
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  let i = 0;
  for (const [name, text] of Object.entries(files)) {
    const raw = Buffer.from(text, 'utf8');
    const deflate = i++ % 2 === 0;
    const data = deflate ? zlib.deflateRawSync(raw) : raw;
    const crc = zlib.crc32(raw);
    const nameBuf = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(raw.length, 22); local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16); central.writeUInt32LE(data.length, 20); central.writeUInt32LE(raw.length, 24); central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(Object.keys(files).length, 8); end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const shared = ['Mã', 'Tên', 'Cấp', 'Mã tỉnh', 'Tỉnh Cao Bằng', 'Phường Thục Phán', 'Xã', 'Tỉnh', 'Xã Hưng &amp; Đạo'];
const cell = (ref: string, s: number) => `<c r="${ref}" t="s"><v>${s}</v></c>`;
const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>
  <row r="1">${cell('A1', 0)}${cell('B1', 1)}${cell('C1', 2)}${cell('D1', 3)}</row>
  <row r="2"><c r="A2"><v>4</v></c>${cell('B2', 4)}${cell('C2', 7)}</row>
  <row r="3"><c r="A3"><v>1273</v></c>${cell('B3', 5)}${cell('C3', 6)}<c r="D3"><v>4</v></c></row>
  <row r="4"><c r="A4" t="inlineStr"><is><t>01279</t></is></c>${cell('B4', 8)}${cell('C4', 6)}<c r="D4" t="str"><v>04</v></c></row>
</sheetData></worksheet>`;
const book = zip({
  '[Content_Types].xml': '<Types/>',
  'xl/sharedStrings.xml': `<sst>${shared.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`,
  'xl/worksheets/sheet1.xml': sheet,
});

describe('XLSX unit lists', () => {
  it('reads the first worksheet: shared strings, inline strings, numbers, entities', () => {
    expect(readXlsxRows(book)).toEqual([
      ['Mã', 'Tên', 'Cấp', 'Mã tỉnh'],
      ['4', 'Tỉnh Cao Bằng', 'Tỉnh'],
      ['1273', 'Phường Thục Phán', 'Xã', '4'],
      ['01279', 'Xã Hưng & Đạo', 'Xã', '04'],
    ]);
  });
  it('restores the leading zeros that Excel drops from codes stored as numbers', () => {
    const { units, errors } = readUnitList(readXlsxRows(book));
    expect(errors).toEqual([]);
    expect(units.map((u) => [u.code, u.level, u.parentCode])).toEqual([
      ['04', 'province', null], ['01273', 'commune', '04'], ['01279', 'commune', '04'],
    ]);
  });
  it('refuses a file that is not a ZIP', () => {
    expect(() => readXlsxRows(Buffer.from('code,name\n04,Tỉnh Cao Bằng'))).toThrow(/ZIP/);
  });
});
