// Pure logic of the contact line list (/tracing/cases/:id/contacts), a spreadsheet-like grid where a tracer
// enters the contacts of a case: the rows and columns, pasted text (TSV from a spreadsheet, `;` or `,` CSV) →
// cells, recognition of a header line, contact times typed as dd/mm/yyyy hh:mm in Vietnam time, per-cell
// validation with the shared person schema, duplicates inside the sheet, the lookup of existing people, the
// server's errors mapped back onto cells, and keyboard movement. No React here: the page only wires it up.
// Phone and identity numbers are normalised by the functions of contracts/identity.ts, as on the server.
import { checkIdNumber, foldVietnamese, normalizeName, normalizePhone, type IdType } from '../../contracts/identity.ts';
import { ERROR_MESSAGES } from '../../contracts/errors.ts';
import type { DuplicateCandidate, PersonInput, PersonSummary } from '../../contracts/people.ts';
import { ContactInput } from '../../contracts/tracing.ts';
import { formatDateTimeMinutes } from './format.ts';
import { validatePersonForm, type PersonFormValues } from './personForm.ts';

// ---- columns and rows

/** The contact settings of the API, in the order shown. */
export const SETTINGS = ContactInput.shape.setting.options;
export type Setting = (typeof SETTINGS)[number];

export const COLUMNS = ['fullName', 'birthYear', 'sex', 'phone', 'idNumber', 'communeCode', 'at', 'setting', 'evidence'] as const;
export type Column = (typeof COLUMNS)[number];
/** Columns describing the person (not sent when the row is linked to an existing record). */
export const PERSON_COLUMNS: readonly Column[] = ['fullName', 'birthYear', 'sex', 'phone', 'idNumber', 'communeCode'];
/** Columns a new row copies from the row above (an interview usually lists several people of one event). */
export const CARRIED_COLUMNS: readonly Column[] = ['communeCode', 'at', 'setting'];
/** Columns shown as selects: a pasted value is mapped to an option; typed text does not apply to them. */
export const CHOICE_COLUMNS: readonly Column[] = ['sex', 'communeCode', 'setting'];

/** Every cell is text, as typed or pasted; `sex`, `setting` and `communeCode` hold an option value when they
 * could be recognised, else the raw text (shown with an error so that nothing pasted is silently dropped). */
export type RowValues = Record<Column, string>;
export type CellErrors = Partial<Record<Column, string>>;

export interface Candidate {
  person: PersonSummary;
  reasons: CandidateReason[];
}
export type CandidateReason = 'same_id' | 'same_name_year' | 'same_name' | 'same_phone';

/** What the row's person is: not decided yet, a new record to create, or an existing record (picked by the
 * tracer, or created by an earlier save of this sheet that stopped before the contacts were written). */
export type Link =
  | { kind: 'undecided' }
  | { kind: 'new' }
  | { kind: 'existing'; person: PersonSummary; created: boolean };

export interface DraftRow {
  key: string;
  values: RowValues;
  link: Link;
  /** Error codes the server gave for this row's cells at the last save; a cell's code goes when it changes. */
  serverErrors: CellErrors;
  /** A row-level error code from the last save. */
  serverError: string | null;
  /** Candidates of a 409 answer to the creation of this row's person. */
  serverCandidates: Candidate[];
}

export function emptyValues(): RowValues {
  return { fullName: '', birthYear: '', sex: '', phone: '', idNumber: '', communeCode: '', at: '', setting: '', evidence: '' };
}

export function newRow(key: string, carry: Partial<RowValues> = {}): DraftRow {
  return { key, values: { ...emptyValues(), ...carry }, link: { kind: 'undecided' }, serverErrors: {}, serverError: null, serverCandidates: [] };
}

/** The cells a new row below this one starts with. */
export function carryFrom(v: RowValues | undefined): Partial<RowValues> {
  const out: Partial<RowValues> = {};
  if (v) for (const c of CARRIED_COLUMNS) if (v[c]) out[c] = v[c];
  return out;
}

/** A row with nothing of its own (only the cells carried from the row above): skipped on save, never an error. */
export function isBlankRow(v: RowValues): boolean {
  return COLUMNS.every((c) => CARRIED_COLUMNS.includes(c) || v[c].trim() === '');
}

/** Person cells of a row linked to a record this sheet created cannot change any more (the record exists). */
export function isLocked(row: DraftRow, column: Column): boolean {
  return row.link.kind === 'existing' && row.link.created && PERSON_COLUMNS.includes(column);
}

/** One cell changed. A change of what identifies the person (name, year, phone, ID) undoes the tracer's
 * decision about duplicates, which was taken for the old values. */
export function editCell(row: DraftRow, column: Column, value: string): DraftRow {
  if (row.values[column] === value || isLocked(row, column)) return row;
  const values = { ...row.values, [column]: value };
  const { [column]: _gone, ...serverErrors } = row.serverErrors;
  const next: DraftRow = { ...row, values, serverErrors };
  if (PERSON_COLUMNS.includes(column)) {
    next.serverError = null;
    if (lookupKey(lookupOf(row.values)) !== lookupKey(lookupOf(values))) {
      next.serverCandidates = [];
      if (!(row.link.kind === 'existing' && row.link.created)) next.link = { kind: 'undecided' };
    }
  }
  return next;
}

// ---- reading cells

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const HM = /^(\d{1,2})(?:([:hg])(\d{2})?(?::(\d{2}))?)?\s*(am|pm|sa|ch)?$/i;
const ISO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const VN_OFFSET_MS = 7 * 3_600_000;

export type TimeParse = { ok: true; iso: string } | { ok: false; problem: 'empty' | 'format' | 'no_time' };

/**
 * A contact time typed by a person: 'dd/mm/yyyy hh:mm' (also d/m/yyyy, '-' or '.' between the parts, seconds,
 * '9h30', AM/PM or SA/CH, the time before the date, the words "ngày"/"lúc"), 'yyyy-mm-dd hh:mm', or an ISO
 * instant with its offset. Without an offset it is Vietnam time (UTC+7). The time of day is required: a day
 * alone would silently become midnight and could fall outside an infectious period.
 */
export function parseContactTime(text: string): TimeParse {
  const s = text.normalize('NFC').trim();
  if (s === '') return { ok: false, problem: 'empty' };
  if (ISO_OFFSET.test(s)) {
    const ms = Date.parse(s);
    return Number.isNaN(ms) || !inYears(ms) ? { ok: false, problem: 'format' } : { ok: true, iso: new Date(ms).toISOString() };
  }
  const tokens = s
    .replace(/^(\d{4}-\d{1,2}-\d{1,2})T/, '$1 ')
    .split(/[\s,]+/)
    .filter((tok) => tok !== '' && !['ngay', 'luc', 'vao'].includes(foldVietnamese(tok)));
  const dateAt = tokens.findIndex((tok) => DMY.test(tok) || YMD.test(tok));
  if (dateAt < 0) return { ok: false, problem: 'format' };
  const dateTok = tokens[dateAt]!;
  const dmy = DMY.exec(dateTok);
  const ymd = dmy ? null : YMD.exec(dateTok);
  const [y, mo, d] = dmy ? [dmy[3], dmy[2], dmy[1]].map(Number) : [ymd![1], ymd![2], ymd![3]].map(Number);
  const rest = [...tokens.slice(0, dateAt), ...tokens.slice(dateAt + 1)]
    .join(' ')
    .replace(/\s*(giờ|gio)\s*/gi, 'h')
    .replace(/\s*(phút|phut)$/i, '')
    .trim();
  if (rest === '') return { ok: false, problem: 'no_time' };
  const hm = HM.exec(rest);
  // An hour needs its separator ("9:30", "9h", "9g30") or AM/PM: a bare number is more likely a typing slip.
  if (!hm || (!hm[2] && !hm[5])) return { ok: false, problem: 'format' };
  let h = Number(hm[1]);
  const mi = hm[3] ? Number(hm[3]) : 0;
  const sec = hm[4] ? Number(hm[4]) : 0;
  const half = hm[5]?.toLowerCase();
  if (half) {
    if (h < 1 || h > 12) return { ok: false, problem: 'format' };
    const pm = half === 'pm' || half === 'ch';
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (h > 23 || mi > 59 || sec > 59) return { ok: false, problem: 'format' };
  const local = Date.UTC(y!, mo! - 1, d!, h, mi, sec);
  const check = new Date(local);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d) return { ok: false, problem: 'format' };
  const ms = local - VN_OFFSET_MS;
  if (!inYears(ms)) return { ok: false, problem: 'format' };
  return { ok: true, iso: new Date(ms).toISOString() };
}

function inYears(ms: number): boolean {
  const y = new Date(ms + VN_OFFSET_MS).getUTCFullYear();
  return y >= 1900 && y <= 2199;
}

/** An instant as the grid shows it: 'dd/mm/yyyy hh:mm' in Vietnam time. */
export function formatContactTime(iso: string | number): string {
  return formatDateTimeMinutes(iso);
}

/** The time cell in its canonical form when it can be read, else unchanged (the error stays visible). */
export function normalizeTimeCell(text: string): string {
  const r = parseContactTime(text);
  return r.ok ? formatContactTime(r.iso) : text.trim();
}

/** '1990', or the year of a birth date written dd/mm/yyyy or yyyy-mm-dd; other text unchanged. */
export function parseBirthYearCell(text: string): string {
  const s = text.trim();
  const dmy = DMY.exec(s);
  if (dmy) return dmy[3]!;
  const ymd = YMD.exec(s);
  if (ymd) return ymd[1]!;
  return s;
}

const SEX_WORDS: Record<string, 'male' | 'female'> = {
  nam: 'male', m: 'male', male: 'male', trai: 'male', 'gioi tinh nam': 'male',
  nu: 'female', f: 'female', female: 'female', gai: 'female', 'gioi tinh nu': 'female',
};

export function parseSex(text: string): 'male' | 'female' | '' | null {
  const f = foldVietnamese(text.normalize('NFC')).replace(/[.]/g, '').trim();
  if (f === '') return '';
  return SEX_WORDS[f] ?? null;
}

const SETTING_WORDS: Record<Setting, readonly string[]> = {
  household: ['household', 'ho gia dinh', 'gia dinh', 'cung nha', 'cung ho', 'trong nha', 'nha', 'home', 'family'],
  workplace: ['workplace', 'noi lam viec', 'co quan', 'cong ty', 'lam viec', 'cong so', 'nha may', 'work', 'office'],
  school: ['school', 'truong hoc', 'truong', 'lop hoc', 'lop', 'nha tre', 'mau giao'],
  vehicle: ['vehicle', 'phuong tien', 'phuong tien giao thong', 'xe', 'xe khach', 'xe buyt', 'o to', 'tau', 'may bay', 'taxi', 'bus'],
  venue: ['venue', 'public venue', 'dia diem', 'dia diem cong cong', 'noi cong cong', 'cho', 'quan', 'nha hang', 'su kien', 'dam cuoi', 'dam hieu', 'sieu thi'],
  other: ['other', 'khac'],
};

export function parseSetting(text: string): Setting | '' | null {
  const f = foldVietnamese(text.normalize('NFC')).replace(/[.:]/g, '').trim();
  if (f === '') return '';
  for (const s of SETTINGS) if (SETTING_WORDS[s].includes(f)) return s;
  return null;
}

export interface CommuneRef {
  code: string;
  name: string;
}

const UNIT_PREFIX = /^(xa|phuong|thi tran|dac khu|tt|p|x)[ .]+/;
const foldUnit = (s: string) => foldVietnamese(s.normalize('NFC')).replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();

/** A commune written as its code, its name, or its name without "Xã"/"Phường"; null when unknown or ambiguous. */
export function matchCommune(text: string, communes: readonly CommuneRef[]): string | null {
  const s = text.trim();
  if (s === '') return null;
  if (/^\d{5}$/.test(s)) return communes.some((c) => c.code === s) ? s : null;
  const f = foldUnit(s);
  const exact = communes.filter((c) => foldUnit(c.name) === f);
  if (exact.length === 1) return exact[0]!.code;
  const bare = f.replace(UNIT_PREFIX, '');
  const loose = communes.filter((c) => foldUnit(c.name).replace(UNIT_PREFIX, '') === bare);
  return loose.length === 1 ? loose[0]!.code : null;
}

/** The kind of identity document a number is: 12 digits CCCD, 9 digits CMND, letters and digits a passport. */
export function inferIdType(raw: string): IdType {
  const compact = raw.replace(/[\s.-]/g, '');
  if (/^\d{9}$/.test(compact)) return 'cmnd';
  if (/[A-Za-z]/.test(compact)) return 'passport';
  return 'cccd';
}

/** The normal form of an identity number when it is valid, else the text as written (trimmed). */
export function normalizeIdCell(text: string): string {
  const r = checkIdNumber(inferIdType(text), text);
  return r.ok ? r.value : text.trim();
}

export interface CellContext {
  communes: readonly CommuneRef[];
}

/** A pasted value as the cell keeps it: names NFC, phones and IDs in their normal form, choices as option values,
 * times in the grid's format. What cannot be read stays as written, to be shown with its error. */
export function normalizeCell(column: Column, raw: string, ctx: CellContext): string {
  const s = raw.trim();
  switch (column) {
    case 'fullName':
      return normalizeName(s);
    case 'birthYear':
      return parseBirthYearCell(s);
    case 'sex':
      return parseSex(s) ?? s;
    case 'phone':
      return normalizePhone(s) ?? s;
    case 'idNumber':
      return normalizeIdCell(s);
    case 'communeCode':
      return matchCommune(s, ctx.communes) ?? s;
    case 'at':
      return normalizeTimeCell(s);
    case 'setting':
      return parseSetting(s) ?? s;
    case 'evidence':
      return s;
  }
}

// ---- pasted text

export type Delimiter = '\t' | ';' | ',';

/**
 * Splits delimited text into rows of cells, RFC 4180 style: a cell may be quoted with "…" (holding the delimiter,
 * line breaks and "" for a quote); a quote inside an unquoted cell is a plain character. Line ends \n, \r\n or \r;
 * a final line break does not make an empty last row. A quote that never closes is read as a plain character.
 */
export function parseDelimited(text: string, delimiter: Delimiter, quotes = true): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let atCellStart = true;
  let quotedCell = false;
  const n = text.length;
  const endCell = () => {
    row.push(cell);
    cell = '';
    atCellStart = true;
    quotedCell = false;
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  while (i < n) {
    const ch = text[i]!;
    if (quotes && atCellStart && ch === '"') {
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < n) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          closed = true;
          j += 1;
          break;
        }
        value += text[j];
        j += 1;
      }
      if (!closed) return parseDelimited(text, delimiter, false);
      cell += value;
      quotedCell = true;
      atCellStart = false;
      i = j;
      continue;
    }
    if (ch === delimiter) {
      endCell();
      i += 1;
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    cell += ch;
    atCellStart = false;
    i += 1;
  }
  // The last line, unless the text ended with a line break (an empty unquoted line is not a row).
  if (row.length > 0 || cell !== '' || quotedCell) endRow();
  return rows;
}

/** The inverse of parseDelimited: cells holding the delimiter, a quote or a line break are quoted. */
export function toDelimited(grid: readonly (readonly string[])[], delimiter: Delimiter): string {
  const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
  return grid
    .map((r) => (r.length === 1 && r[0] === '' ? '""' : r.map((c) => (/["\n\r]/.test(c) || c.includes(delimiter) ? quote(c) : c)).join(delimiter)))
    .join('\n');
}

/** Tab when the text has one; else `;` or `,` when it splits every line into the same number (> 1) of cells
 * (`;` first: spreadsheets in Vietnamese locale write it); else null (one column). */
export function detectDelimiter(text: string): Delimiter | null {
  if (text.includes('\t')) return '\t';
  let best: { d: Delimiter; rows: number } | null = null;
  for (const d of [';', ','] as const) {
    const rows = parseDelimited(text, d).filter((r) => r.some((c) => c.trim() !== ''));
    if (rows.length === 0) continue;
    const width = rows[0]!.length;
    if (width > 1 && rows.every((r) => r.length === width)) return d;
    const split = rows.filter((r) => r.length > 1).length;
    if (split === rows.length && (!best || split > best.rows)) best = { d, rows: split };
  }
  return best?.d ?? null;
}

/** True when the clipboard holds a block (several cells or lines) rather than one value for the cell. */
export function isBlockPaste(text: string): boolean {
  const t = text.replace(/(\r\n|\r|\n)$/, '');
  return /[\t\r\n]/.test(t);
}

/** The pasted block as rows of trimmed cells, blank lines dropped. */
export function parsePaste(text: string): string[][] {
  const d = detectDelimiter(text);
  const rows = d ? parseDelimited(text, d) : parseDelimited(text, '\t').map((r) => [r.join('\t')]);
  return rows.map((r) => r.map((c) => c.trim())).filter((r) => r.some((c) => c !== ''));
}

// ---- header line

/** Header words of each column, folded (no diacritics, lower case), as people write them in spreadsheets. */
export const HEADER_WORDS: Readonly<Record<Column, readonly string[]>> = {
  fullName: ['ho ten', 'ho va ten', 'ten', 'ho ten nguoi tiep xuc', 'nguoi tiep xuc', 'full name', 'name', 'fullname', 'contact name'],
  birthYear: ['nam sinh', 'ns', 'ngay sinh', 'ngay thang nam sinh', 'sinh nam', 'birth year', 'year of birth', 'yob', 'birth date', 'date of birth', 'dob'],
  sex: ['gioi tinh', 'gioi', 'gt', 'nam/nu', 'sex', 'gender'],
  phone: ['so dien thoai', 'dien thoai', 'sdt', 'so dt', 'dt', 'phone', 'phone number', 'mobile', 'telephone', 'tel'],
  idNumber: ['so cccd', 'cccd', 'cmnd', 'cccd/cmnd', 'so cccd/cmnd', 'so cmnd', 'so giay to', 'giay to', 'so dinh danh', 'can cuoc', 'can cuoc cong dan', 'ho chieu', 'id', 'id number', 'identity number', 'national id'],
  communeCode: ['xa/phuong', 'xa phuong', 'xa', 'phuong', 'xa/phuong cu tru', 'xa/phuong noi o', 'noi o', 'noi cu tru', 'ma xa', 'commune', 'commune of residence', 'ward'],
  at: ['thoi diem tiep xuc', 'thoi gian tiep xuc', 'ngay tiep xuc', 'ngay gio tiep xuc', 'ngay gio', 'thoi diem', 'thoi gian', 'ngay', 'contact time', 'date/time', 'date time', 'datetime', 'date', 'time', 'contact date', 'at'],
  setting: ['boi canh', 'hoan canh', 'hoan canh tiep xuc', 'boi canh tiep xuc', 'noi tiep xuc', 'loai tiep xuc', 'hinh thuc tiep xuc', 'setting', 'context', 'place'],
  evidence: ['mo ta', 'mo ta tiep xuc', 'ghi chu', 'bang chung', 'chi tiet', 'noi dung', 'evidence', 'notes', 'note', 'description', 'details', 'contact details'],
};

const normalizeHeader = (s: string) =>
  foldVietnamese(s.normalize('NFC'))
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[*:#.]/g, ' ')
    .replace(/\s*\/\s*/g, '/')
    .replace(/\s+/g, ' ')
    .trim();

export function headerColumn(cell: string): Column | null {
  const h = normalizeHeader(cell);
  if (h === '') return null;
  for (const c of COLUMNS) if (HEADER_WORDS[c].includes(h)) return c;
  return null;
}

/** The columns named by a header line, or null when the line is data: at least half of its non-empty cells
 * (and at least one) must be header words. */
export function headerColumns(cells: readonly string[]): (Column | null)[] | null {
  const mapped = cells.map(headerColumn);
  const filled = cells.filter((c) => c.trim() !== '').length;
  const named = mapped.filter(Boolean).length;
  if (named === 0 || named * 2 < filled) return null;
  const seen = new Set<Column>();
  return mapped.map((c) => {
    if (!c || seen.has(c)) return null;
    seen.add(c);
    return c;
  });
}

export interface PasteLayout {
  header: boolean;
  /** The grid column of each pasted column (null: not used). */
  columns: (Column | null)[];
  data: string[][];
}

/** Where the pasted columns go: by the header's names when there is a header line, else side by side from the
 * column the paste started in. */
export function pasteLayout(grid: readonly (readonly string[])[], startColumn: number): PasteLayout {
  const width = Math.max(0, ...grid.map((r) => r.length));
  const head = grid.length > 0 ? headerColumns(grid[0]!) : null;
  if (head) return { header: true, columns: Array.from({ length: width }, (_, j) => head[j] ?? null), data: grid.slice(1).map((r) => [...r]) };
  return {
    header: false,
    columns: Array.from({ length: width }, (_, j) => COLUMNS[startColumn + j] ?? null),
    data: grid.map((r) => [...r]),
  };
}

export interface PasteResult {
  rows: DraftRow[];
  header: boolean;
  /** Index of the first and last rows written. */
  first: number;
  last: number;
  /** Rows added at the end. */
  added: number;
  /** Data rows pasted (the header line not counted). */
  count: number;
  /** Columns written. */
  columns: Column[];
}

/**
 * Pastes a block at (row, column): fills rows and columns from there on, adding rows as needed (they start with
 * the cells carried from the row above). A blank pasted cell replaces the value of a row that had data but not
 * what a blank row carried. Person cells of rows whose record this sheet already created are left alone.
 */
export function applyPaste(
  rows: readonly DraftRow[],
  at: { row: number; col: number },
  text: string,
  ctx: CellContext & { newKey: () => string },
): PasteResult {
  const layout = pasteLayout(parsePaste(text), at.col);
  const out = [...rows];
  const start = Math.max(0, Math.min(at.row, out.length));
  let added = 0;
  layout.data.forEach((cells, i) => {
    const index = start + i;
    if (index >= out.length) {
      out.push(newRow(ctx.newKey(), carryFrom(out[index - 1]?.values)));
      added += 1;
    }
    let row = out[index]!;
    const wasBlank = isBlankRow(row.values);
    layout.columns.forEach((column, j) => {
      if (!column) return;
      const value = normalizeCell(column, cells[j] ?? '', ctx);
      if (value === '' && wasBlank) return;
      row = editCell(row, column, value);
    });
    out[index] = row;
  });
  return {
    rows: out,
    header: layout.header,
    first: start,
    last: start + Math.max(0, layout.data.length - 1),
    added,
    count: layout.data.length,
    columns: layout.columns.filter((c): c is Column => c !== null),
  };
}

// ---- validation

export interface Problem {
  code: string;
  params?: Record<string, string | number>;
  /** An error blocks the save; a warning is shown only. */
  level: 'error' | 'warning';
}

export function checkContactTime(text: string, now: number): { ok: true; iso: string } | { ok: false; code: string } {
  const r = parseContactTime(text);
  if (!r.ok) {
    return { ok: false, code: r.problem === 'empty' ? 'common.required' : r.problem === 'no_time' ? 'linelist.err.timeMissing' : 'linelist.err.time' };
  }
  // A few minutes of grace for a clock behind the server's.
  if (Date.parse(r.iso) > now + 10 * 60_000) return { ok: false, code: 'linelist.err.future' };
  return r;
}

/** The person form the row stands for (a row holds a birth year only, no address, nationality VN). */
export function rowToPersonForm(v: RowValues): PersonFormValues {
  const idNumber = v.idNumber.trim();
  return {
    fullName: v.fullName,
    birthDate: '',
    birthYear: v.birthYear.trim(),
    sex: v.sex === 'male' || v.sex === 'female' ? v.sex : '',
    idType: inferIdType(idNumber),
    idNumber,
    phone: v.phone,
    address: '',
    communeCode: v.communeCode,
    nationality: 'VN',
  };
}

/** Field of the person API (and form) → column of the grid. */
const PERSON_FIELD_COLUMN: Readonly<Record<string, Column>> = {
  fullName: 'fullName', birthYear: 'birthYear', birthDate: 'birthYear', sex: 'sex', idType: 'idNumber', idNumber: 'idNumber',
  phone: 'phone', communeCode: 'communeCode',
};

const ID_PROBLEM_CODE = {
  format: 'person.invalid_id_number', province: 'linelist.err.idProvince', birth_year: 'linelist.err.idBirthYear', sex: 'linelist.err.idSex',
} as const;

/** Checks the person cells with the shared PersonInput schema (the server's own rules and error codes). */
export function checkPersonCells(v: RowValues, communeCodes: ReadonlySet<string> | null): { errors: CellErrors; other: string[]; person: PersonInput | null } {
  const errors: CellErrors = {};
  const other: string[] = [];
  const form = rowToPersonForm(v);
  const result = validatePersonForm(form);
  if (!result.ok) {
    for (const [field, code] of Object.entries(result.errors)) {
      if (!code) continue;
      const column = PERSON_FIELD_COLUMN[field];
      if (column) errors[column] ??= code;
      else other.push(code);
    }
  }
  if (v.sex !== '' && v.sex !== 'male' && v.sex !== 'female') errors.sex = 'linelist.err.sex';
  if (errors.idNumber === 'person.invalid_id_number') {
    const year = /^\d{4}$/.test(form.birthYear) ? Number(form.birthYear) : null;
    const r = checkIdNumber(form.idType, form.idNumber, { birthYear: year, sex: form.sex || null });
    if (!r.ok) errors.idNumber = ID_PROBLEM_CODE[r.problem];
  }
  if (v.communeCode !== '' && !errors.communeCode) {
    if (!/^\d{5}$/.test(v.communeCode)) errors.communeCode = 'linelist.err.commune';
    else if (communeCodes && !communeCodes.has(v.communeCode)) errors.communeCode = 'person.unknown_commune';
  } else if (errors.communeCode === 'person.unknown_commune' && !/^\d{5}$/.test(v.communeCode)) {
    errors.communeCode = 'linelist.err.commune';
  }
  const ok = result.ok && Object.keys(errors).length === 0 && other.length === 0;
  return { errors, other, person: ok && result.ok ? result.data : null };
}

export interface RowCheckContext {
  now: number;
  /** Codes of the communes a person may live in; null while not loaded (not checked then). */
  communeCodes: ReadonlySet<string> | null;
  /** The case's person: a contact of themself is refused. */
  casePersonId: number | null;
  /** Existing records that may be this row's person (decide before saving). */
  candidates: number;
  /** Duplicates of this row inside the sheet. */
  sheet: readonly SheetDuplicate[];
}

export interface ContactPart {
  at: string;
  setting: Setting;
  evidence: string | null;
}

export interface RowCheck {
  ok: boolean;
  cells: CellErrors;
  problems: Problem[];
  /** The normalised person to create (rows not linked to an existing record), when valid. */
  person: PersonInput | null;
  contact: ContactPart | null;
}

/** Everything that would stop this row from being saved, per cell and for the row, plus warnings. */
export function checkRow(row: DraftRow, ctx: RowCheckContext): RowCheck {
  const v = row.values;
  const cells: CellErrors = {};
  const problems: Problem[] = [];
  let person: PersonInput | null = null;
  const linked = row.link.kind === 'existing' ? row.link.person : null;
  if (!linked) {
    const p = checkPersonCells(v, ctx.communeCodes);
    Object.assign(cells, p.errors);
    for (const code of p.other) problems.push({ code, level: 'error' });
    person = p.person;
    if (row.link.kind === 'undecided' && ctx.candidates > 0) problems.push({ code: 'linelist.err.undecided', level: 'error' });
  } else if (ctx.casePersonId !== null && linked.id === ctx.casePersonId) {
    problems.push({ code: 'linelist.err.self', level: 'error' });
  }
  const time = checkContactTime(v.at, ctx.now);
  if (!time.ok) cells.at = time.code;
  const setting = v.setting === '' ? null : (SETTINGS as readonly string[]).includes(v.setting) ? (v.setting as Setting) : null;
  if (v.setting === '') cells.setting = 'common.required';
  else if (!setting) cells.setting = 'linelist.err.setting';
  const evidence = v.evidence.normalize('NFC').trim();
  if (evidence.length > 2000) cells.evidence = 'linelist.err.tooLong';
  for (const d of ctx.sheet) {
    const blocking = (d.reason === 'same_id' && !(linked && d.otherLinked)) || (d.reason === 'same_name_year_commune' && !linked && !d.otherLinked);
    problems.push({ code: `linelist.dup.${d.reason}`, params: { row: d.other + 1 }, level: blocking ? 'error' : 'warning' });
  }
  const ok = Object.keys(cells).length === 0 && problems.every((p) => p.level !== 'error') && (linked !== null || person !== null);
  return {
    ok,
    cells,
    problems,
    person,
    contact: time.ok && setting ? { at: time.iso, setting, evidence: evidence || null } : null,
  };
}

// ---- duplicates inside the sheet

export type SheetReason = 'same_person' | 'same_id' | 'same_name_year_commune' | 'same_name_year' | 'same_phone';
const SHEET_ORDER: readonly SheetReason[] = ['same_person', 'same_id', 'same_name_year_commune', 'same_name_year', 'same_phone'];

export interface SheetDuplicate {
  /** Index of the other row. */
  other: number;
  reason: SheetReason;
  /** The other row is linked to an existing record. */
  otherLinked: boolean;
}

/** Rows of the sheet that look like the same person: the same linked record, identity number, name + birth
 * year (+ commune, the server's duplicate rule) or phone. Each pair once per row, with its strongest reason. */
export function sheetDuplicates(rows: readonly Pick<DraftRow, 'values' | 'link'>[]): Map<number, SheetDuplicate[]> {
  const keysOf = (r: Pick<DraftRow, 'values' | 'link'>): Partial<Record<SheetReason, string>> => {
    if (isBlankRow(r.values)) return {};
    const v = r.values;
    const keys: Partial<Record<SheetReason, string>> = {};
    if (r.link.kind === 'existing') keys.same_person = String(r.link.person.id);
    const id = normalizeIdCell(v.idNumber);
    if (id.length >= 6) keys.same_id = id.toUpperCase();
    const name = foldVietnamese(normalizeName(v.fullName));
    if (name && /^\d{4}$/.test(v.birthYear.trim())) {
      keys.same_name_year = `${name}|${v.birthYear.trim()}`;
      if (v.communeCode) keys.same_name_year_commune = `${name}|${v.birthYear.trim()}|${v.communeCode}`;
    }
    const phone = normalizePhone(v.phone);
    if (phone) keys.same_phone = phone;
    return keys;
  };
  const keys = rows.map(keysOf);
  const best = new Map<string, SheetReason>(); // "i,j" → reason
  for (const reason of SHEET_ORDER) {
    const groups = new Map<string, number[]>();
    keys.forEach((k, i) => {
      const key = k[reason];
      if (key === undefined) return;
      const g = groups.get(key);
      if (g) g.push(i);
      else groups.set(key, [i]);
    });
    for (const g of groups.values()) {
      for (const a of g) for (const b of g) if (a !== b && !best.has(`${a},${b}`)) best.set(`${a},${b}`, reason);
    }
  }
  const out = new Map<number, SheetDuplicate[]>();
  for (const [pair, reason] of best) {
    const [a, b] = pair.split(',').map(Number) as [number, number];
    const list = out.get(a) ?? [];
    list.push({ other: b, reason, otherLinked: rows[b]!.link.kind === 'existing' });
    out.set(a, list);
  }
  for (const list of out.values()) list.sort((x, y) => SHEET_ORDER.indexOf(x.reason) - SHEET_ORDER.indexOf(y.reason) || x.other - y.other);
  return out;
}

// ---- existing people that may be the row's person

export interface Lookup {
  name: string | null;
  birthYear: number | null;
  phone: string | null;
  idNumber: string | null;
}

/** What to look up for a row: a name with a birth year, a phone or an ID number; or an ID number alone. Null
 * when the row says too little (a name alone would list half the province). */
export function lookupOf(v: RowValues): Lookup | null {
  const name = normalizeName(v.fullName);
  const folded = foldVietnamese(name);
  const year = /^\d{4}$/.test(v.birthYear.trim()) ? Number(v.birthYear.trim()) : null;
  const phone = normalizePhone(v.phone);
  const idRaw = v.idNumber.replace(/[\s.-]/g, '').toUpperCase();
  const id = /^[A-Z0-9]{6,12}$/.test(idRaw) ? idRaw : null;
  const hasName = folded.replace(/ /g, '').length >= 3;
  if (!hasName && !id) return null;
  if (hasName && year === null && !phone && !id) return null;
  return { name: hasName ? name : null, birthYear: year, phone, idNumber: id };
}

/** A stable text key of a lookup (for query caches and change detection). */
export function lookupKey(l: Lookup | null): string {
  return l ? JSON.stringify([l.name ? foldVietnamese(l.name) : null, l.birthYear, l.phone, l.idNumber]) : '';
}

export type LookupQueryKind = 'name' | 'phone' | 'id';
export interface LookupQuery {
  kind: LookupQueryKind;
  params: { q: string; birthYear?: number };
}

/** The people searches (GET /api/people) a lookup needs: name with birth year, phone, ID number. */
export function lookupQueries(l: Lookup): LookupQuery[] {
  const out: LookupQuery[] = [];
  if (l.idNumber) out.push({ kind: 'id', params: { q: l.idNumber } });
  if (l.phone) out.push({ kind: 'phone', params: { q: l.phone } });
  // The search takes 100 characters at most; a longer name still finds its namesakes by its first words.
  if (l.name && l.birthYear !== null) out.push({ kind: 'name', params: { q: l.name.slice(0, 100).trim(), birthYear: l.birthYear } });
  return out;
}

/** Two names that may be one person's: equal without diacritics, or one's words all in the other with the same
 * given name (the last word) and at least two words ("Nguyễn Bình" ~ "Nguyễn Văn Bình"). */
export function namesMatch(a: string, b: string): boolean {
  const x = foldVietnamese(a);
  const y = foldVietnamese(b);
  if (!x || !y) return false;
  if (x === y) return true;
  const xs = x.split(' ');
  const ys = y.split(' ');
  const [short, long] = xs.length <= ys.length ? [xs, ys] : [ys, xs];
  return short.length >= 2 && short[short.length - 1] === long[long.length - 1] && short.every((w) => long.includes(w));
}

const REASON_SCORE: Record<CandidateReason, number> = { same_id: 100, same_name_year: 50, same_phone: 20, same_name: 10 };

/** Candidates from the searches' results: only people who really match (the name search also returns partial
 * matches), strongest first, the case's own person left out. */
export function rankCandidates(
  l: Lookup,
  found: ReadonlyArray<{ kind: LookupQueryKind; items: readonly PersonSummary[] }>,
  opts: { exclude?: readonly number[]; limit?: number } = {},
): Candidate[] {
  const byId = new Map<number, Candidate>();
  const add = (p: PersonSummary, reason: CandidateReason) => {
    if (opts.exclude?.includes(p.id)) return;
    const c = byId.get(p.id) ?? { person: p, reasons: [] };
    if (!c.reasons.includes(reason)) c.reasons.push(reason);
    byId.set(p.id, c);
  };
  for (const f of found) {
    for (const p of f.items) {
      if (f.kind === 'id' && l.idNumber && p.idNumber === l.idNumber) add(p, 'same_id');
      if (f.kind === 'phone' && l.phone && p.phone === l.phone) add(p, 'same_phone');
      if (f.kind === 'name' && l.name && namesMatch(l.name, p.fullName)) add(p, p.birthYear === l.birthYear ? 'same_name_year' : 'same_name');
    }
  }
  const score = (c: Candidate) => c.reasons.reduce((s, r) => s + REASON_SCORE[r], 0) + (l.name && namesMatch(l.name, c.person.fullName) ? 5 : 0);
  for (const c of byId.values()) c.reasons.sort((a, b) => REASON_SCORE[b] - REASON_SCORE[a]);
  return [...byId.values()].sort((a, b) => score(b) - score(a) || a.person.id - b.person.id).slice(0, opts.limit ?? 5);
}

/** Candidates of a 409 answer (person.duplicate_id / person.possible_duplicate) as the grid shows them. */
export function candidatesFromServer(items: readonly DuplicateCandidate[]): Candidate[] {
  return items.map(({ reason, ...person }) => ({ person, reasons: [reason === 'same_id' ? 'same_id' : 'same_name_year'] }));
}

/** The two rows merged: a candidate from several sources once, with every reason. */
export function mergeCandidates(...lists: ReadonlyArray<readonly Candidate[]>): Candidate[] {
  const byId = new Map<number, Candidate>();
  for (const list of lists) {
    for (const c of list) {
      const have = byId.get(c.person.id);
      if (!have) byId.set(c.person.id, { person: c.person, reasons: [...c.reasons] });
      else for (const r of c.reasons) if (!have.reasons.includes(r)) have.reasons.push(r);
    }
  }
  return [...byId.values()];
}

/** An identity number with all but its last 4 characters hidden: '••••••••1234'. */
export function maskId(id: string | null | undefined): string {
  if (!id) return '';
  return id.length <= 4 ? '•'.repeat(id.length) : `${'•'.repeat(id.length - 4)}${id.slice(-4)}`;
}

// ---- server errors

interface FieldIssue {
  path: string;
  code: string;
}

/** A cell error that is not a code but the server's own message (already in the user's language), for the
 * validation keywords that have no code of their own ('request.too_big'…): written '!' + message. */
export const LITERAL_PREFIX = '!';

function issueCode(code: unknown, message: unknown): string {
  const c = typeof code === 'string' ? code : 'request.invalid';
  if (Object.hasOwn(ERROR_MESSAGES, c) || typeof message !== 'string' || message.trim() === '') return c;
  return `${LITERAL_PREFIX}${message}`;
}

function fieldIssues(details: unknown): FieldIssue[] {
  if (!details || typeof details !== 'object') return [];
  const fields = (details as { fields?: unknown }).fields;
  if (!Array.isArray(fields)) return [];
  const out: FieldIssue[] = [];
  for (const f of fields) {
    if (!f || typeof f !== 'object') continue;
    const { path, code, message } = f as { path?: unknown; code?: unknown; message?: unknown };
    const p = Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : '';
    out.push({ path: p, code: issueCode(code, message) });
  }
  return out;
}

export interface ServerError {
  code: string;
  details: unknown;
}

/** A refused POST /api/people → the row's cell errors, row error and candidates to pick from. */
export function personErrorsFromServer(err: ServerError): { cells: CellErrors; row: string | null; candidates: Candidate[] } {
  const cells: CellErrors = {};
  let row: string | null = null;
  for (const f of fieldIssues(err.details)) {
    const column = PERSON_FIELD_COLUMN[f.path.split('.')[0] ?? ''];
    if (column) cells[column] ??= f.code;
    else row ??= f.code;
  }
  const raw = err.details && typeof err.details === 'object' ? (err.details as { candidates?: unknown }).candidates : undefined;
  const candidates = Array.isArray(raw) ? candidatesFromServer(raw as DuplicateCandidate[]) : [];
  if (err.code === 'person.duplicate_id') cells.idNumber ??= err.code;
  else if (err.code === 'person.unknown_commune' || err.code === 'auth.outside_area') cells.communeCode ??= err.code;
  else if (Object.keys(cells).length === 0 && row === null) row = err.code;
  return { cells, row, candidates };
}

const CONTACT_FIELD_COLUMN: Readonly<Record<string, Column>> = { at: 'at', until: 'at', setting: 'setting', evidence: 'evidence', source: 'setting' };

/** A refused POST /api/tracing/contacts → errors of the rows sent (by their index in the batch), and what
 * belongs to no row. `personIds[i]` is the person of batch row i. */
export function contactErrorsFromServer(
  err: ServerError,
  personIds: readonly number[],
): { rows: Map<number, { cells: CellErrors; row: string | null }>; general: string | null } {
  const rows = new Map<number, { cells: CellErrors; row: string | null }>();
  const at = (i: number) => {
    const r = rows.get(i) ?? { cells: {}, row: null };
    rows.set(i, r);
    return r;
  };
  for (const f of fieldIssues(err.details)) {
    const m = /^contacts\.(\d+)(?:\.(\w+))?/.exec(f.path);
    const i = m ? Number(m[1]) : -1;
    if (!m || i >= personIds.length) continue;
    const column = m[2] ? CONTACT_FIELD_COLUMN[m[2]] : undefined;
    const r = at(i);
    if (column) r.cells[column] ??= f.code;
    else r.row ??= f.code;
  }
  const missing = err.details && typeof err.details === 'object' ? (err.details as { personIds?: unknown }).personIds : undefined;
  if (err.code === 'tracing.person_not_found' && Array.isArray(missing)) {
    personIds.forEach((id, i) => {
      if (missing.includes(id)) at(i).row ??= err.code;
    });
  }
  return { rows, general: rows.size === 0 ? err.code : null };
}

// ---- keyboard

export interface Cursor {
  row: number;
  col: number;
}

export type NavKey = 'tab' | 'shiftTab' | 'enter' | 'shiftEnter' | 'up' | 'down';
export type KeyAction = NavKey | 'save' | 'deleteRow' | 'fillDown';

/** The grid's meaning of a key press; null for keys left to the browser (typing, Alt+↓ opening a list…). */
export function keyAction(e: { key: string; shiftKey: boolean; ctrlKey: boolean; altKey: boolean; metaKey: boolean }): KeyAction | null {
  const mod = e.ctrlKey || e.metaKey;
  if (e.altKey) return null;
  if (mod && !e.shiftKey && e.key === 'Enter') return 'save';
  if (mod && !e.shiftKey && e.key === 'Delete') return 'deleteRow';
  if (mod && !e.shiftKey && (e.key === 'd' || e.key === 'D')) return 'fillDown';
  if (mod) return null;
  switch (e.key) {
    case 'Enter':
      return e.shiftKey ? 'shiftEnter' : 'enter';
    case 'Tab':
      return e.shiftKey ? 'shiftTab' : 'tab';
    case 'ArrowUp':
      return e.shiftKey ? null : 'up';
    case 'ArrowDown':
      return e.shiftKey ? null : 'down';
    default:
      return null;
  }
}

/**
 * Where a key moves the cursor in a grid of `rows` × `cols`: Tab / Shift+Tab to the next / previous cell (on to
 * the next or previous row at the ends), Enter down (a new row below the last), Shift+Enter and ↑ up, ↓ down
 * (staying on the last row). `append` says a row must be added first.
 */
export function moveCursor(cur: Cursor, key: NavKey, rows: number, cols: number = COLUMNS.length): { cursor: Cursor; append: boolean } {
  const last = Math.max(0, rows - 1);
  const row = Math.min(Math.max(0, cur.row), last);
  const col = Math.min(Math.max(0, cur.col), cols - 1);
  switch (key) {
    case 'tab':
      if (col < cols - 1) return { cursor: { row, col: col + 1 }, append: false };
      return { cursor: { row: row + 1, col: 0 }, append: row === last };
    case 'shiftTab':
      if (col > 0) return { cursor: { row, col: col - 1 }, append: false };
      return row > 0 ? { cursor: { row: row - 1, col: cols - 1 }, append: false } : { cursor: { row, col }, append: false };
    case 'enter':
      return { cursor: { row: row + 1, col }, append: row === last };
    case 'down':
      return { cursor: { row: Math.min(row + 1, last), col }, append: false };
    case 'shiftEnter':
    case 'up':
      return { cursor: { row: Math.max(0, row - 1), col }, append: false };
  }
}

/** Rows after deleting one (never none: the last row is replaced by an empty one), and the row to focus. */
export function deleteRow(rows: readonly DraftRow[], index: number, newKey: () => string): { rows: DraftRow[]; focus: number } {
  const out = rows.filter((_, i) => i !== index);
  if (out.length === 0) return { rows: [newRow(newKey(), carryFrom(rows[index]?.values))], focus: 0 };
  return { rows: out, focus: Math.min(index, out.length - 1) };
}

/** Rows with a new row inserted after `index` (carrying the cells of that row). */
export function insertRowAfter(rows: readonly DraftRow[], index: number, newKey: () => string): DraftRow[] {
  const out = [...rows];
  out.splice(index + 1, 0, newRow(newKey(), carryFrom(rows[index]?.values)));
  return out;
}

/** Ctrl+D as in a spreadsheet: the cell takes the value of the cell above. */
export function fillDown(rows: readonly DraftRow[], at: Cursor): DraftRow[] {
  const above = rows[at.row - 1];
  const row = rows[at.row];
  const column = COLUMNS[at.col];
  if (!above || !row || !column) return [...rows];
  const out = [...rows];
  out[at.row] = editCell(row, column, above.values[column]);
  return out;
}

// ---- save

/** The body of POST /api/tracing/contacts for the checked rows: person A is the case's person. */
export function contactsBody(casePersonId: number, rows: ReadonlyArray<{ personId: number; contact: ContactPart }>) {
  return {
    contacts: rows.map((r) => ({
      personA: casePersonId,
      personB: r.personId,
      at: r.contact.at,
      setting: r.contact.setting,
      source: 'interview' as const,
      evidence: r.contact.evidence,
    })),
  };
}

/** Runs at most `n` tasks at once (the lookups of a pasted sheet would otherwise fire all together). */
export function createLimiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: Array<() => void> = [];
  const next = () => {
    if (active >= n) return;
    const run = queue.shift();
    if (run) {
      active += 1;
      run();
    }
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            active -= 1;
            next();
          });
      });
      next();
    });
}
