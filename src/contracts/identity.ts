// Identity formats (DOMAIN.md §5): CCCD, CMND, passport, mobile phone, names. Pure functions shared by the
// server (validation at the edge) and the web app (inline errors), so each rule is written once.

/** Province codes valid as CCCD prefixes: the 63 pre-2025 provinces (numbers issued before the 2025 mergers
 * keep their prefix, e.g. 006 Bắc Kạn). Source: Thông tư 07/2016/TT-BCA, Phụ lục I. */
export const CCCD_PROVINCE_PREFIXES: Readonly<Record<string, string>> = {
  '001': 'Hà Nội', '002': 'Hà Giang', '004': 'Cao Bằng', '006': 'Bắc Kạn', '008': 'Tuyên Quang', '010': 'Lào Cai',
  '011': 'Điện Biên', '012': 'Lai Châu', '014': 'Sơn La', '015': 'Yên Bái', '017': 'Hòa Bình', '019': 'Thái Nguyên',
  '020': 'Lạng Sơn', '022': 'Quảng Ninh', '024': 'Bắc Giang', '025': 'Phú Thọ', '026': 'Vĩnh Phúc', '027': 'Bắc Ninh',
  '030': 'Hải Dương', '031': 'Hải Phòng', '033': 'Hưng Yên', '034': 'Thái Bình', '035': 'Hà Nam', '036': 'Nam Định',
  '037': 'Ninh Bình', '038': 'Thanh Hóa', '040': 'Nghệ An', '042': 'Hà Tĩnh', '044': 'Quảng Bình', '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế', '048': 'Đà Nẵng', '049': 'Quảng Nam', '051': 'Quảng Ngãi', '052': 'Bình Định', '054': 'Phú Yên',
  '056': 'Khánh Hòa', '058': 'Ninh Thuận', '060': 'Bình Thuận', '062': 'Kon Tum', '064': 'Gia Lai', '066': 'Đắk Lắk',
  '067': 'Đắk Nông', '068': 'Lâm Đồng', '070': 'Bình Phước', '072': 'Tây Ninh', '074': 'Bình Dương', '075': 'Đồng Nai',
  '077': 'Bà Rịa - Vũng Tàu', '079': 'Hồ Chí Minh', '080': 'Long An', '082': 'Tiền Giang', '083': 'Bến Tre', '084': 'Trà Vinh',
  '086': 'Vĩnh Long', '087': 'Đồng Tháp', '089': 'An Giang', '091': 'Kiên Giang', '092': 'Cần Thơ', '093': 'Hậu Giang',
  '094': 'Sóc Trăng', '095': 'Bạc Liêu', '096': 'Cà Mau',
};

export type Sex = 'male' | 'female';
export type IdType = 'cccd' | 'cmnd' | 'passport';

/** The century/sex digit (4th) of a CCCD: 1900s male 0 / female 1, 2000s 2 / 3, … (NĐ 137/2015/NĐ-CP Điều 13). */
export function cccdCenturySex(digit: number): { century: number; sex: Sex } {
  return { century: 1900 + Math.floor(digit / 2) * 100, sex: digit % 2 === 0 ? 'male' : 'female' };
}

export function cccdDigitFor(year: number, sex: Sex): number {
  return Math.floor((year - 1900) / 100) * 2 + (sex === 'female' ? 1 : 0);
}

export type IdProblem = 'format' | 'province' | 'birth_year' | 'sex';

/** Checks an identity number; returns its normal form or the problem. */
export function checkIdNumber(
  type: IdType,
  raw: string,
  ctx: { birthYear?: number | null; sex?: Sex | null } = {},
): { ok: true; value: string } | { ok: false; problem: IdProblem } {
  const v = raw.replace(/[\s.-]/g, '').toUpperCase();
  if (type === 'passport') return /^[A-Z0-9]{6,12}$/.test(v) ? { ok: true, value: v } : { ok: false, problem: 'format' };
  if (type === 'cmnd') return /^\d{9}$/.test(v) ? { ok: true, value: v } : { ok: false, problem: 'format' };
  if (!/^\d{12}$/.test(v)) return { ok: false, problem: 'format' };
  if (!CCCD_PROVINCE_PREFIXES[v.slice(0, 3)]) return { ok: false, problem: 'province' };
  const { century, sex } = cccdCenturySex(Number(v[3]));
  const year = century + Number(v.slice(4, 6));
  if (ctx.birthYear != null && ctx.birthYear !== year) return { ok: false, problem: 'birth_year' };
  if (ctx.sex != null && ctx.sex !== sex) return { ok: false, problem: 'sex' };
  return { ok: true, value: v };
}

// Prefixes renamed in the 2018-2019 change from 11 to 10 digits (only the prefix changed).
const OLD_PREFIXES: Readonly<Record<string, string>> = {
  '0162': '032', '0163': '033', '0164': '034', '0165': '035', '0166': '036', '0167': '037', '0168': '038', '0169': '039',
  '0120': '070', '0121': '079', '0122': '077', '0126': '076', '0128': '078',
  '0123': '083', '0124': '084', '0125': '085', '0127': '081', '0129': '082',
  '0186': '056', '0188': '058', '0199': '059',
};
const MOBILE = /^0(3[2-9]|5[2689]|7[06-9]|8[1-9]|9\d)\d{7}$/;

/** Normalises a Vietnamese mobile number from +84 / 84 / 0 forms (and old 11-digit numbers) to 10 digits. */
export function normalizePhone(raw: string): string | null {
  let d = raw.replace(/[\s.()-]/g, '');
  if (d.startsWith('+84')) d = '0' + d.slice(3);
  else if (/^84\d{9,10}$/.test(d)) d = '0' + d.slice(2);
  if (!/^\d+$/.test(d)) return null;
  if (d.length === 11 && OLD_PREFIXES[d.slice(0, 4)]) d = OLD_PREFIXES[d.slice(0, 4)] + d.slice(4);
  return MOBILE.test(d) ? d : null;
}

/** NFC, single spaces, trimmed. Names keep their original spelling for display. */
export function normalizeName(raw: string): string {
  return raw.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Letters (any script), marks, spaces, and . ' - (H'Mông names such as "H'Hen Niê"). */
export const NAME_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u;

// The fold table, built by the same rule as the SQL pd_fold() of migrations/0005: every precomposed Latin
// letter of Latin-1, Latin Extended-A/B and Latin Extended Additional whose decomposition is one ASCII letter
// plus marks, a few letters with strokes, and the combining marks (deleted).
const FOLD_SPECIAL: Record<string, string> = {
  'đ': 'd', 'Đ': 'd', 'ð': 'd', 'Ð': 'd', 'ø': 'o', 'Ø': 'o', 'ł': 'l', 'Ł': 'l', 'ħ': 'h', 'Ħ': 'h',
  'ŧ': 't', 'Ŧ': 't', 'ı': 'i', 'ƀ': 'b', 'ƶ': 'z', 'ɨ': 'i', 'ʉ': 'u',
};
const FOLD = new Map<string, string>();
for (const [a, b] of [[0xc0, 0x24f], [0x1e00, 0x1eff]] as const) {
  for (let c = a; c <= b; c++) {
    const ch = String.fromCodePoint(c);
    const base = FOLD_SPECIAL[ch] ?? ch.normalize('NFD').replace(/\p{M}/gu, '');
    if (/^[A-Za-z]$/.test(base) && base !== ch) FOLD.set(ch, base.toLowerCase());
  }
}
for (let c = 0x300; c <= 0x36f; c++) FOLD.set(String.fromCodePoint(c), '');

/** Diacritics-insensitive key, identical to SQL pd_fold(): "Nguyễn Văn Hoà" → "nguyen van hoa".
 * Only ASCII is lower-cased (as lower() under the "C" collation), so the key never depends on a locale. */
export function foldVietnamese(s: string): string {
  let out = '';
  for (const ch of s) out += FOLD.get(ch) ?? ch;
  return out.replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(/[ \t\n\r\f\v]+/g, ' ').replace(/^ | $/g, '');
}

export function isValidIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
