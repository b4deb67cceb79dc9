// Bulk import of check-ins from CSV (a venue's paper register typed into a spreadsheet, another system's export).
// Every row is checked first; the valid rows go in, the others are reported by line and field (one bad row does
// not fail the file). A row's idempotency key is derived from its venue, phone and time in, so importing the same
// file twice adds nothing the second time.
//
// Columns (header row, any order, Vietnamese or English names; separator , ; or tab; RFC 4180 quoting):
//   so_dien_thoai | phone           mobile number in any written form       (required)
//   dia_diem | venue                the venue's id or its QR token           (required)
//   gio_vao | time_in               ISO 8601 with offset, or dd/MM/yyyy HH:mm[:ss] in Vietnam time (required)
//   gio_ra | time_out               same forms                               (optional: the venue's default stay)
//   ho_ten | name                   used only for a phone not in the registry (optional)
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { CheckinImportReport } from '../../../contracts/intake.checkins.ts';
import { NAME_PATTERN, normalizeName, normalizePhone } from '../../../contracts/identity.ts';
import { errorMessage, type ErrorCode, type Lang } from '../../../contracts/errors.ts';
import type { App, Actor } from '../../platform/context.ts';
import { inArea } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { audit } from '../../platform/audit.ts';
import { int8Array, textArray } from '../../platform/db/arrays.ts';
import { insertBatchQuery, type CheckinRow } from './checkins.queries.ts';
import { personsForPhones, type PhoneCache } from './checkins.persons.ts';
import { effectiveStay, stayRule } from './venues.ts';

export const MAX_IMPORT_ROWS = 20_000;
const CHUNK = 2_000;
const DAY = 86_400_000;
/** Older check-ins than this are outside any tracing window and past retention: refused. */
const MAX_AGE_DAYS = 60;

/** RFC 4180 records; the separator is the first of , ; tab found in the header line. */
export function parseCsv(text: string): string[][] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const headerEnd = src.search(/\r?\n/);
  const header = headerEnd < 0 ? src : src.slice(0, headerEnd);
  const sep = [',', ';', '\t'].map((s) => ({ s, i: header.indexOf(s) })).filter((x) => x.i >= 0).sort((a, b) => a.i - b.i)[0]?.s ?? ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

const COLUMNS: Record<string, 'phone' | 'venue' | 'timeIn' | 'timeOut' | 'name'> = {
  so_dien_thoai: 'phone', sdt: 'phone', dien_thoai: 'phone', phone: 'phone',
  dia_diem: 'venue', ma_dia_diem: 'venue', venue: 'venue', venue_id: 'venue', ma_qr: 'venue', venue_token: 'venue',
  gio_vao: 'timeIn', thoi_gian_vao: 'timeIn', time_in: 'timeIn',
  gio_ra: 'timeOut', thoi_gian_ra: 'timeOut', time_out: 'timeOut',
  ho_ten: 'name', ten: 'name', name: 'name', full_name: 'name',
};

const headerKey = (h: string) => h.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').trim().toLowerCase().replace(/[\s-]+/g, '_');

/** An instant from ISO 8601 with an offset, or 'dd/MM/yyyy HH:mm[:ss]' read in Vietnam time (UTC+7). */
export function parseInstant(s: string): number | null {
  const t = s.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? null : ms;
  }
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (!m) return null;
  const [d, mo, y, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h - 7, mi, se);
  const back = new Date(ms + 7 * 3_600_000);
  return back.getUTCDate() === d && back.getUTCMonth() === mo - 1 ? ms : null;
}

/** A UUID (version 8: custom) derived from the row's content: the same row imported twice is one check-in. */
export function importKey(venueId: number, phone: string, timeIn: number): string {
  const h = crypto.createHash('sha256').update(`checkin-import|${venueId}|${phone}|${timeIn}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

type Parsed = { line: number; phone: string; venueRef: string; timeIn: number; timeOut: number | null; name: string | null };

export async function importCheckins(app: App, actor: Actor, phones: PhoneCache, csv: string, opts: { dryRun: boolean; lang: Lang }): Promise<CheckinImportReport> {
  const records = parseCsv(csv);
  const header = records.shift()?.map((h) => COLUMNS[headerKey(h)]);
  if (!header || !header.includes('phone') || !header.includes('venue') || !header.includes('timeIn')) {
    throw new AppError({ code: 'checkin.import_invalid', kind: 'invalid', details: { header: header ?? null } });
  }
  if (records.length > MAX_IMPORT_ROWS) throw new AppError({ code: 'checkin.import_too_many', kind: 'too_large', details: { rows: records.length, max: MAX_IMPORT_ROWS } });
  const errors: CheckinImportReport['errors'] = [];
  const fail = (line: number, field: string, code: ErrorCode) => errors.push({ line, field, code, message: errorMessage(code, opts.lang) });
  const now = Date.now();
  const parsed: Parsed[] = [];
  records.forEach((rec, i) => {
    const line = i + 2;
    const get = (k: string) => { const j = header.indexOf(k as never); return j >= 0 ? (rec[j] ?? '').trim() : ''; };
    const phone = normalizePhone(get('phone'));
    const venueRef = get('venue');
    const timeIn = parseInstant(get('timeIn'));
    const outText = get('timeOut');
    const timeOut = outText ? parseInstant(outText) : null;
    const rawName = normalizeName(get('name'));
    let ok = true;
    if (!phone) { fail(line, 'phone', 'checkin.invalid_phone'); ok = false; }
    if (!/^\d{1,15}$|^[A-Za-z0-9_-]{16,43}$/.test(venueRef)) { fail(line, 'venue', 'venue.not_found'); ok = false; }
    if (timeIn === null || timeIn > now + 5 * 60_000 || timeIn < now - MAX_AGE_DAYS * DAY) { fail(line, 'timeIn', 'checkin.invalid_time'); ok = false; }
    else if (outText && (timeOut === null || timeOut < timeIn || timeOut > timeIn + DAY)) { fail(line, 'timeOut', 'checkin.invalid_time'); ok = false; }
    if (rawName && (rawName.length > 200 || !NAME_PATTERN.test(rawName))) { fail(line, 'name', 'checkin.invalid_name'); ok = false; }
    if (ok) parsed.push({ line, phone: phone!, venueRef, timeIn: timeIn!, timeOut, name: rawName || null });
  });

  // Venues named by the file, by id or by token, in one query; each must lie in the officer's area.
  const refs = [...new Set(parsed.map((p) => p.venueRef))];
  const venueRows = refs.length ? (await sql<{ id: number; qr_token: string; kind: string; commune_code: string; default_stay_minutes: number | null }>`
    select id, qr_token, kind, commune_code, default_stay_minutes from venues
    where id = any(${int8Array(refs.filter((r) => /^\d{1,15}$/.test(r)).map(Number))}::bigint[]) or qr_token = any(${textArray(refs.filter((r) => !/^\d{1,15}$/.test(r)))}::text[])`.execute(app.db)).rows : [];
  const byRef = new Map<string, (typeof venueRows)[number]>();
  for (const v of venueRows) { byRef.set(String(v.id), v); byRef.set(v.qr_token, v); }
  const rule = await stayRule(app.db);
  const rows: Array<CheckinRow & { line: number; name: string | null; communeCode: string; phone: string }> = [];
  const seen = new Set<string>();
  let duplicatesInFile = 0;
  for (const p of parsed) {
    const v = byRef.get(p.venueRef);
    if (!v) { fail(p.line, 'venue', 'venue.not_found'); continue; }
    if (!inArea(actor, v.commune_code)) { fail(p.line, 'venue', 'auth.outside_area'); continue; }
    const key = importKey(v.id, p.phone, p.timeIn);
    if (seen.has(key)) { duplicatesInFile++; continue; }
    seen.add(key);
    const timeOut = p.timeOut ?? Math.min(p.timeIn + effectiveStay(rule, v) * 60_000, p.timeIn + DAY);
    rows.push({ key, personId: 0, venueId: v.id, timeIn: p.timeIn, timeOut, source: 'import', outKind: p.timeOut === null ? 'default' : 'given', line: p.line, name: p.name, communeCode: v.commune_code, phone: p.phone });
  }
  errors.sort((a, b) => a.line - b.line);
  const report: CheckinImportReport = {
    rows: records.length, valid: rows.length + duplicatesInFile, inserted: 0, duplicates: duplicatesInFile, personsCreated: 0,
    errors: errors.slice(0, 500), dryRun: opts.dryRun,
  };
  if (opts.dryRun || !rows.length) return report;

  // Chunks commit one by one (each a short transaction, so the tracing catch-up never waits long for a
  // horizon); a chunk that fails leaves the earlier ones in, and importing the file again completes it.
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const { ids, created } = await personsForPhones(app.db, phones, chunk.map((r) => ({ phone: r.phone, name: r.name, communeCode: r.communeCode })), actor);
    for (const r of chunk) r.personId = ids.get(r.phone)!;
    report.personsCreated += created.length;
    const inserted = await app.db.transaction().execute(async (tx) => {
      const r = await insertBatchQuery(chunk).execute(tx);
      await audit(tx, actor, {
        action: 'checkin.import', entity: 'checkin', recordCount: r.rows.length, purpose: 'checkin',
        details: { rows: chunk.length, inserted: r.rows.length, firstLine: chunk[0]!.line, lastLine: chunk[chunk.length - 1]!.line, personIds: [...new Set(chunk.map((c) => c.personId))] },
      });
      return r.rows.length;
    });
    report.inserted += inserted;
    report.duplicates += chunk.length - inserted;
  }
  return report;
}
