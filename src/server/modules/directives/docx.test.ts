// DOCX: the ZIP writer and reader, the Decree 30 layout of a drafted directive read back by our own DOCX
// reader (every component present, in order), the parser reading the generated document, and the reader on
// Word features it must not lose (automatic numbering, tabs, tracked deletions).
import { describe, expect, it } from 'vitest';
import type { DraftContent } from '../../../contracts/directives.documents.ts';
import { DocxError, readDocxText, writeDocx } from './docx.ts';
import { crc32, readZip, writeZip, ZipError } from '../../platform/zip.ts';
import { draftBlocks, issuerLines, itemText, longDate, MOTTO, NATIONAL_TITLE, renderDraftDocx } from './drafting.render.ts';
import { parseDirective } from './parse.ts';
import { SAMPLE_DRAFT } from './drafting.sample.ts';


describe('ZIP', () => {
  it('writes entries that it and the CRC check read back, stored or deflated', () => {
    const big = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n'.repeat(200);
    const zip = writeZip([{ name: 'a.txt', data: big }, { name: 'thư mục/ß.bin', data: Buffer.from([1, 2, 3]) }]);
    const files = readZip(zip);
    expect(files.get('a.txt')!.toString('utf8')).toBe(big);
    expect([...files.get('thư mục/ß.bin')!]).toEqual([1, 2, 3]);
    expect(zip.length).toBeLessThan(big.length / 4); // deflated
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
  it('refuses what is not a ZIP, and a corrupt entry', () => {
    expect(() => readZip(Buffer.from('not a zip at all, just text'))).toThrow(ZipError);
    const zip = writeZip([{ name: 'x.txt', data: Buffer.from('hello hello hello hello') }]);
    const bad = Buffer.from(zip);
    bad[35] = bad[35]! ^ 0xff; // a byte of the entry's data
    expect(() => readZip(bad)).toThrow(ZipError);
  });
});

describe('a drafted directive as DOCX (Decree 30/2020/NĐ-CP layout)', () => {
  const docx = renderDraftDocx(SAMPLE_DRAFT, { number: 5, date: '2020-08-05' });
  const text = readDocxText(docx);
  const xml = readZip(docx).get('word/document.xml')!.toString('utf8');

  it('is a DOCX package Word opens: content types, relationships, document, styles, properties', () => {
    const files = readZip(docx);
    for (const part of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/_rels/document.xml.rels', 'word/styles.xml', 'word/settings.xml', 'docProps/core.xml']) {
      expect(files.has(part), part).toBe(true);
    }
    expect(files.get('[Content_Types].xml')!.toString()).toContain('wordprocessingml.document.main+xml');
    const styles = files.get('word/styles.xml')!.toString();
    expect(styles).toContain('w:ascii="Times New Roman"');
    expect(styles).toContain('<w:sz w:val="28"/>'); // 14 pt body
    expect(styles).toContain('w:val="vi-VN"');
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"/>'); // A4
    expect(files.get('docProps/core.xml')!.toString()).toContain('05/UBND-VX');
  });

  it('holds every component, read back by our DOCX reader, in the order of the layout', () => {
    const components = [
      'ỦY BAN NHÂN DÂN', 'TỈNH CAO BẰNG', // b) issuer
      NATIONAL_TITLE, MOTTO, // a) national title and motto
      'Số: 05/UBND-VX', // c) number and symbol
      'V/v tăng cường xét nghiệm và truy vết các trường hợp F1', // đ) subject of a công văn
      'Cao Bằng, ngày 05 tháng 8 năm 2020', // d) place and date
      'Kính gửi:', '- Các Sở, ban, ngành tỉnh;', '- Ủy ban nhân dân các huyện, thành phố.',
      'Thực hiện ý kiến chỉ đạo', // e) content
      '1. Giao Sở Y tế chủ trì, phối hợp với Công an tỉnh tổ chức xét nghiệm cho toàn bộ các trường hợp F1 trên địa bàn. Thời hạn hoàn thành trước ngày 15/08/2020.',
      '2. Sở Thông tin và Truyền thông đẩy mạnh cài đặt ứng dụng Bluezone.',
      '3. Giao Bộ Chỉ huy Quân sự tỉnh chủ trì, phối hợp với UBND các huyện, thành phố rà soát',
      'nghiêm túc triển khai thực hiện./.',
      'Nơi nhận:', '- Như trên;', '- Văn phòng Chính phủ (b/c);', '- Thường trực Tỉnh ủy (b/c);', '- Lưu: VT, VX.', // i) recipients
      'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Lê Hải Hòa', // g) authority, title, name
    ];
    let at = -1;
    for (const c of components) {
      const i = text.indexOf(c, at + 1);
      expect(i, `"${c}" after position ${at} in:\n${text}`).toBeGreaterThan(at);
      at = i;
    }
  });

  it('lays the header and the signature block out as two-column borderless tables, Times New Roman 13-14 pt', () => {
    const tables = xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
    expect(tables).toHaveLength(2);
    for (const t of tables) {
      expect(t.match(/<w:gridCol /g)).toHaveLength(2);
      expect(t).toContain('<w:top w:val="nil"/>');
    }
    expect(tables[0]).toContain(NATIONAL_TITLE);
    expect(tables[0]).toContain('Số: 05/UBND-VX');
    expect(tables[1]).toContain('Nơi nhận:');
    expect(tables[1]).toContain('PHÓ CHỦ TỊCH');
    // The issuer name bold 13 pt, the motto bold 14 pt, place and date italic 14 pt, with rules under the headings.
    expect(xml).toMatch(/<w:b\/><w:bCs\/><w:sz w:val="26"\/><w:szCs w:val="26"\/><\/w:rPr><w:t xml:space="preserve">ỦY BAN NHÂN DÂN</);
    expect(xml).toMatch(/<w:b\/><w:bCs\/><w:sz w:val="28"\/><w:szCs w:val="28"\/><\/w:rPr><w:t xml:space="preserve">Độc lập - Tự do - Hạnh phúc</);
    expect(xml).toMatch(/<w:i\/><w:iCs\/><w:sz w:val="28"\/><w:szCs w:val="28"\/><\/w:rPr><w:t xml:space="preserve">Cao Bằng, ngày 05/);
    expect(xml.match(/<w:pBdr><w:top w:val="single"/g)!.length).toBeGreaterThanOrEqual(2);
  });

  it('is read by the directive parser as the document it is: metadata, references, signer, tasks', () => {
    const p = parseDirective(text);
    expect(p).toMatchObject({
      issuer: 'Ủy ban nhân dân tỉnh Cao Bằng', number: '05/UBND-VX', doc_type: 'Công văn', place: 'Cao Bằng', date: '2020-08-05',
      subject: 'V/v tăng cường xét nghiệm và truy vết các trường hợp F1',
      references: [{ number: '272/TB-VPCP', date: '2020-08-03', issuer: 'Văn phòng Chính phủ' }],
      recipients: ['Các Sở, ban, ngành tỉnh', 'Ủy ban nhân dân các huyện, thành phố'],
      signer: { name: 'Lê Hải Hòa', title: 'Phó Chủ tịch', authority: 'KT. Chủ tịch' },
    });
    expect(p.tasks.map((t) => [t.item, t.lead, t.support, t.deadline])).toEqual([
      ['1', ['Sở Y tế'], ['Công an tỉnh'], '2020-08-15'],
      ['2', ['Sở Thông tin và Truyền thông'], [], null],
      ['3', ['Bộ Chỉ huy Quân sự tỉnh'], ['UBND các huyện, thành phố'], '2020-08-20'],
    ]);
  });

  it('leaves the number and day blank in a draft for signing', () => {
    const draft = readDocxText(renderDraftDocx(SAMPLE_DRAFT, { number: null, date: null }));
    expect(draft).toContain('Số: …/UBND-VX');
    expect(draft).toContain('Cao Bằng, ngày … tháng … năm …');
    expect(parseDirective(draft)).toMatchObject({ number: null, date: null });
  });

  it('prints a typed document with its type name and subject, the parent body and a collective authority', () => {
    const chiThi: DraftContent = {
      ...SAMPLE_DRAFT, docType: 'Chỉ thị', symbolSuffix: 'CT-UBND', subject: 'Về tăng cường các biện pháp phòng, chống dịch COVID-19',
      parentName: null, recipients: [], signer: { authority: 'TM. Ủy ban nhân dân; KT. Chủ tịch', title: 'Phó Chủ tịch', name: 'Đỗ Thị Minh Hoa' },
    };
    const t = readDocxText(renderDraftDocx(chiThi, { number: 12, date: '2021-02-01' }));
    expect(t).toContain('Số: 12/CT-UBND');
    expect(t).toContain('Cao Bằng, ngày 01 tháng 02 năm 2021');
    expect(t).toMatch(/\nCHỈ THỊ\nVề tăng cường các biện pháp phòng, chống dịch COVID-19\n/);
    expect(t).not.toContain('V/v');
    expect(t).not.toContain('Kính gửi');
    expect(t).not.toContain('Như trên');
    expect(t).toMatch(/TM\. ỦY BAN NHÂN DÂN\nKT\. CHỦ TỊCH\nPHÓ CHỦ TỊCH/);
    const p = parseDirective(t);
    expect(p).toMatchObject({ doc_type: 'Chỉ thị', number: '12/CT-UBND', signer: { authority: 'TM. Ủy ban nhân dân; KT. Chủ tịch', name: 'Đỗ Thị Minh Hoa' } });
    const bcd = draftBlocks({ ...chiThi, issuerName: 'Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh', parentName: 'UBND tỉnh Cao Bằng' }, { number: 1, date: '2021-02-01' });
    const header = JSON.stringify(bcd[0]);
    expect(header.indexOf('UBND TỈNH CAO BẰNG')).toBeLessThan(header.indexOf('BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19 TỈNH'));
  });

  it('writes dates and names the Decree 30 way', () => {
    expect(longDate('2021-02-05')).toBe('ngày 05 tháng 02 năm 2021');
    expect(longDate('2020-08-03')).toBe('ngày 03 tháng 8 năm 2020');
    expect(longDate('2020-12-25')).toBe('ngày 25 tháng 12 năm 2020');
    expect(issuerLines('Ủy ban nhân dân tỉnh Lạng Sơn')).toEqual(['ỦY BAN NHÂN DÂN', 'TỈNH LẠNG SƠN']);
    expect(issuerLines('Sở Y tế')).toEqual(['SỞ Y TẾ']);
    expect(itemText({ text: 'Sở Y tế báo cáo kết quả', lead: [{ name: 'Sở Y tế' }], support: [], deadline: null })).toBe('Sở Y tế báo cáo kết quả.');
  });
});

describe('reading DOCX files made elsewhere', () => {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const make = (body: string, numbering?: string) => writeZip([
    { name: '[Content_Types].xml', data: '<Types/>' },
    { name: 'word/document.xml', data: `<?xml version="1.0"?><w:document ${W}><w:body>${body}</w:body></w:document>` },
    ...(numbering ? [{ name: 'word/numbering.xml', data: `<?xml version="1.0"?><w:numbering ${W}>${numbering}</w:numbering>` }] : []),
  ]);
  const numbered = (id: number, lvl: number, text: string) =>
    `<w:p><w:pPr><w:numPr><w:ilvl w:val="${lvl}"/><w:numId w:val="${id}"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;

  it('writes automatic numbering out as the labels Word shows', () => {
    const numbering = `<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>`
      + `<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>`
      + `<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl></w:abstractNum>`
      + `<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>`
      + `<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>`;
    const body = [
      numbered(3, 0, 'NHIỆM VỤ'), numbered(1, 0, 'Sở Y tế chủ trì'), numbered(1, 1, 'Xét nghiệm'), numbered(1, 1, 'Cách ly'),
      numbered(2, 0, 'gạch đầu dòng'), numbered(1, 0, 'Công an tỉnh'), numbered(1, 1, 'Tuần tra'), numbered(3, 0, 'TỔ CHỨC'),
    ].join('');
    expect(readDocxText(make(body, numbering)).split('\n')).toEqual([
      'I. NHIỆM VỤ', '1. Sở Y tế chủ trì', 'a) Xét nghiệm', 'b) Cách ly', '- gạch đầu dòng', '2. Công an tỉnh', 'a) Tuần tra', 'II. TỔ CHỨC',
    ]);
  });

  it('keeps tabs, breaks and table cells, drops tracked deletions and field codes, decodes entities', () => {
    const body = '<w:p><w:r><w:t>Số: 12</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">Cao Bằng &amp; </w:t></w:r>'
      + '<w:del w:id="1"><w:r><w:delText>đã xoá</w:delText></w:r></w:del><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>ngày</w:t><w:br/><w:t>&#7843;</w:t></w:r></w:p>'
      + '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>Sau</w:t></w:r></w:p>';
    expect(readDocxText(make(body))).toBe('Số: 12\tCao Bằng & ngày\nả\nA\nB\n\nSau');
  });

  it('refuses files that are not DOCX', () => {
    expect(() => readDocxText(Buffer.from('%PDF-1.4 …'))).toThrow(DocxError);
    expect(() => readDocxText(writeZip([{ name: 'x.txt', data: 'x' }]))).toThrow(/word\/document\.xml/);
    expect(writeDocx({ blocks: [] }).length).toBeGreaterThan(500);
  });
});
