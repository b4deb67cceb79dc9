// DOCX (Office Open XML, WordprocessingML) without a library: a writer for the few things an administrative
// document needs (paragraphs of runs, alignment and indents, borderless tables, short rules under a heading;
// A4, Times New Roman) and a reader that gives the text of any DOCX in reading order (paragraphs, table cells,
// tabs and breaks, automatic numbering written out as text so that item labels such as "1." survive).
import { readZip, writeZip, ZipError } from '../../platform/zip.ts';

export interface DocxRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  /** Points (13, 14 …); the document default when absent. */
  size?: number;
}

export interface DocxParagraph {
  kind: 'p';
  runs: DocxRun[];
  align?: 'left' | 'center' | 'right' | 'both';
  /** First-line indent, cm. */
  firstLine?: number;
  /** Left and right indents, cm. */
  left?: number;
  right?: number;
  /** Spacing before and after, points. */
  before?: number;
  after?: number;
  /** Line spacing as a multiple (1 = single). */
  line?: number;
  keepNext?: boolean;
  /** A short horizontal rule (the line under a heading, Decree 30 Phụ lục I) drawn as the paragraph's top border. */
  rule?: boolean;
}

export interface DocxTable {
  kind: 'table';
  /** Column widths, cm. */
  widths: number[];
  rows: DocxParagraph[][][];
}

export type DocxBlock = DocxParagraph | DocxTable;

export interface DocxDocument {
  blocks: DocxBlock[];
  title?: string;
  author?: string;
  /** Default font size, points. */
  fontSize?: number;
  /** Margins, cm: top, right, bottom, left. */
  margins?: { top: number; right: number; bottom: number; left: number };
  /** Written into the package's dates and the ZIP entries (reproducible output). */
  at?: Date;
}

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const FONT = 'Times New Roman';
const twips = (cm: number): number => Math.round((cm / 2.54) * 1440);

export const xmlEscape = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
    // Characters XML 1.0 does not allow.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

function runXml(r: DocxRun): string {
  const props = [
    r.bold ? '<w:b/><w:bCs/>' : '',
    r.italic ? '<w:i/><w:iCs/>' : '',
    r.size ? `<w:sz w:val="${Math.round(r.size * 2)}"/><w:szCs w:val="${Math.round(r.size * 2)}"/>` : '',
    r.underline ? '<w:u w:val="single"/>' : '',
  ].join('');
  const rPr = props ? `<w:rPr>${props}</w:rPr>` : '';
  // Tabs and line breaks inside a run's text become their elements.
  const parts = r.text.split(/(\t|\n)/);
  const body = parts.map((p) => (p === '\t' ? '<w:tab/>' : p === '\n' ? '<w:br/>' : p ? `<w:t xml:space="preserve">${xmlEscape(p)}</w:t>` : '')).join('');
  return `<w:r>${rPr}${body}</w:r>`;
}

function paragraphXml(p: DocxParagraph): string {
  const props: string[] = [];
  if (p.keepNext) props.push('<w:keepNext/>');
  if (p.rule) props.push('<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>');
  const spacing: string[] = [];
  if (p.before !== undefined) spacing.push(`w:before="${Math.round(p.before * 20)}"`);
  if (p.after !== undefined) spacing.push(`w:after="${Math.round(p.after * 20)}"`);
  if (p.line !== undefined) spacing.push(`w:line="${Math.round(p.line * 240)}" w:lineRule="auto"`);
  if (spacing.length) props.push(`<w:spacing ${spacing.join(' ')}/>`);
  const ind: string[] = [];
  if (p.left) ind.push(`w:left="${twips(p.left)}"`);
  if (p.right) ind.push(`w:right="${twips(p.right)}"`);
  if (p.firstLine) ind.push(`w:firstLine="${twips(p.firstLine)}"`);
  if (ind.length) props.push(`<w:ind ${ind.join(' ')}/>`);
  if (p.align) props.push(`<w:jc w:val="${p.align}"/>`);
  // A rule paragraph is a thin empty line: its height should not push the text apart.
  if (p.rule) props.push('<w:rPr><w:sz w:val="4"/></w:rPr>');
  const pPr = props.length ? `<w:pPr>${props.join('')}</w:pPr>` : '';
  return `<w:p>${pPr}${p.runs.map(runXml).join('')}</w:p>`;
}

function tableXml(t: DocxTable): string {
  const total = t.widths.reduce((a, b) => a + b, 0);
  const none = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((s) => `<w:${s} w:val="nil"/>`).join('');
  const grid = t.widths.map((w) => `<w:gridCol w:w="${twips(w)}"/>`).join('');
  const rows = t.rows.map((cells) => {
    const tcs = cells.map((blocks, i) => {
      const body = blocks.length ? blocks.map(paragraphXml).join('') : '<w:p/>';
      return `<w:tc><w:tcPr><w:tcW w:w="${twips(t.widths[i] ?? 0)}" w:type="dxa"/></w:tcPr>${body}</w:tc>`;
    }).join('');
    return `<w:tr><w:trPr><w:cantSplit/></w:trPr>${tcs}</w:tr>`;
  }).join('');
  return `<w:tbl><w:tblPr><w:tblW w:w="${twips(total)}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>${none}</w:tblBorders>`
    + `<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>`
    + `<w:tblGrid>${grid}</w:tblGrid>${rows}</w:tbl>`;
}

const NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** The DOCX file of a document: A4, Times New Roman, Vietnamese language tags, the blocks in order. */
export function writeDocx(doc: DocxDocument): Buffer {
  const at = doc.at ?? new Date();
  const size = Math.round((doc.fontSize ?? 14) * 2);
  const m = doc.margins ?? { top: 2, right: 1.5, bottom: 2, left: 3 };
  const blocks = doc.blocks.map((b) => (b.kind === 'p' ? paragraphXml(b) : tableXml(b) + '<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>')).join('');
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${NS}><w:body>${blocks}`
    + `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="${twips(m.top)}" w:right="${twips(m.right)}" w:bottom="${twips(m.bottom)}" w:left="${twips(m.left)}" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>`;
  const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles ${NS}><w:docDefaults><w:rPrDefault><w:rPr>`
    + `<w:rFonts w:ascii="${FONT}" w:hAnsi="${FONT}" w:eastAsia="${FONT}" w:cs="${FONT}"/><w:sz w:val="${size}"/><w:szCs w:val="${size}"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>`
    + `</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>`
    + `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>`
    + `<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>`;
  const settings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings ${NS}><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`;
  const iso = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const core = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`
    + `<dc:title>${xmlEscape(doc.title ?? '')}</dc:title><dc:creator>${xmlEscape(doc.author ?? 'Phòng Dịch')}</dc:creator><dc:language>vi-VN</dc:language>`
    + `<dcterms:created xsi:type="dcterms:W3CDTF">${iso}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${iso}</dcterms:modified></cp:coreProperties>`;
  const app = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Phòng Dịch</Application></Properties>`;
  const types = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
    + `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`
    + `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>`
    + `<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>`
    + `<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>`
    + `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`
    + `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
    + `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>`
    + `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>`
    + `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`;
  const docRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
    + `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`
    + `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/></Relationships>`;
  return writeZip([
    { name: '[Content_Types].xml', data: types },
    { name: '_rels/.rels', data: rels },
    { name: 'word/document.xml', data: document },
    { name: 'word/_rels/document.xml.rels', data: docRels },
    { name: 'word/styles.xml', data: styles },
    { name: 'word/settings.xml', data: settings },
    { name: 'docProps/core.xml', data: core },
    { name: 'docProps/app.xml', data: app },
  ], at);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

export class DocxError extends Error {}

export const xmlDecode = (s: string): string =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[e]) return named[e]!;
    const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
  });

const attr = (tag: string, name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];

interface Level { fmt: string; text: string; start: number }

/** numId → levels (format, label template, start) from word/numbering.xml. */
function readNumbering(xml: string | undefined): Map<string, Level[]> {
  const out = new Map<string, Level[]>();
  if (!xml) return out;
  const abstracts = new Map<string, Level[]>();
  for (const a of xml.matchAll(/<w:abstractNum\b([^>]*)>([\s\S]*?)<\/w:abstractNum>/g)) {
    const levels: Level[] = [];
    for (const l of a[2]!.matchAll(/<w:lvl\b([^>]*)>([\s\S]*?)<\/w:lvl>/g)) {
      const ilvl = Number(attr(l[1]!, 'w:ilvl') ?? 0);
      const body = l[2]!;
      levels[ilvl] = {
        fmt: attr(/<w:numFmt\b[^>]*>/.exec(body)?.[0] ?? '', 'w:val') ?? 'decimal',
        text: xmlDecode(attr(/<w:lvlText\b[^>]*>/.exec(body)?.[0] ?? '', 'w:val') ?? ''),
        start: Number(attr(/<w:start\b[^>]*>/.exec(body)?.[0] ?? '', 'w:val') ?? 1),
      };
    }
    abstracts.set(attr(a[1]!, 'w:abstractNumId') ?? '', levels);
  }
  for (const n of xml.matchAll(/<w:num\b([^>]*)>([\s\S]*?)<\/w:num>/g)) {
    const abs = attr(/<w:abstractNumId\b[^>]*>/.exec(n[2]!)?.[0] ?? '', 'w:val');
    const levels = abstracts.get(abs ?? '');
    if (levels) out.set(attr(n[1]!, 'w:numId') ?? '', levels);
  }
  return out;
}

const ROMAN: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
function roman(n: number): string {
  let s = '';
  for (const [v, r] of ROMAN) while (n >= v) { s += r; n -= v; }
  return s;
}
const LETTERS = 'abcdđeghiklmnopqrstuvxy';

function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case 'upperRoman': return roman(n);
    case 'lowerRoman': return roman(n).toLowerCase();
    case 'upperLetter': return (LETTERS[(n - 1) % LETTERS.length] ?? 'a').toUpperCase();
    case 'lowerLetter': return LETTERS[(n - 1) % LETTERS.length] ?? 'a';
    case 'bullet': return '';
    case 'none': return '';
    default: return String(n);
  }
}

/**
 * The text of a DOCX in reading order: one line per paragraph (table cells cell by cell, a blank line after a
 * table), tabs kept, automatic numbering written out ("1.", "a)", "-" for bullets). Deleted revisions and field
 * codes are left out. Throws DocxError when the file is not a DOCX.
 */
export function readDocxText(buf: Buffer): string {
  let files: Map<string, Buffer>;
  try {
    files = readZip(buf);
  } catch (e) {
    throw new DocxError(e instanceof ZipError ? e.message : 'not a DOCX file');
  }
  const main = files.get('word/document.xml');
  if (!main) throw new DocxError('no word/document.xml: not a DOCX file');
  const numbering = readNumbering(files.get('word/numbering.xml')?.toString('utf8'));
  const counters = new Map<string, number[]>();
  const xml = main.toString('utf8');
  const lines: string[] = [];
  let line = '';
  let inText = false;
  let inDeleted = 0;
  let paraNum: { id: string; lvl: number } | null = null;
  const TAG = /<(\/?)(w:p|w:t|w:tab|w:br|w:cr|w:tbl|w:numId|w:ilvl|w:del|w:pPr|w:noBreakHyphen|w:softHyphen|w:sym)\b([^>]*?)(\/?)>|([^<]+)/g;
  let pendingLvl = 0;
  for (const m of xml.matchAll(TAG)) {
    const [, close, name, attrs = '', selfClose, text] = m;
    if (text !== undefined) {
      if (inText && !inDeleted) line += xmlDecode(text);
      continue;
    }
    if (name === 'w:del') { if (close) inDeleted = Math.max(0, inDeleted - 1); else if (!selfClose) inDeleted++; continue; }
    if (name === 'w:t') { inText = !close && !selfClose; continue; }
    if (close) {
      if (name === 'w:p') { lines.push(line); line = ''; paraNum = null; }
      else if (name === 'w:tbl') lines.push('');
      else if (name === 'w:pPr' && paraNum) {
        const levels = numbering.get(paraNum.id);
        const level = levels?.[paraNum.lvl];
        if (level) {
          const c = counters.get(paraNum.id) ?? [];
          c[paraNum.lvl] = (c[paraNum.lvl] ?? level.start - 1) + 1;
          c.length = paraNum.lvl + 1; // deeper levels restart
          counters.set(paraNum.id, c);
          const label = level.fmt === 'bullet' ? '-' : level.text.replace(/%(\d)/g, (_, d: string) => {
            const i = Number(d) - 1;
            return formatNumber(c[i] ?? levels![i]?.start ?? 1, levels![i]?.fmt ?? 'decimal');
          });
          if (label) line = `${label} ${line}`;
        }
      }
      continue;
    }
    switch (name) {
      case 'w:p': if (!selfClose) { line = ''; paraNum = null; pendingLvl = 0; } else lines.push(''); break;
      case 'w:tab': if (!inDeleted) line += '\t'; break;
      case 'w:br': case 'w:cr': if (!inDeleted) line += '\n'; break;
      case 'w:noBreakHyphen': line += '-'; break;
      case 'w:ilvl': pendingLvl = Number(attr(attrs, 'w:val') ?? 0); if (paraNum) paraNum.lvl = pendingLvl; break;
      case 'w:numId': { const id = attr(attrs, 'w:val') ?? '0'; if (id !== '0') paraNum = { id, lvl: pendingLvl }; break; }
      default: break;
    }
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
