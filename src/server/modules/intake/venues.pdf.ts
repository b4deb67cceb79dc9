// A minimal PDF 1.4 writer for the venue poster: one page, filled rectangles (the QR code) and centred lines of
// text. No dependency: a TrueType font with Vietnamese glyphs found on the machine is embedded as the subset of
// the glyphs used (CIDFontType2, Identity-H, deflated, with a ToUnicode map so the text can be searched and
// copied); without one the text falls back to Helvetica without diacritics (the PDF core fonts have no
// Vietnamese letters), and the SVG poster stays the faithful version.
import fs from 'node:fs';
import zlib from 'node:zlib';

export type PdfText = { text: string; x: number; y: number; size: number; bold?: boolean; align?: 'center' | 'left' };
export type PdfRect = { x: number; y: number; w: number; h: number };
/** Page content in points, origin at the top left (converted to PDF's bottom-left here). */
export type PdfPage = { width: number; height: number; rects: PdfRect[]; texts: PdfText[]; strokeRects?: PdfRect[] };

export type Ttf = {
  name: string; data: Buffer; unitsPerEm: number; bbox: [number, number, number, number]; ascent: number; descent: number;
  capHeight: number; glyphOf: (cp: number) => number; advance: (gid: number) => number;
};

const FONT_CANDIDATES: ReadonlyArray<[regular: string, bold: string]> = [
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
  ['/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf'],
  ['/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf'],
  ['/usr/share/fonts/truetype/freefont/FreeSans.ttf', '/usr/share/fonts/truetype/freefont/FreeSansBold.ttf'],
  ['/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf'],
  ['/Library/Fonts/Arial Unicode.ttf', '/Library/Fonts/Arial Unicode.ttf'],
  ['C:\\Windows\\Fonts\\arial.ttf', 'C:\\Windows\\Fonts\\arialbd.ttf'],
];

/** Parses the few TrueType tables a PDF needs. Null when the file is not a usable TrueType font. */
export function parseTtf(data: Buffer, name: string): Ttf | null {
  try {
    if (data.length < 12) return null;
    const version = data.readUInt32BE(0);
    if (version !== 0x00010000 && version !== 0x74727565) return null; // TrueType outlines only (not CFF, not collections)
    const tables = new Map<string, { offset: number; length: number }>();
    const n = data.readUInt16BE(4);
    for (let i = 0; i < n; i++) {
      const r = 12 + i * 16;
      tables.set(data.toString('latin1', r, r + 4), { offset: data.readUInt32BE(r + 8), length: data.readUInt32BE(r + 12) });
    }
    const head = tables.get('head'), hhea = tables.get('hhea'), hmtx = tables.get('hmtx'), cmap = tables.get('cmap'), maxp = tables.get('maxp');
    if (!head || !hhea || !hmtx || !cmap || !maxp || !tables.get('glyf')) return null;
    const unitsPerEm = data.readUInt16BE(head.offset + 18);
    const bbox: [number, number, number, number] = [data.readInt16BE(head.offset + 36), data.readInt16BE(head.offset + 38), data.readInt16BE(head.offset + 40), data.readInt16BE(head.offset + 42)];
    const ascent = data.readInt16BE(hhea.offset + 4);
    const descent = data.readInt16BE(hhea.offset + 6);
    const numberOfHMetrics = data.readUInt16BE(hhea.offset + 34);
    const numGlyphs = data.readUInt16BE(maxp.offset + 4);
    const os2 = tables.get('OS/2');
    const capHeight = os2 && os2.length >= 90 && data.readUInt16BE(os2.offset) >= 2 ? data.readInt16BE(os2.offset + 88) : Math.round(ascent * 0.7);
    const advance = (gid: number) => data.readUInt16BE(hmtx.offset + 4 * Math.min(gid, numberOfHMetrics - 1));

    let glyphOf: ((cp: number) => number) | null = null;
    const subtables = data.readUInt16BE(cmap.offset + 2);
    const candidates: Array<{ p: number; e: number; off: number }> = [];
    for (let i = 0; i < subtables; i++) {
      const r = cmap.offset + 4 + i * 8;
      candidates.push({ p: data.readUInt16BE(r), e: data.readUInt16BE(r + 2), off: cmap.offset + data.readUInt32BE(r + 4) });
    }
    const pick = (p: number, e: number) => candidates.find((c) => c.p === p && c.e === e);
    const f12 = pick(3, 10) ?? pick(0, 4) ?? pick(0, 6);
    const f4 = pick(3, 1) ?? pick(0, 3) ?? pick(0, 1) ?? pick(0, 0);
    if (f12 && data.readUInt16BE(f12.off) === 12) {
      const groups = data.readUInt32BE(f12.off + 12);
      const base = f12.off + 16;
      glyphOf = (cp) => {
        let lo = 0, hi = groups - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const r = base + mid * 12;
          const start = data.readUInt32BE(r), end = data.readUInt32BE(r + 4);
          if (cp < start) hi = mid - 1;
          else if (cp > end) lo = mid + 1;
          else return data.readUInt32BE(r + 8) + (cp - start);
        }
        return 0;
      };
    } else if (f4 && data.readUInt16BE(f4.off) === 4) {
      const o = f4.off;
      const segX2 = data.readUInt16BE(o + 6);
      const ends = o + 14, starts = ends + segX2 + 2, deltas = starts + segX2, ranges = deltas + segX2;
      glyphOf = (cp) => {
        if (cp > 0xffff) return 0;
        for (let i = 0; i < segX2; i += 2) {
          if (data.readUInt16BE(ends + i) < cp) continue;
          const start = data.readUInt16BE(starts + i);
          if (cp < start) return 0;
          const delta = data.readInt16BE(deltas + i);
          const ro = data.readUInt16BE(ranges + i);
          if (ro === 0) return (cp + delta) & 0xffff;
          const g = data.readUInt16BE(ranges + i + ro + 2 * (cp - start));
          return g === 0 ? 0 : (g + delta) & 0xffff;
        }
        return 0;
      };
    }
    if (!glyphOf) return null;
    const lookup = glyphOf;
    return { name, data, unitsPerEm, bbox, ascent, descent, capHeight, glyphOf: (cp) => { const g = lookup(cp); return g < numGlyphs ? g : 0; }, advance };
  } catch {
    return null;
  }
}


const TABLES_DROPPED = new Set(['GSUB', 'GPOS', 'GDEF', 'kern', 'hdmx', 'VDMX', 'LTSH', 'DSIG', 'FFTM', 'PCLT', 'gasp', 'BASE', 'JSTF', 'MATH']);

/** The font with only the glyphs in `keep` (and the components of composite glyphs) left in its glyf table;
 * layout tables a PDF viewer never reads are dropped. Glyph ids do not change, so text stays Identity-H encoded.
 * A whole DejaVu Sans is 750 kB; a poster's subset is a few kilobytes. */
export function subsetTtf(data: Buffer, keep: ReadonlySet<number>): Buffer {
  const tables = new Map<string, Buffer>();
  const n = data.readUInt16BE(4);
  for (let i = 0; i < n; i++) {
    const r = 12 + i * 16;
    const tag = data.toString('latin1', r, r + 4);
    const off = data.readUInt32BE(r + 8);
    tables.set(tag, data.subarray(off, off + data.readUInt32BE(r + 12)));
  }
  const head = Buffer.from(tables.get('head')!);
  const glyf = tables.get('glyf')!;
  const loca = tables.get('loca')!;
  const numGlyphs = tables.get('maxp')!.readUInt16BE(4);
  const long = head.readInt16BE(50) === 1;
  const at = (g: number) => (long ? loca.readUInt32BE(g * 4) : loca.readUInt16BE(g * 2) * 2);
  const glyph = (g: number) => glyf.subarray(at(g), at(g + 1));
  const wanted = new Set<number>([0]);
  const stack = [...keep].filter((g) => g < numGlyphs);
  while (stack.length) {
    const g = stack.pop()!;
    if (wanted.has(g) && g !== 0) continue;
    wanted.add(g);
    const b = glyph(g);
    if (b.length < 10 || b.readInt16BE(0) >= 0) continue;
    for (let o = 10; ;) {
      const flags = b.readUInt16BE(o);
      const comp = b.readUInt16BE(o + 2);
      if (!wanted.has(comp)) stack.push(comp);
      o += 4 + (flags & 1 ? 4 : 2) + (flags & 8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
      if (!(flags & 0x20)) break;
    }
  }
  const parts: Buffer[] = [];
  const newLoca = Buffer.alloc((numGlyphs + 1) * 4);
  let size = 0;
  for (let g = 0; g < numGlyphs; g++) {
    newLoca.writeUInt32BE(size, g * 4);
    if (!wanted.has(g)) continue;
    const b = glyph(g);
    const padded = Buffer.alloc((b.length + 3) & ~3);
    b.copy(padded);
    parts.push(padded);
    size += padded.length;
  }
  newLoca.writeUInt32BE(size, numGlyphs * 4);
  head.writeInt16BE(1, 50);
  head.writeUInt32BE(0, 8);
  tables.set('head', head);
  tables.set('glyf', Buffer.concat(parts));
  tables.set('loca', newLoca);
  const post = tables.get('post');
  if (post && post.length >= 32) {
    const p3 = Buffer.from(post.subarray(0, 32));
    p3.writeUInt32BE(0x00030000, 0);
    tables.set('post', p3);
  }
  for (const t of TABLES_DROPPED) tables.delete(t);

  const tags = [...tables.keys()].sort();
  const count = tags.length;
  const pow = 2 ** Math.floor(Math.log2(count));
  const dir = Buffer.alloc(12 + count * 16);
  dir.writeUInt32BE(0x00010000, 0);
  dir.writeUInt16BE(count, 4);
  dir.writeUInt16BE(pow * 16, 6);
  dir.writeUInt16BE(Math.log2(pow), 8);
  dir.writeUInt16BE(count * 16 - pow * 16, 10);
  const checksum = (b: Buffer) => {
    let sum = 0;
    const padded = b.length % 4 ? Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]) : b;
    for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
    return sum;
  };
  const bodies: Buffer[] = [];
  let offset = dir.length;
  tags.forEach((tag, i) => {
    const b = tables.get(tag)!;
    const r = 12 + i * 16;
    dir.write(tag, r, 'latin1');
    dir.writeUInt32BE(checksum(b), r + 4);
    dir.writeUInt32BE(offset, r + 8);
    dir.writeUInt32BE(b.length, r + 12);
    const padded = Buffer.alloc((b.length + 3) & ~3);
    b.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  const font = Buffer.concat([dir, ...bodies]);
  const headAt = font.readUInt32BE(12 + tags.indexOf('head') * 16 + 8);
  font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headAt + 8);
  return font;
}

let fontCache: { regular: Ttf; bold: Ttf } | null | undefined;

/** The first font pair on this machine that has every Vietnamese letter. */
export function systemFonts(): { regular: Ttf; bold: Ttf } | null {
  if (fontCache !== undefined) return fontCache;
  const probe = 'ĂăÂâĐđÊêÔôƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ';
  fontCache = null;
  for (const [r, b] of FONT_CANDIDATES) {
    try {
      if (!fs.existsSync(r)) continue;
      const regular = parseTtf(fs.readFileSync(r), baseName(r));
      const bold = fs.existsSync(b) ? parseTtf(fs.readFileSync(b), baseName(b)) : regular;
      if (!regular || !bold) continue;
      if ([...probe].every((ch) => regular.glyphOf(ch.codePointAt(0)!) && bold.glyphOf(ch.codePointAt(0)!))) {
        fontCache = { regular, bold };
        break;
      }
    } catch { /* unreadable: try the next */ }
  }
  return fontCache;
}

const baseName = (p: string) => p.replace(/^.*[\\/]/, '').replace(/\.ttf$/i, '').replace(/[^A-Za-z0-9-]/g, '') || 'Font';

// Helvetica advance widths (1/1000 em) for ASCII 32..126, from the core font metrics.
const HELV = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584];

/** Vietnamese text without diacritics, printable ASCII only (for the core-font fallback). */
export function asciiFold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
    .replace(/[«»“”„]/g, '"').replace(/[‘’]/g, "'").replace(/…/g, '...').replace(/[–—]/g, '-').replace(/·/g, '-').replace(/[^\x20-\x7e]/g, '?');
}

const num = (x: number) => (Math.round(x * 100) / 100).toString();
const pdfString = (s: string) => `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
const utf16Hex = (s: string) => `<FEFF${[...Buffer.from(s, 'utf16le').swap16()].map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase()}>`;

type FontUse = { ttf: Ttf; used: Map<number, number> };

/** `fonts`: the TrueType pair to embed (default: found on this machine); null forces the core-font fallback. */
export function renderPdf(page: PdfPage, title: string, fonts: { regular: Ttf; bold: Ttf } | null = systemFonts()): Buffer {
  const uses: Record<'F1' | 'F2', FontUse | null> = fonts
    ? { F1: { ttf: fonts.regular, used: new Map() }, F2: { ttf: fonts.bold, used: new Map() } }
    : { F1: null, F2: null };

  const ops: string[] = [];
  ops.push('1 1 1 rg', `0 0 ${num(page.width)} ${num(page.height)} re f`);
  if (page.strokeRects?.length) {
    ops.push('0 0 0 RG', '0.8 w');
    for (const r of page.strokeRects) ops.push(`${num(r.x)} ${num(page.height - r.y - r.h)} ${num(r.w)} ${num(r.h)} re S`);
  }
  ops.push('0 0 0 rg');
  for (const r of page.rects) ops.push(`${num(r.x)} ${num(page.height - r.y - r.h)} ${num(r.w)} ${num(r.h)} re`);
  if (page.rects.length) ops.push('f');
  for (const t of page.texts) {
    const key = t.bold ? 'F2' : 'F1';
    const use = uses[key];
    let shown: string;
    let width: number;
    if (use) {
      const gids = [...t.text.normalize('NFC')].map((ch) => {
        const cp = ch.codePointAt(0)!;
        const g = use.ttf.glyphOf(cp);
        if (g) use.used.set(g, cp);
        return g;
      });
      width = gids.reduce((a, g) => a + use.ttf.advance(g), 0) / use.ttf.unitsPerEm * t.size;
      shown = `<${gids.map((g) => g.toString(16).padStart(4, '0')).join('')}>`;
    } else {
      const text = asciiFold(t.text);
      width = [...text].reduce((a, ch) => a + (HELV[ch.charCodeAt(0) - 32] ?? 556), 0) / 1000 * t.size;
      shown = pdfString(text);
    }
    const x = t.align === 'left' ? t.x : t.x - width / 2;
    ops.push(`BT /${key} ${num(t.size)} Tf ${num(x)} ${num(page.height - t.y)} Td ${shown} Tj ET`);
  }

  const objects: Array<string | Buffer> = [];
  const add = (o: string | Buffer) => { objects.push(o); return objects.length; };
  const stream = (dict: string, body: Buffer, deflate = true) => {
    const data = deflate ? zlib.deflateSync(body) : body;
    return Buffer.concat([Buffer.from(`<< ${dict}${deflate ? ' /Filter /FlateDecode' : ''} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
  };

  const catalog = add('');
  const pages = add('');
  const pageObj = add('');
  const content = add(stream('', Buffer.from(ops.join('\n'), 'latin1')));
  const fontRefs: string[] = [];
  for (const key of ['F1', 'F2'] as const) {
    const use = uses[key];
    if (!use) {
      const ref = add(`<< /Type /Font /Subtype /Type1 /BaseFont /${key === 'F2' ? 'Helvetica-Bold' : 'Helvetica'} /Encoding /WinAnsiEncoding >>`);
      fontRefs.push(`/${key} ${ref} 0 R`);
      continue;
    }
    const f = use.ttf;
    const scale = (v: number) => Math.round((v * 1000) / f.unitsPerEm);
    const subset = subsetTtf(f.data, new Set(use.used.keys()));
    // A subset font's name carries a six-letter tag (PDF 1.4, 5.5.3).
    const fontName = `${key === 'F1' ? 'PDAAAA' : 'PDAAAB'}+${f.name}`;
    const file = add(stream(`/Length1 ${subset.length}`, subset));
    const descriptor = add(`<< /Type /FontDescriptor /FontName /${fontName} /Flags 32 /FontBBox [${f.bbox.map(scale).join(' ')}] /ItalicAngle 0 /Ascent ${scale(f.ascent)} /Descent ${scale(f.descent)} /CapHeight ${scale(f.capHeight)} /StemV 80 /FontFile2 ${file} 0 R >>`);
    const gids = [...use.used.keys()].sort((a, b) => a - b);
    const widths = gids.map((g) => `${g} [${scale(f.advance(g))}]`).join(' ');
    const cid = add(`<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${fontName} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /W [${widths}] /CIDToGIDMap /Identity >>`);
    const bf = gids.map((g) => `<${g.toString(16).padStart(4, '0')}> <${Buffer.from(String.fromCodePoint(use.used.get(g)!), 'utf16le').swap16().toString('hex')}>`);
    const cmapLines = ['/CIDInit /ProcSet findresource begin', '12 dict begin', 'begincmap', '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
      '/CMapName /Adobe-Identity-UCS def', '/CMapType 2 def', '1 begincodespacerange', '<0000> <FFFF>', 'endcodespacerange'];
    for (let i = 0; i < bf.length; i += 100) cmapLines.push(`${Math.min(100, bf.length - i)} beginbfchar`, ...bf.slice(i, i + 100), 'endbfchar');
    cmapLines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end');
    const toUnicode = add(stream('', Buffer.from(cmapLines.join('\n'), 'latin1')));
    const ref = add(`<< /Type /Font /Subtype /Type0 /BaseFont /${fontName} /Encoding /Identity-H /DescendantFonts [${cid} 0 R] /ToUnicode ${toUnicode} 0 R >>`);
    fontRefs.push(`/${key} ${ref} 0 R`);
  }
  const info = add(`<< /Title ${utf16Hex(title)} /Producer (Phong Dich) /CreationDate (D:${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z) >>`);
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pages} 0 R >>`;
  objects[pages - 1] = `<< /Type /Pages /Kids [${pageObj} 0 R] /Count 1 >>`;
  objects[pageObj - 1] = `<< /Type /Page /Parent ${pages} 0 R /MediaBox [0 0 ${num(page.width)} ${num(page.height)}] /Resources << /Font << ${fontRefs.join(' ')} >> /ProcSet [/PDF /Text] >> /Contents ${content} 0 R >>`;

  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(offset);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof o === 'string' ? Buffer.from(o, 'latin1') : o, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(b);
    offset += b.length;
  });
  const xref = [`xref`, `0 ${objects.length + 1}`, '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n');
  parts.push(Buffer.from(`${xref}\ntrailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
