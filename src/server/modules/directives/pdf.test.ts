// PDF text, best effort: uncompressed and Flate content streams, Tj/TJ/'/" operators, WinAnsi strings, a
// Type0 font with a ToUnicode map (Vietnamese, as Word writes it) inside an object stream, and a scan with no
// text layer, said as such. Also the file-type detection and text decoding of attachments.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readPdfText } from './pdf.ts';
import { extractText } from './registry.extract.ts';
import { renderDraftDocx } from './drafting.render.ts';
import { SAMPLE_DRAFT } from './drafting.sample.ts';

/** A minimal PDF: numbered objects (dictionary, optional stream), an xref table, a trailer. */
function pdf(objects: { dict: string; stream?: Buffer | string }[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let size = parts[0]!.length;
  objects.forEach((o, i) => {
    offsets.push(size);
    const stream = o.stream === undefined ? null : Buffer.isBuffer(o.stream) ? o.stream : Buffer.from(o.stream, 'latin1');
    const dict = stream ? o.dict.replace(/>>\s*$/, ` /Length ${stream.length} >>`) : o.dict;
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n${dict}\n`, 'latin1'),
      ...(stream ? [Buffer.from('stream\n'), stream, Buffer.from('\nendstream\n')] : []),
      Buffer.from('endobj\n'),
    ]);
    parts.push(chunk);
    size += chunk.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${size}\n%%EOF\n`));
  return Buffer.concat(parts);
}

const catalog = (pages: string) => [{ dict: '<< /Type /Catalog /Pages 2 0 R >>' }, { dict: `<< /Type /Pages /Kids [${pages}] /Count 1 >>` }];

describe('PDF text', () => {
  it('reads Tj, TJ and line moves of an uncompressed page (WinAnsi)', () => {
    const content = 'BT /F1 12 Tf 72 720 Td (Ban Chi dao phong chong dich) Tj 0 -14 Td [(Cong) -300 (van) 120 (so) -250 (12\\051)] TJ T* (Line \\(three\\)) Tj ET';
    const file = pdf([
      ...catalog('3 0 R'),
      { dict: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>' },
      { dict: '<< >>', stream: content },
      { dict: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>' },
    ]);
    const r = readPdfText(file);
    expect(r).toMatchObject({ status: 'ok', pages: 1, note: null });
    expect(r.text).toBe('Ban Chi dao phong chong dich\nCong vanso 12)\nLine (three)'); // a small positive kern is no word gap
  });

  it('reads Vietnamese from a Flate-compressed page through a Type0 font\'s ToUnicode map kept in an object stream', () => {
    // Glyph codes 1..n stand for the letters of the text; the CMap maps them back (bfchar and bfrange).
    const words = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];
    const chars = [...new Set(words.join(''))];
    const code = (ch: string) => chars.indexOf(ch) + 1;
    const hex = (s: string) => [...s].map((ch) => code(ch).toString(16).padStart(4, '0')).join('');
    const u16 = (ch: string) => ch.charCodeAt(0).toString(16).padStart(4, '0');
    const [first, ...rest] = chars;
    const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def
1 begincodespacerange <0000> <FFFF> endcodespacerange
1 beginbfrange <0001> <0001> <${u16(first!)}> endbfrange
${rest.length} beginbfchar
${rest.map((ch) => `<${code(ch).toString(16).padStart(4, '0')}> <${u16(ch)}>`).join('\n')}
endbfchar endcmap CMapName currentdict /CMap defineresource pop end end`;
    const content = zlib.deflateSync(Buffer.from(`BT /F2 13 Tf 1 0 0 1 100 800 Tm <${hex(words[0]!)}> Tj 1 0 0 1 100 780 Tm [<${hex(words[1]!)}>] TJ ET`, 'latin1'));
    const fontDict = '<< /Type /Font /Subtype /Type0 /BaseFont /TimesNewRomanPSMT /Encoding /Identity-H /ToUnicode 6 0 R >>';
    const objStm = `7 0 ${fontDict}`;
    const file = pdf([
      ...catalog('3 0 R'),
      { dict: '<< /Type /Page /Parent 2 0 R /Resources << /Font << /F2 7 0 R >> >> /Contents 4 0 R >>' },
      { dict: '<< /Filter /FlateDecode >>', stream: content },
      { dict: `<< /Type /ObjStm /N 1 /First ${'7 0 '.length} /Filter /FlateDecode >>`, stream: zlib.deflateSync(Buffer.from(objStm, 'latin1')) },
      { dict: '<< /Filter /FlateDecode >>', stream: zlib.deflateSync(Buffer.from(cmap, 'latin1')) },
    ]);
    const r = readPdfText(file);
    expect(r.status).toBe('ok');
    expect(r.text).toBe(words.join('\n'));
  });

  it('says a scanned PDF has no text layer rather than returning empty text', () => {
    const file = pdf([
      ...catalog('3 0 R'),
      { dict: '<< /Type /Page /Parent 2 0 R /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>' },
      { dict: '<< >>', stream: 'q 595 0 0 842 0 0 cm /Im1 Do Q' },
      { dict: '<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode >>', stream: Buffer.from([0xff, 0xd8, 0xff, 0xd9]) },
    ]);
    const r = readPdfText(file);
    expect(r).toMatchObject({ status: 'no_text_layer', text: '', pages: 1 });
    expect(r.note).toMatch(/no text layer.*OCR/);
    expect(extractText('scan.pdf', file)).toMatchObject({ kind: 'pdf', status: 'no_text_layer' });
  });

  it('reports glyph codes without a Unicode map as partial, and other files as unsupported', () => {
    const file = pdf([
      ...catalog('3 0 R'),
      { dict: '<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>' },
      { dict: '<< >>', stream: 'BT /F1 12 Tf <00410042> Tj ET' },
      { dict: '<< /Type /Font /Subtype /Type0 /Encoding /Identity-H >>' },
    ]);
    expect(readPdfText(file).status).toBe('partial');
    expect(readPdfText(Buffer.from('hello')).status).toBe('unsupported');
  });
});

describe('attachment text', () => {
  it('recognises the file by its content and decodes text files', () => {
    expect(extractText('a.txt', Buffer.from('\ufeffCỘNG HÒA\r\nXÃ HỘI', 'utf8'))).toMatchObject({ kind: 'txt', text: 'CỘNG HÒA\nXÃ HỘI', status: 'ok' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Sở Y tế', 'utf16le')]);
    expect(extractText('b.txt', utf16).text).toBe('Sở Y tế');
    // Decomposed input (NFD) is stored composed.
    expect(extractText('c.txt', Buffer.from('Hòa'.normalize('NFD'))).text).toBe('Hòa');
    expect(extractText('d.txt', Buffer.from('   ')).status).toBe('empty');
    const docx = renderDraftDocx(SAMPLE_DRAFT, { number: 3, date: '2020-08-05' });
    const r = extractText('cong-van.bin', docx);
    expect(r).toMatchObject({ kind: 'docx', status: 'ok' });
    expect(r.text).toContain('Số: 03/UBND-VX');
    const doc = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]);
    expect(extractText('old.doc', doc)).toMatchObject({ status: 'unsupported', mediaType: 'application/msword' });
    expect(extractText('x.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]))).toMatchObject({ status: 'unsupported' });
  });
});
