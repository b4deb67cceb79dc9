// Parsing an official administrative-unit list (CSV: code, name, level, parent). Pure functions.
import { foldVietnamese } from '../../../contracts/identity.ts';

/** RFC 4180 CSV: quoted fields, doubled quotes, commas and newlines inside quotes, CRLF or LF, optional BOM. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',' || c === ';' || c === '\t') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows;
}

export type UnitLevel = 'province' | 'district' | 'commune';
const WIDTH: Record<UnitLevel, number> = { province: 2, district: 3, commune: 5 };
export type UnitRow = { line: number; code: string; name: string; level: UnitLevel; parentCode: string | null };
export type RowError = { line: number; message: string };

const HEADERS: Record<string, 'code' | 'name' | 'level' | 'parent'> = {
  code: 'code', ma: 'code', 'ma so': 'code', 'ma dvhc': 'code',
  name: 'name', ten: 'name', 'ten dvhc': 'name',
  level: 'level', cap: 'level', 'cap dvhc': 'level', type: 'level',
  parent: 'parent', parent_code: 'parent', province_code: 'parent', 'ma tinh': 'parent', ma_tinh: 'parent', 'ma cap tren': 'parent',
};

function levelOf(raw: string | undefined, code: string, name: string): UnitLevel | null {
  const v = foldVietnamese(raw ?? '');
  if (['province', 'tinh', 'thanh pho', 'thanh pho truc thuoc trung uong', '1'].includes(v)) return 'province';
  if (['district', 'huyen', 'quan', 'thi xa', '2'].includes(v)) return 'district';
  if (['commune', 'xa', 'phuong', 'dac khu', 'thi tran', '3'].includes(v)) return 'commune';
  if (v) return null;
  const n = foldVietnamese(name);
  if (code.length === 2 || /^(tinh|thanh pho) /.test(n) && code.length <= 2) return 'province';
  if (code.length === 3) return 'district';
  if (code.length === 5) return 'commune';
  return null;
}

/** Reads rows (from CSV text, or from a worksheet) into units; collects every problem with its line number
 * instead of stopping at the first. Codes that a spreadsheet turned into numbers ("4" for "04") are padded by
 * their level when the level is given. */
export function readUnitList(input: string | string[][]): { units: UnitRow[]; errors: RowError[] } {
  const rows = typeof input === 'string' ? parseCsv(input) : input;
  const errors: RowError[] = [];
  const units: UnitRow[] = [];
  if (rows.length === 0) return { units, errors: [{ line: 1, message: 'tệp rỗng / empty file' }] };
  const header = rows[0]!.map((h) => HEADERS[foldVietnamese(h).replace(/\s+/g, ' ')]);
  if (!header.includes('code') || !header.includes('name')) {
    return { units, errors: [{ line: 1, message: 'cần cột code và name / needs columns code and name' }] };
  }
  const col = (r: string[], k: 'code' | 'name' | 'level' | 'parent') => {
    const i = header.indexOf(k);
    return i < 0 ? undefined : r[i]?.trim();
  };
  const seen = new Map<string, number>();
  rows.slice(1).forEach((r, i) => {
    const line = i + 2;
    let code = col(r, 'code') ?? '';
    const name = (col(r, 'name') ?? '').normalize('NFC').replace(/\s+/g, ' ');
    const given = levelOf(col(r, 'level'), 'x', name);
    if (/^\d{1,4}$/.test(code) && given) code = code.padStart(WIDTH[given], '0');
    if (!/^\d{2}$|^\d{3}$|^\d{5}$/.test(code)) return errors.push({ line, message: `mã không hợp lệ / invalid code "${code}"` });
    if (!name || name.length > 200) return errors.push({ line, message: 'thiếu tên / missing name' });
    const level = levelOf(col(r, 'level'), code, name);
    if (!level) return errors.push({ line, message: `cấp không rõ / unknown level "${col(r, 'level') ?? ''}"` });
    let parent = col(r, 'parent') || null;
    if (parent && /^\d$/.test(parent)) parent = parent.padStart(2, '0');
    if (parent && !/^\d{2,3}$/.test(parent)) return errors.push({ line, message: `mã cấp trên không hợp lệ / invalid parent "${parent}"` });
    if (level !== 'province' && !parent) return errors.push({ line, message: 'thiếu mã cấp trên / missing parent code' });
    const key = `${level}:${code}`;
    if (seen.has(key)) return errors.push({ line, message: `trùng mã với dòng ${seen.get(key)} / duplicate of line ${seen.get(key)}` });
    seen.set(key, line);
    units.push({ line, code, name, level, parentCode: level === 'province' ? null : parent });
  });
  return { units, errors };
}
