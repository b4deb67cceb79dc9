// Where in the text each value of a parse result came from, for the review screen: the parser returns values,
// not positions, so each value is located again in the text after normalisation (diacritics folded, case,
// spaces, punctuation and Markdown marks ignored: "Số: 1883 /UBND-VX" holds "1883/UBND-VX", "ỦY BAN NHÂN
// DÂN\nTỈNH CAO BẰNG" holds "Ủy ban nhân dân tỉnh Cao Bằng"). Tasks are found by their item labels ("3.",
// "II.", "2.a" as "a)" under "2."), their agencies and deadlines inside the item. Best effort: a value that
// cannot be found has a null span. Also reads the "ĐẾN" stamp of a received copy (Số, Ngày, Chuyển).
import type { ParsedDirective } from '../../../contracts/directives.ts';
import { foldVietnamese } from '../../../contracts/identity.ts';
import { detectLabel, type Label } from './tasks.ts';

export interface Span { start: number; end: number }
export interface DirectiveSpans {
  issuer: Span | null;
  number: Span | null;
  doc_type: Span | null;
  place: Span | null;
  date: Span | null;
  subject: Span | null;
  signer: { name: Span | null; title: Span | null; authority: Span | null } | null;
  references: (Span | null)[];
  recipients: (Span | null)[];
  tasks: { span: Span | null; lead: (Span | null)[]; support: (Span | null)[]; deadline: Span | null }[];
}

const tightChar = (ch: string): string => foldVietnamese(ch).replace(/[^a-z0-9]/g, '');
const tight = (s: string): string => {
  let out = '';
  for (const ch of s) out += tightChar(ch);
  return out;
};

/** The text folded to letters and digits only, with the position of each kept character in the original. */
export class TightText {
  readonly hay: string;
  /** hay index → original index (UTF-16). */
  private readonly pos: number[];
  /** original index → hay index of the first kept character at or after it. */
  private readonly at: Int32Array;
  constructor(readonly text: string) {
    let hay = '';
    const pos: number[] = [];
    const at = new Int32Array(text.length + 1);
    let i = 0;
    for (const ch of text) {
      at[i] = hay.length;
      if (ch.length === 2) at[i + 1] = hay.length;
      const t = tightChar(ch);
      for (const c of t) { hay += c; pos.push(i); }
      i += ch.length;
    }
    at[text.length] = hay.length;
    this.hay = hay;
    this.pos = pos;
    this.at = at;
  }

  private toSpan(k: number, len: number): Span {
    const start = this.pos[k]!;
    const last = this.pos[k + len - 1]!;
    const cp = this.text.codePointAt(last)!;
    return { start, end: last + (cp > 0xffff ? 2 : 1) };
  }

  /** First occurrence of the needle between `from` and `to` (original indices); whole words preferred. */
  find(needle: string, from = 0, to = this.text.length, opts: { last?: boolean } = {}): Span | null {
    const n = tight(needle);
    if (!n) return null;
    const lo = this.at[Math.max(0, Math.min(from, this.text.length))]!;
    const hi = this.at[Math.max(0, Math.min(to, this.text.length))]!;
    const hits: number[] = [];
    for (let k = this.hay.indexOf(n, lo); k >= 0 && k + n.length <= hi; k = this.hay.indexOf(n, k + 1)) {
      hits.push(k);
      if (!opts.last && hits.length > 50) break;
    }
    if (!hits.length) return null;
    const spans = hits.map((k) => this.toSpan(k, n.length));
    const whole = spans.filter((s) => !/[\p{L}\p{N}]/u.test(this.text[s.start - 1] ?? ' ') && !/[\p{L}\p{N}]/u.test(this.text[s.end] ?? ' '));
    const pool = whole.length ? whole : spans;
    return opts.last ? pool[pool.length - 1]! : pool[0]!;
  }
}

/** The abbreviations official texts use interchangeably for the same words. */
const ABBREVIATIONS: [string, string][] = [
  ['uybannhandan', 'ubnd'], ['hoidongnhandan', 'hdnd'], ['banchidao', 'bcd'], ['thanhpho', 'tp'], ['vanphong', 'vp'],
  ['baohiemxahoi', 'bhxh'], ['giaoducvadaotao', 'gddt'], ['thongtinvatruyenthong', 'tttt'],
];

function findName(tt: TightText, name: string, from: number, to: number, opts: { last?: boolean } = {}): Span | null {
  const direct = tt.find(name, from, to, opts);
  if (direct) return direct;
  // The same name with its words abbreviated the other way round.
  let t = tight(name);
  const variants = new Set<string>();
  for (const [long, short] of ABBREVIATIONS) {
    if (t.includes(long)) variants.add(t.split(long).join(short));
    if (t.includes(short)) variants.add(t.split(short).join(long));
  }
  t = tight(name).replace(/^cac/, '');
  if (t !== tight(name)) variants.add(t);
  for (const v of variants) {
    const s = tt.find(v, from, to, opts);
    if (s) return s;
  }
  return null;
}

/** A date written "ngày 03 tháng 8 năm 2020", "03/8/2020", "03-08-2020" or, inside an item, "03/8". */
function findDate(text: string, iso: string | null, from: number, to: number, withoutYear = false): Span | null {
  if (!iso) return null;
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const dd = `0?${d}`;
  const mm = `0?${m}`;
  const res = [
    new RegExp(`ng[àa]y\\s*\\**\\s*${dd}\\s*\\**\\s*th[áa]ng\\s*\\**\\s*${mm}\\s*\\**\\s*n[ăa]m\\s*\\**\\s*${y}`, 'iu'),
    new RegExp(`(?<![\\d/])${dd}\\s*[/.-]\\s*${mm}\\s*[/.-]\\s*${y}(?!\\d)`, 'u'),
    ...(withoutYear ? [new RegExp(`(?<![\\d/])${dd}\\s*/\\s*${mm}(?![\\d/])`, 'u'), new RegExp(`ng[àa]y\\s*${dd}\\s*th[áa]ng\\s*${mm}(?!\\d)`, 'iu')] : []),
  ];
  const slice = text.slice(from, to);
  let best: Span | null = null;
  for (const re of res) {
    const m2 = re.exec(slice);
    if (m2 && (!best || from + m2.index < best.start)) best = { start: from + m2.index, end: from + m2.index + m2[0].length };
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------------
// Item labels

interface Line { start: number; end: number; text: string }

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const part of text.split('\n')) {
    const lead = /^[\s*#>|\\_]*/.exec(part)![0].length;
    out.push({ start: start + lead, end: start + part.length, text: part.slice(lead).replace(/\\([.)])/g, '$1') });
    start += part.length + 1;
  }
  return out;
}

type Kind = 'dieu' | 'roman' | 'num' | 'num2' | 'letter';
const RANK: Record<Kind, number> = { dieu: 0, roman: 0, num: 1, num2: 2, letter: 3 };

function labelKind(line: string): { kind: Kind; printed: string } | null {
  let m = /^Điều\s+(\d{1,3})\s*[.:]/u.exec(line);
  if (m) return { kind: 'dieu', printed: `Điều ${Number(m[1])}` };
  m = /^([IVXL]{1,6})\s*[.)](\s|$)/u.exec(line);
  if (m) return { kind: 'roman', printed: m[1]! };
  m = /^(\d{1,2}(?:\.\d{1,2})+)\.?(\s|$)/u.exec(line);
  if (m) return { kind: 'num2', printed: m[1]! };
  m = /^(\d{1,2})\s*(?:[.)](\s|$)|\/\s+\p{Lu}|\|)/u.exec(line);
  if (m) return { kind: 'num', printed: String(Number(m[1])) };
  m = /^([a-zđ])\s*\)|^([a-zđ])\.\s+\p{Lu}/u.exec(line);
  if (m) return { kind: 'letter', printed: (m[1] ?? m[2])! };
  return null;
}

/** The line index where the item's label is printed, its components found in order ("II.1.a": "II." then
 * "1." then "a)"); -1 when not found. */
function findItemLine(lines: readonly Line[], item: string, fromLine: number): number {
  const comps = item.startsWith('Điều ') ? [item] : item.split('.');
  let at = fromLine;
  let found = -1;
  let i = 0;
  while (i < comps.length) {
    let matched = false;
    for (let k = comps.length; k > i && !matched; k--) {
      const want = comps.slice(i, k).join('.');
      for (let l = at; l < lines.length; l++) {
        const lab = labelKind(lines[l]!.text);
        if (lab && lab.printed === want) { found = l; at = l + 1; i = k; matched = true; break; }
      }
    }
    if (!matched) return found;
  }
  return found;
}

/** Item paths ("2", "2.a", "II.1", "Điều 2.1") → the line where each is printed, built as the parser builds its
 * item tree: a label opens an item under the nearest open item of a higher rank, if it follows its previous
 * sibling in sequence (a number inside a sentence is no label). */
function labelPaths(lines: readonly Line[], from: number, to: number): Map<string, number> {
  interface Node { label: Label | null; path: string | null; parent: Node | null; lastOrd: Map<string, number> }
  const root: Node = { label: null, path: null, parent: null, lastOrd: new Map() };
  const out = new Map<string, number>();
  let cur = root;
  for (let l = from; l < to; l++) {
    const text = lines[l]!.text.trim();
    const row = /^(\d{1,2})\s*\|/.exec(text);
    const label: Label | null = detectLabel(text)?.label ?? (row ? { kind: 'num', printed: String(Number(row[1])), ord: Number(row[1]) } : null);
    if (!label) continue;
    let p = cur;
    while (p !== root && p.label && RANK[p.label.kind] >= RANK[label.kind]) p = p.parent!;
    const last = p.lastOrd.get(label.kind) ?? 0;
    const ok = label.ord >= 1 && (last === 0 ? label.ord <= 2 : label.ord === last + 1 || label.ord === last + 2);
    if (!ok || (label.kind === 'dieu' && last === 0 && label.ord !== 1)) continue;
    p.lastOrd.set(label.kind, label.ord);
    let path: string;
    if (label.kind === 'num2' && p.label?.kind === 'num' && label.printed.startsWith(`${p.label.ord}.`)) path = p.parent?.path ? `${p.parent.path}.${label.printed}` : label.printed;
    else path = p.path ? `${p.path}.${label.printed}` : label.printed;
    cur = { label, path, parent: p, lastOrd: new Map() };
    if (!out.has(path)) out.set(path, l);
  }
  return out;
}

const isNoiNhan = (line: string): boolean => /^n[ơo]i\s*nh[ậa]n\b/iu.test(line);

/** Where an item that starts at line `l` ends: the next label of its rank or above, "Nơi nhận", or a new
 * paragraph in capitals after a blank line (the closing formula). */
function itemEnd(lines: readonly Line[], l: number, text: string, cap: number): number {
  const kind = labelKind(lines[l]!.text)?.kind ?? 'num';
  let blank = false;
  for (let k = l + 1; k < lines.length; k++) {
    const line = lines[k]!;
    if (line.start >= cap) return Math.min(cap, lastNonBlankEnd(lines, k));
    const t = line.text.trim();
    if (!t) { blank = true; continue; }
    const lab = labelKind(t);
    if (isNoiNhan(t)) return lines[k - 1] ? Math.min(cap, lastNonBlankEnd(lines, k)) : line.start;
    if (lab && RANK[lab.kind] <= RANK[kind]) return lastNonBlankEnd(lines, k);
    if (blank && !lab && /^\p{Lu}/u.test(t) && !/^[-+•]/.test(t)) return lastNonBlankEnd(lines, k);
    blank = false;
  }
  return Math.min(cap, text.length);
}

function lastNonBlankEnd(lines: readonly Line[], k: number): number {
  for (let j = k - 1; j >= 0; j--) if (lines[j]!.text.trim()) return lines[j]!.end;
  return lines[k]!.start;
}

/** The paragraph (blank-line delimited block) around a position. */
function paragraphAround(text: string, at: number): Span {
  const before = text.lastIndexOf('\n\n', at);
  const after = text.indexOf('\n\n', at);
  return { start: before < 0 ? 0 : before + 2, end: after < 0 ? text.length : after };
}

// ---------------------------------------------------------------------------------------------------------------

export function locateSpans(text: string, parsed: ParsedDirective): DirectiveSpans {
  const tt = new TightText(text);
  const lines = linesOf(text);
  const noiNhanLine = lines.findIndex((l) => isNoiNhan(l.text));
  const tailStart = noiNhanLine >= 0 ? lines[noiNhanLine]!.start : Math.floor(text.length * 0.7);
  const kinhGui = tt.find('Kính gửi');

  // The issuer, or (printed over two columns, or composed from the header's lines) the longest start of it.
  let issuer = parsed.issuer ? findName(tt, parsed.issuer, 0, text.length) : null;
  if (parsed.issuer && !issuer) {
    const words = parsed.issuer.split(/\s+/);
    const header = Math.min(text.length, Math.max(1500, Math.floor(text.length * 0.2)));
    for (let n = words.length - 1; n >= 2 && !issuer; n--) issuer = findName(tt, words.slice(0, n).join(' '), 0, header);
  }
  const number = parsed.number ? tt.find(parsed.number) : null;
  const date = findDate(text, parsed.date, 0, text.length);
  const place = parsed.place ? (date ? tt.find(parsed.place, Math.max(0, date.start - 80), date.start + 1, { last: true }) : null) ?? tt.find(parsed.place) : null;
  const docType = parsed.doc_type && parsed.doc_type !== 'Công văn' ? tt.find(parsed.doc_type) : parsed.doc_type ? tt.find('Công văn') : null;
  const subject = parsed.subject ? tt.find(parsed.subject) ?? tt.find(parsed.subject.replace(/^V\/v\s*/i, '')) : null;

  let signer: DirectiveSpans['signer'] = null;
  if (parsed.signer) {
    const s = parsed.signer;
    const name = s.name ? tt.find(s.name, 0, text.length, { last: true }) : null;
    const cap = name ? name.start : text.length;
    const title = s.title ? tt.find(s.title, Math.max(0, cap - 400), cap, { last: true }) ?? tt.find(s.title, tailStart, text.length, { last: true }) : null;
    let authority: Span | null = null;
    if (s.authority) {
      const parts = s.authority.split(/;\s*/);
      const spans = parts.map((p) => tt.find(p, Math.max(0, cap - 600), cap, { last: true }) ?? tt.find(p, tailStart, text.length, { last: true }));
      const found = spans.filter((x): x is Span => !!x);
      if (found.length) authority = { start: Math.min(...found.map((x) => x.start)), end: Math.max(...found.map((x) => x.end)) };
    }
    signer = { name, title, authority };
  }

  const references = parsed.references.map((r) => (r.number ? tt.find(r.number) : r.date ? findDate(text, r.date, 0, text.length) : null));

  let from = kinhGui ? kinhGui.end : 0;
  const recipients = parsed.recipients.map((r) => {
    const s = findName(tt, r, from, text.length);
    if (s) from = s.end;
    return s;
  });

  // Tasks: the body starts after "Kính gửi" and its recipients, or after the subject.
  const bodyStart = Math.max(from, subject?.end ?? 0, number?.end ?? 0);
  let bodyLine = lines.findIndex((l) => l.end >= bodyStart);
  if (bodyLine < 0) bodyLine = 0;
  const bodyEnd = noiNhanLine >= 0 ? lines[noiNhanLine]!.start : signer?.authority?.start ?? text.length;
  let lineCursor = bodyLine;
  let posCursor = bodyStart;
  const paths = labelPaths(lines, bodyLine, noiNhanLine >= 0 ? noiNhanLine : lines.length);
  const starts: { line: number; start: number }[] = parsed.tasks.map((t) => {
    if (t.item) {
      // By the item's path in the label tree, else its labels searched in order after the previous item.
      const l = paths.get(t.item) ?? findItemLine(lines, t.item, lineCursor);
      if (l >= 0) { lineCursor = l; posCursor = lines[l]!.start; return { line: l, start: lines[l]!.start }; }
      return { line: -1, start: -1 };
    }
    const lead = t.lead[0] ? findName(tt, t.lead[0], posCursor, bodyEnd) : null;
    if (lead) { posCursor = lead.end; return { line: -1, start: lead.start }; }
    return { line: -1, start: -1 };
  });
  const tasks = parsed.tasks.map((t, idx) => {
    const st = starts[idx]!;
    let span: Span | null = null;
    if (st.line >= 0) {
      const next = starts.slice(idx + 1).find((x) => x.start > st.start);
      span = { start: st.start, end: itemEnd(lines, st.line, text, Math.min(next?.start ?? bodyEnd, bodyEnd)) };
    } else if (st.start >= 0) {
      span = paragraphAround(text, st.start);
    }
    const lo = span?.start ?? bodyStart;
    const hi = span?.end ?? bodyEnd;
    const lead = t.lead.map((n) => findName(tt, n, lo, hi));
    const phoiHop = tt.find('phối hợp', lo, hi);
    const support = t.support.map((n) => (phoiHop ? findName(tt, n, phoiHop.start, hi) : null) ?? findName(tt, n, lo, hi));
    const deadline = findDate(text, t.deadline, lo, hi, true);
    return { span, lead, support, deadline };
  });

  return { issuer, number, doc_type: docType, place, date, subject, signer, references, recipients, tasks };
}

// ---------------------------------------------------------------------------------------------------------------
// The "ĐẾN" stamp of a received copy (Thông tư 07/2012 model; Decree 30 Phụ lục IV)

export interface ArrivalStamp {
  number: number | null;
  date: string | null;
  routedTo: string | null;
  fileRef: string | null;
  span: Span | null;
}

export function readArrivalStamp(text: string): ArrivalStamp | null {
  const m = /(^|[\s*])ĐẾN(?=[\s*]|$)/mu.exec(text);
  if (!m) return null;
  // The stamp's fields sit on the lines around the word ĐẾN.
  let lo = m.index;
  for (let k = 0; k < 3 && lo > 0; k++) lo = text.lastIndexOf('\n', lo - 1) < 0 ? 0 : text.lastIndexOf('\n', lo - 1);
  let hi = m.index;
  for (let k = 0; k < 5 && hi >= 0 && hi < text.length; k++) hi = text.indexOf('\n', hi + 1);
  if (hi < 0) hi = text.length;
  const window = text.slice(lo, hi);
  const num = /S[ỐO]\s*:[ \t]*(\d{1,6})/iu.exec(window);
  const day = /Ng[àa]y\s*:[ \t]*(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{2,4})/iu.exec(window);
  const routed = /Chuy[ểêeế]n\s*:[ \t]*([^\t\n]*)/iu.exec(window);
  const file = /L[ưu]u\s+h[ồo]\s+s[ơo]\s+s[ốo]\s*:[ \t]*([^\t\n]*)/iu.exec(window);
  if (!num && !day) return null;
  let date: string | null = null;
  if (day) {
    const y = day[3]!.length === 2 ? 2000 + Number(day[3]) : Number(day[3]);
    const iso = `${y}-${String(Number(day[2])).padStart(2, '0')}-${String(Number(day[1])).padStart(2, '0')}`;
    const d = new Date(`${iso}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso) date = iso;
  }
  const found = [num, day, routed, file].filter((x): x is RegExpExecArray => !!x);
  const start = lo + Math.min(m.index - lo, ...found.map((x) => x.index));
  const end = lo + Math.max(m.index - lo + m[0].length, ...found.map((x) => x.index + x[0].length));
  return {
    number: num ? Number(num[1]) : null,
    date,
    routedTo: routed?.[1]?.trim() || null,
    fileRef: file?.[1]?.trim() || null,
    span: { start, end },
  };
}
