// Text helpers of the directive parser: input clean-up (OCR and Markdown noise), tokens with comparison keys,
// phrase matching, and the capitalisation of text printed in capitals (headers, signature blocks).
import { foldVietnamese } from '../../../contracts/identity.ts';
import { CASING, STANDARD_AGENCIES } from './lexicon.ts';

// ---------------------------------------------------------------------------------------------------------------
// Keys

const TONE_MOVES: Record<string, string> = {
  'oà': 'òa', 'oá': 'óa', 'oả': 'ỏa', 'oã': 'õa', 'oạ': 'ọa', 'oè': 'òe', 'oé': 'óe', 'oẻ': 'ỏe', 'oẽ': 'õe', 'oẹ': 'ọe',
  'uỳ': 'ùy', 'uý': 'úy', 'uỷ': 'ủy', 'uỹ': 'ũy', 'uỵ': 'ụy',
};
const TONE_RE = /(o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?![\p{L}\p{M}])/gu;

/** One place for the tone mark of oa/oe/uy at the end of a syllable ("hoà" and "hòa" both written "hòa";
 * DOMAIN.md §5.4), so lexicon look-ups do not depend on the spelling style. For keys only, never for output. */
export function canonTone(lower: string): string {
  return lower.replace(TONE_RE, (m) => TONE_MOVES[m] ?? m);
}

/** Lower-case comparison key that keeps diacritics ("tải" ≠ "tại"). */
export const lowKey = (s: string): string => canonTone(s.toLowerCase());
/** Diacritics-insensitive key (the project's one folding function). */
export const foldKey = (s: string): string => foldVietnamese(s);

// ---------------------------------------------------------------------------------------------------------------
// Input clean-up

/** Unicode: decomposed text (NFD, or tone marks typed before the vowel's hat/horn as some legacy converters
 * do) is recomposed, so "ế" typed as e + ◌́ + ◌̂ compares equal to the precomposed letter. */
export function normalizeUnicode(raw: string): string {
  return raw
    .normalize('NFD')
    .replace(/([\u0300\u0301\u0303\u0309\u0323])([\u0302\u0306\u031b])/g, '$2$1')
    .normalize('NFC');
}

interface TaskColumns { item: number; content: number; lead: number; support: number; time: number }

/** The columns of an assignment table, from its header row; null when the row is no such header. */
function taskTableColumns(cells: readonly string[]): TaskColumns | null {
  const f = cells.map((c) => foldKey(c.replace(/<br\s*\/?>/gi, ' ')));
  const find = (re: RegExp): number => f.findIndex((c) => re.test(c));
  const lead = find(/chu tri|(don vi|co quan) thuc hien/);
  if (lead < 0) return null;
  return {
    item: find(/^(stt|tt|so tt)$/),
    content: find(/noi dung|nhiem vu|cong viec|hoat dong/),
    lead,
    support: find(/phoi hop/),
    time: find(/thoi gian|thoi han|tien do/),
  };
}

function taskTableRow(cells: readonly string[], c: TaskColumns): string {
  const cell = (i: number): string =>
    i < 0 ? '' : (cells[i] ?? '').split(/<br\s*\/?>|;/i).map((x) => x.replace(/^\s*[-+]\s*/, '').trim()).filter(Boolean).join(', ');
  const item = cell(c.item);
  const lead = cell(c.lead);
  const support = cell(c.support);
  let time = cell(c.time);
  if (/^(?:ngày\s*)?\d{1,2}\s*\/\s*\d{1,2}\s*\/\s*\d{4}$/iu.test(time)) time = `hoàn thành trước ngày ${time.replace(/^ngày\s*/iu, '')}`;
  else if (time && !/trước|chậm nhất|hạn/iu.test(time)) time = `thời gian ${time}`;
  const who = lead ? `${lead} chủ trì${support ? `, phối hợp với ${support}` : ''}: ` : '';
  const label = /^(\d{1,2}|[IVX]{1,5}|[a-zđ])$/u.test(item) ? `${item}. ` : '';
  return `${label}${who}${cell(c.content)}${time ? `; ${time}` : ''}.`;
}

const PAGE_NUMBER = /^(?:[-–—]\s*)?\d{1,3}(?:\s*[-–—])?$|^trang\s*\d{1,3}(?:\s*\/\s*\d{1,3})?$/i;
const LABEL_ONLY = /^(?:\d{1,2}|[IVXL]{1,6}|[a-zđ])\s*[.)]$/;

/**
 * Splits the text into trimmed lines, removing what OCR and Markdown conversion add: bold and heading marks,
 * escapes ("1\."), table pipes and <br>, stray margin characters, page numbers ("2", "- 2 -", "Trang 1/2"),
 * and words hyphenated across lines. A gap of three or more spaces or a tab (two columns printed side by side,
 * as in the header and signature blocks, Decree 30 Phụ lục I) becomes a line break.
 */
export function prepareLines(text: string): string[] {
  let t = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/[\u2013\u2014\u2212]/g, '-')
    .replace(/[\u2018\u2019]/g, "'");
  // Markdown: bold/italic marks, escaped punctuation.
  t = t.replace(/\*\*|__/g, '').replace(/\\([.\-*_#()[\]|>+!])/g, '$1');
  const out: string[] = [];
  let taskColumns: TaskColumns | null = null;
  for (const raw of t.split('\n')) {
    if (/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(raw)) continue; // table rule |---|---|
    // A table row (a Word header or signature block converted to Markdown): its cells, left to right.
    const row = /^\s*\|.*\|\s*$/.test(raw) && (raw.match(/\|/g)?.length ?? 0) >= 2;
    if (!row) taskColumns = null;
    let cells = row ? raw.trim().slice(1, -1).split('|') : [raw];
    if (row) {
      // A plan's assignment table (STT | Nội dung | Chủ trì | Phối hợp | Thời gian): each row is written as the
      // item it stands for, so the body's grammar reads it like any other item.
      const header = taskTableColumns(cells);
      if (header) { taskColumns = header; continue; }
      if (taskColumns) cells = [taskTableRow(cells, taskColumns)];
    }
    for (const cell of cells) {
      for (let line of cell.split(/<br\s*\/?>/i)) {
        line = line.replace(/^\s{0,3}#{1,6}\s+/, '').replace(/^\s*[*•●▪◦·]\s+/, '- ').replace(/\*/g, '');
        for (let part of line.split(/\t|\s{3,}/)) {
          part = part.replace(/^[|~`^»«¦]+\s*/, '').replace(/\s*[|~`^¦]+$/, '').replace(/\s+/g, ' ').trim();
          const prev = out[out.length - 1];
          if (prev !== undefined && LABEL_ONLY.test(prev) && part) { out[out.length - 1] = `${prev} ${part}`; continue; }
          out.push(part);
        }
      }
    }
  }
  const lines: string[] = [];
  for (let i = 0; i < out.length; i++) {
    let line = out[i]!;
    if (!/[\p{L}\p{N}]/u.test(line) && !/^[-+]$/.test(line)) line = ''; // separators ("-----", "___", "~")
    if (PAGE_NUMBER.test(line)) continue;
    lines.push(line);
  }
  // Words hyphenated at a line end: "doanh ngh-" + "iệp" → "doanh nghiệp"; "COVID-" + "19" keeps the hyphen.
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i]!;
    if (!/[\p{L}]-$/u.test(line)) continue;
    let j = i + 1;
    while (j < lines.length && lines[j] === '') j++;
    const next = lines[j];
    if (next === undefined) continue;
    if (/^\p{Ll}/u.test(next)) lines[i] = line.slice(0, -1) + next;
    else if (/^\d/.test(next)) lines[i] = line + next;
    else continue;
    lines.splice(i + 1, j - i);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens

export interface Tok {
  text: string;
  start: number;
  end: number;
  low: string;
  fold: string;
  /** First letter upper-case. */
  cap: boolean;
  /** A word (letters or digits), not punctuation. */
  word: boolean;
  /** First token of a physical line that was joined into the paragraph (a soft break). */
  nl: boolean;
}

const TOKEN_RE = /[\p{L}\p{M}\p{N}]+(?:[-&'/][\p{L}\p{M}\p{N}]+)*|\S/gu;

export function tokenize(text: string, lineStarts: readonly number[] = []): Tok[] {
  const starts = new Set(lineStarts);
  const toks: Tok[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const s = m[0];
    const start = m.index;
    const word = /[\p{L}\p{N}]/u.test(s[0] ?? '');
    toks.push({
      text: s, start, end: start + s.length, low: lowKey(s), fold: foldKey(s),
      cap: /^\p{Lu}/u.test(s), word, nl: starts.has(start),
    });
  }
  return toks;
}

/** A set of phrases matched token by token, longest first, by the low (diacritics kept) or fold key. */
export class PhraseSet {
  private readonly byFirst = new Map<string, { keys: string[]; phrase: string }[]>();
  constructor(phrases: readonly string[], private readonly key: 'low' | 'fold') {
    for (const phrase of phrases) {
      const keys = tokenize(phrase).map((t) => t[key]);
      if (!keys.length) continue;
      const list = this.byFirst.get(keys[0]!) ?? [];
      list.push({ keys, phrase });
      this.byFirst.set(keys[0]!, list);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.keys.length - a.keys.length);
  }
  /** Number of tokens of the longest phrase starting at i (0 if none), and the phrase as written in the list. */
  matchAt(toks: readonly Tok[], i: number): { len: number; phrase: string } {
    const first = toks[i];
    if (!first) return { len: 0, phrase: '' };
    for (const cand of this.byFirst.get(first[this.key]) ?? []) {
      let ok = true;
      for (let k = 1; k < cand.keys.length; k++) {
        if (toks[i + k]?.[this.key] !== cand.keys[k]) { ok = false; break; }
      }
      if (ok) return { len: cand.keys.length, phrase: cand.phrase };
    }
    return { len: 0, phrase: '' };
  }
  match(toks: readonly Tok[], i: number): number {
    return this.matchAt(toks, i).len;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Capitalisation

/** Whether a line is printed in capitals (headers, signature blocks): most of its letters upper-case. */
export function isUpperText(s: string): boolean {
  let upper = 0;
  let letters = 0;
  for (const ch of s) {
    if (!/\p{L}/u.test(ch)) continue;
    letters++;
    if (ch !== ch.toLowerCase()) upper++;
  }
  return letters >= 2 && upper / letters >= 0.75;
}

export const capitalize = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
const titleWord = (w: string): string => w.split('-').map((p) => capitalize(p.toLowerCase())).join('-');

/** "VŨ HUY HÒA" → "Vũ Huy Hòa"; a name already in mixed case is kept. */
export function personName(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return isUpperText(t) ? t.split(' ').map(titleWord).join(' ') : t;
}

const PLACE_WORDS = new PhraseSet(['tỉnh', 'huyện', 'thành phố', 'thị xã', 'quận', 'xã', 'phường', 'thị trấn'], 'low');
let casingSet: PhraseSet | null = null;
let casingNames: readonly string[] = [];

/**
 * Writes a phrase printed in capitals the way the genre writes it in running text: "ỦY BAN NHÂN DÂN TỈNH CAO
 * BẰNG" → "Ủy ban nhân dân tỉnh Cao Bằng", "KT. CHỦ TỊCH" → "KT. Chủ tịch", "SỞ Y TẾ" → "Sở Y tế".
 * Known titles and agency names take their written form (which also repairs a lost diacritic: "TICH" →
 * "tịch"); a place name after tỉnh/huyện/xã… is title-cased; other words are lower-cased.
 */
export function officialCase(s: string, names: readonly string[] = []): string {
  if (!isUpperText(s)) return s.replace(/\s+/g, ' ').trim();
  if (!casingSet || casingNames !== names) {
    casingSet = new PhraseSet([...CASING, ...STANDARD_AGENCIES, ...names], 'fold');
    casingNames = names;
  }
  const toks = tokenize(s);
  const parts: string[] = [];
  let last = 0;
  let place = false;
  for (let i = 0; i < toks.length; ) {
    const tok = toks[i]!;
    parts.push(s.slice(last, tok.start));
    const m = casingSet.matchAt(toks, i);
    const pw = PLACE_WORDS.match(toks, i);
    if (pw && !(tok.low === 'xã' && toks[i + 1]?.low === 'hội')) {
      parts.push(toks.slice(i, i + pw).map((t) => t.text.toLowerCase()).join(' '));
      place = true;
      last = toks[i + pw - 1]!.end;
      i += pw;
      continue;
    }
    if (m.len && !place) {
      parts.push(m.phrase);
      last = toks[i + m.len - 1]!.end;
      i += m.len;
      // "Ủy ban nhân dân tỉnh" | "Cao Bằng": a place name follows a name ending in a place word.
      place = PLACE_WORDS.match(toks, i - 1) > 0;
      continue;
    }
    if (!tok.word) place = false;
    const upperAcronym = /^[\p{Lu}\d&-]+$/u.test(tok.text) && /\d|&/.test(tok.text);
    parts.push(place && tok.word ? titleWord(tok.text) : upperAcronym ? tok.text : tok.text.toLowerCase());
    last = tok.end;
    i++;
  }
  return capitalize(parts.join('').replace(/\s+/g, ' ').trim());
}

/** NFC, whitespace collapsed, trimmed: how every string of the result is written. */
export const clean = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim();
