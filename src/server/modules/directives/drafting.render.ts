// A directive or conclusion notice laid out per Decree 30/2020/NĐ-CP (Điều 8, Phụ lục I): a two-column header
// table (issuer with the body above it | national title and motto; number and symbol, the V/v of a công văn |
// place and date), the type name and subject of a typed document, Kính gửi, the content (căn cứ, numbered items
// giving work to lead and supporting agencies with deadlines), and a two-column footer table (Nơi nhận | signing
// authority, title, space for signature and seal, name). A4, Times New Roman 13-14 pt.
import type { DraftContent, DraftItem } from '../../../contracts/directives.documents.ts';
import { foldVietnamese } from '../../../contracts/identity.ts';
import { readDocxText, writeDocx, type DocxBlock, type DocxParagraph } from './docx.ts';

export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

const upper = (s: string): string => s.toLocaleUpperCase('vi');
const tight = (s: string): string => foldVietnamese(s).replace(/[^a-z0-9]/g, '');
const lowerFirst = (s: string): string => (s ? s[0]!.toLocaleLowerCase('vi') + s.slice(1) : s);

/** "2021-02-05" → "ngày 05 tháng 02 năm 2021": leading zero for days below 10 and for months 1 and 2. */
export function longDate(iso: string | null): string {
  if (!iso) return 'ngày … tháng … năm …';
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `ngày ${String(d).padStart(2, '0')} tháng ${m <= 2 ? String(m).padStart(2, '0') : m} năm ${y}`;
}
/** "2021-02-05" → "05/02/2021". */
export const shortDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export const isCongVan = (docType: string): boolean => tight(docType) === 'congvan';

/** "Ủy ban nhân dân tỉnh Cao Bằng" → ["ỦY BAN NHÂN DÂN", "TỈNH CAO BẰNG"]: the locality on its own line. */
export function issuerLines(name: string): string[] {
  const m = /^((?:Ủy|Uỷ) ban nhân dân|Hội đồng nhân dân|UBND|HĐND)\s+((?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\b.*)$/iu.exec(name.trim());
  return m ? [upper(m[1]!), upper(m[2]!)] : [upper(name.trim())];
}

const names = (refs: readonly { name: string }[]): string => {
  const n = refs.map((r) => r.name.trim()).filter(Boolean);
  return n.length <= 1 ? (n[0] ?? '') : `${n.slice(0, -1).join(', ')} và ${n[n.length - 1]}`;
};

/** An item's sentence: the officer's text, preceded by "Giao X chủ trì, phối hợp với Y" when the text does not
 * name its lead agency, and followed by its deadline when the text does not give it. */
export function itemText(item: DraftItem): string {
  let text = item.text.trim().replace(/\s+/g, ' ');
  const lead = item.lead.filter((l) => l.name.trim());
  if (lead.length && !tight(text).includes(tight(lead[0]!.name))) {
    const support = item.support.filter((s) => s.name.trim());
    text = `Giao ${names(lead)} chủ trì${support.length ? `, phối hợp với ${names(support)}` : ''} ${lowerFirst(text)}`;
  }
  if (item.deadline && !text.includes(shortDate(item.deadline)) && !text.includes(longDate(item.deadline))) {
    if (!/[.;!]$/.test(text)) text += '.';
    text += ` Thời hạn hoàn thành trước ngày ${shortDate(item.deadline)}.`;
  } else if (!/[.;:!/]$/.test(text)) text += '.';
  return text;
}

function referenceText(r: DraftContent['references'][number]): string {
  return `Căn cứ văn bản số ${r.number ?? '…'}${r.date ? ` ngày ${shortDate(r.date)}` : ''}${r.issuer ? ` của ${r.issuer}` : ''};`;
}

const P = (runs: DocxParagraph['runs'], opts: Omit<DocxParagraph, 'kind' | 'runs'> = {}): DocxParagraph => ({ kind: 'p', runs, ...opts });
const body = (text: string): DocxParagraph => P([{ text }], { align: 'both', firstLine: 1, before: 6, line: 1.1 });

export interface RenderOptions {
  /** The allocated number; null for a draft ("Số: …/UBND-VX"). */
  number: number | null;
  /** The issue date; null for a draft ("ngày … tháng … năm …"). */
  date: string | null;
}

export function numberLine(content: DraftContent, number: number | null): string {
  return `Số: ${number === null ? '…' : String(number).padStart(2, '0')}/${content.symbolSuffix}`;
}

/** The document's blocks, in reading order. */
export function draftBlocks(c: DraftContent, o: RenderOptions): DocxBlock[] {
  const congVan = isCongVan(c.docType);
  const LEFT = 6.2;
  const RIGHT = 10.3;
  const issuer: DocxParagraph[] = [];
  if (c.parentName) issuer.push(P([{ text: upper(c.parentName), size: 13 }], { align: 'center' }));
  for (const line of issuerLines(c.issuerName)) issuer.push(P([{ text: line, bold: true, size: 13 }], { align: 'center' }));
  issuer.push(P([], { align: 'center', rule: true, left: 2.1, right: 2.1 }));
  const nation = [
    P([{ text: NATIONAL_TITLE, bold: true, size: 12.5 }], { align: 'center' }),
    P([{ text: MOTTO, bold: true, size: 14 }], { align: 'center' }),
    P([], { align: 'center', rule: true, left: 2.1, right: 2.1 }),
  ];
  const numberCell = [P([{ text: numberLine(c, o.number), size: 13 }], { align: 'center' })];
  if (congVan) numberCell.push(P([{ text: `V/v ${c.subject.replace(/^V\/v\s*/i, '')}`, size: 12 }], { align: 'center', before: 6 }));
  const dateCell = [P([{ text: `${c.place}, ${longDate(o.date)}`, italic: true, size: 14 }], { align: 'center' })];
  const blocks: DocxBlock[] = [{ kind: 'table', widths: [LEFT, RIGHT], rows: [[issuer, nation], [numberCell, dateCell]] }];

  if (!congVan) {
    blocks.push(P([{ text: upper(c.docType), bold: true, size: 14 }], { align: 'center', before: 12, keepNext: true }));
    blocks.push(P([{ text: c.subject, bold: true, size: 14 }], { align: 'center', keepNext: true }));
    blocks.push(P([], { align: 'center', rule: true, left: 6.2, right: 6.2 }));
  }
  const recipients = c.recipients.map((r) => r.trim().replace(/[;.]+$/, '')).filter(Boolean);
  if (recipients.length === 1) {
    blocks.push(P([{ text: `Kính gửi: ${recipients[0]}.`, size: 14 }], { align: 'center', before: 12 }));
  } else if (recipients.length > 1) {
    blocks.push(P([{ text: 'Kính gửi:', size: 14 }], { left: 3, before: 12 }));
    recipients.forEach((r, i) => blocks.push(P([{ text: `- ${r}${i === recipients.length - 1 ? '.' : ';'}`, size: 14 }], { left: 5 })));
  }
  const cited = c.references.filter((r) => r.number && !tight(c.intro).includes(tight(r.number)));
  for (const r of cited) blocks.push(body(referenceText(r)));
  for (const para of c.intro.split(/\n+/).map((s) => s.trim()).filter(Boolean)) blocks.push(body(para));
  c.items.forEach((item, i) => blocks.push(body(`${i + 1}. ${itemText(item)}`)));
  for (const para of c.closing.split(/\n+/).map((s) => s.trim()).filter(Boolean)) blocks.push(body(para));

  const noiNhan: DocxParagraph[] = [P([{ text: 'Nơi nhận:', bold: true, italic: true, size: 12 }], { before: 12 })];
  const copies = [...(recipients.length ? ['Như trên'] : []), ...c.copyTo.map((x) => x.trim().replace(/[;.]+$/, '')).filter(Boolean)];
  for (const x of copies) noiNhan.push(P([{ text: `- ${x};`, size: 11 }]));
  noiNhan.push(P([{ text: `- Lưu: ${c.filing.trim().replace(/[;.]+$/, '') || 'VT'}.`, size: 11 }]));
  const sign: DocxParagraph[] = [];
  const authority = c.signer.authority.split(/;\s*/).map((s) => s.trim()).filter(Boolean);
  authority.forEach((a, i) => sign.push(P([{ text: upper(a), bold: true, size: 14 }], { align: 'center', before: i === 0 ? 12 : 0 })));
  sign.push(P([{ text: upper(c.signer.title), bold: true, size: 14 }], { align: 'center', before: authority.length ? 0 : 12 }));
  for (let i = 0; i < 4; i++) sign.push(P([]));
  sign.push(P([{ text: c.signer.name, bold: true, size: 14 }], { align: 'center' }));
  blocks.push({ kind: 'table', widths: [7.8, 8.7], rows: [[noiNhan, sign]] });
  return blocks;
}

export function renderDraftDocx(c: DraftContent, o: RenderOptions, at?: Date): Buffer {
  const title = `${isCongVan(c.docType) ? 'Công văn' : c.docType} ${numberLine(c, o.number).replace(/^Số: /, '')}: ${c.subject}`;
  return writeDocx({ blocks: draftBlocks(c, o), title, author: c.issuerName, fontSize: 14, margins: { top: 2, right: 1.5, bottom: 2, left: 3 }, at });
}

/** The text of the rendered document (what the registry stores and searches), read back from the DOCX itself. */
export function renderDraftText(c: DraftContent, o: RenderOptions): string {
  return readDocxText(renderDraftDocx(c, o));
}
