// Venues and check-ins through the HTTP API on a real database: posters, the public one-tap check-in with its
// person linking, idempotency and refusals, group commit under concurrency, check-out, staff check-ins within
// the officer's area, CSV import, and the tracing catch-up that classifies a new co-present visitor.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNE_A, COMMUNE_B, loggedIn, testApp, type TestApp } from '../../../../test/helpers.ts';
import { PERMISSIONS } from '../../../contracts/auth.ts';
import { systemActor } from '../../platform/context.ts';
import { buildServer, type Http } from '../../platform/http/server.ts';
import { authRoutes } from '../../platform/auth/routes.ts';
import { createCase } from '../tracing/index.ts';
import { checkinRoutes, checkinServiceOf } from './routes.checkins.ts';
import { catchUpOnce } from './catchup.ts';
import { importKey, parseCsv, parseInstant } from './checkins.import.ts';
import { placeholderName } from './checkins.persons.ts';
import { purgeCheckins } from './checkins.queries.ts';

let t: TestApp;
let http: Http;
let officer: Awaited<ReturnType<typeof loggedIn>>;
let localB: Awaited<ReturnType<typeof loggedIn>>;
let venue: { id: number; qrToken: string; checkinUrl: string };
const system = systemActor(Object.values(PERMISSIONS));
const key = () => crypto.randomUUID();
let phoneSeq = 0;
const newPhone = () => `09${String(12_000_000 + ++phoneSeq).padStart(8, '0')}`;

async function publicCheckin(body: Record<string, unknown>, ip = '203.0.113.7') {
  const r = await http.inject({ method: 'POST', url: '/api/public/checkins', remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  return { status: r.statusCode, body: JSON.parse(r.body), headers: r.headers };
}

beforeAll(async () => {
  t = await testApp();
  // Built here with this module's routes, whether or not main.ts registers them yet. Per-address limits are
  // generous so that the concurrency tests below are not refused; one test builds a strict server of its own.
  http = await buildServer(t.app, [authRoutes, (h, a) => checkinRoutes(h, a, { limits: { perAddress: { burst: 10_000, perSecond: 10_000 }, perPhone: { burst: 50, perSecond: 50 } } })]);
  const withRoutes = { ...t, http };
  officer = await loggedIn(withRoutes, 'health');
  localB = await loggedIn(withRoutes, 'field', { communes: [COMMUNE_B] });
  const r = await officer.post('/api/intake/venues', { name: 'Chợ Xanh Cao Bằng', kind: 'market', communeCode: COMMUNE_A, address: 'Phường Thục Phán', lat: 22.6657, lon: 106.2578 });
  expect(r.status).toBe(201);
  venue = r.body;
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

describe('venues and posters', () => {
  it('creates a venue with a random QR token whose URL is the public check-in page', () => {
    expect(venue.qrToken).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(venue.checkinUrl).toMatch(new RegExp(`/c/${venue.qrToken}$`));
  });

  it('lists venues by commune and kind, and refuses a venue outside the officer\'s area', async () => {
    const list = await officer.get(`/api/intake/venues?commune=${COMMUNE_A}&kind=market`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((v: { id: number }) => v.id)).toContain(venue.id);
    expect(list.body.items[0]).toMatchObject({ effectiveStayMinutes: 60, communeName: 'Phường Thục Phán' });
    const none = await officer.get(`/api/intake/venues?commune=${COMMUNE_B}`);
    expect(none.body.items).toEqual([]);
    const refused = await localB.post('/api/intake/venues', { name: 'Trường Tiểu học Hợp Giang', kind: 'school', communeCode: COMMUNE_A });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('auth.outside_area');
    const bad = await officer.post('/api/intake/venues', { name: 'X', kind: 'market', communeCode: COMMUNE_A, lat: 22.6 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('venue.invalid_coordinates');
  });

  it('prints the poster as SVG with the QR code and the venue name, and as a valid PDF 1.4', async () => {
    const svg = await http.inject({ method: 'GET', url: `/api/intake/venues/${venue.id}/poster?format=svg`, headers: { cookie: officer.cookie() } });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(svg.body).toContain('Chợ Xanh Cao Bằng');
    expect(svg.body).toMatch(/<path d="M[\d.]+ [\d.]+h/);
    const pdf = await http.inject({ method: 'GET', url: `/api/intake/venues/${venue.id}/poster?format=pdf`, headers: { cookie: officer.cookie() } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.rawPayload;
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    const text = bytes.toString('latin1');
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    // Every offset of the cross-reference table points at its object.
    const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const entries = text.slice(startxref).split('\n').slice(3).filter((l) => / 00000 n $/.test(l));
    entries.forEach((e, i) => expect(text.slice(Number(e.slice(0, 10)), Number(e.slice(0, 10)) + 12)).toMatch(new RegExp(`^${i + 1} 0 obj`)));
    expect(text.includes('/Type /Catalog')).toBe(true);
    // The page content (deflated): filled rectangles of the QR code and the text lines.
    const at = text.indexOf('stream\n', text.indexOf('4 0 obj')) + 7;
    const length = Number(/\/Length (\d+)/.exec(text.slice(text.indexOf('4 0 obj'), at))![1]);
    const content = zlib.inflateSync(bytes.subarray(at, at + length)).toString('latin1');
    expect(content.match(/ re\n/g)!.length).toBeGreaterThan(50);
    expect(content.match(/ Tj ET/g)!.length).toBeGreaterThan(5);
  });

  it('replaces the QR token: the old poster stops working', async () => {
    const v = (await officer.post('/api/intake/venues', { name: 'Bến xe khách Cao Bằng', kind: 'bus_station', communeCode: COMMUNE_A })).body;
    const before = await http.inject({ method: 'GET', url: `/api/public/venues/${v.qrToken}` });
    expect(JSON.parse(before.body)).toMatchObject({ name: 'Bến xe khách Cao Bằng', stayMinutes: 30 });
    const r = await officer.post(`/api/intake/venues/${v.id}/token`);
    expect(r.body.qrToken).not.toBe(v.qrToken);
    const old = await http.inject({ method: 'GET', url: `/api/public/venues/${v.qrToken}` });
    expect(old.statusCode).toBe(404);
    expect(JSON.parse(old.body).error.code).toBe('checkin.venue_not_found');
  });
});

describe('public one-tap check-in', () => {
  it('records a check-in for a new phone as a minimal person, answered after commit', async () => {
    const phone = newPhone();
    const k = key();
    const r = await publicCheckin({ venueToken: venue.qrToken, phone: `+84 ${phone.slice(1)}`, idempotencyKey: k });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ venueName: 'Chợ Xanh Cao Bằng', duplicate: false });
    expect(new Date(r.body.expectedOut).getTime() - new Date(r.body.timeIn).getTime()).toBe(60 * 60_000);
    const row = (await sql<{ person_id: number; source: string; time_out_kind: string; full_name: string; commune_code: string }>`
      select c.person_id, c.source, c.time_out_kind, p.full_name, p.commune_code from checkins c join persons p on p.id = c.person_id where c.id = ${r.body.checkinId}`.execute(t.app.db)).rows[0]!;
    expect(row).toMatchObject({ source: 'qr', time_out_kind: 'default', full_name: placeholderName(phone), commune_code: COMMUNE_A });
    const history = await sql<{ n: number }>`select count(*)::int as n from person_history where person_id = ${row.person_id} and change = 'create'`.execute(t.app.db);
    expect(history.rows[0]!.n).toBe(1);
  });

  it('links a known phone to the person already registered with it, and uses a given name only for a new phone', async () => {
    const phone = newPhone();
    const known = await t.app.db.insertInto('persons').values({ full_name: 'Nông Thị Mai', phone, commune_code: COMMUNE_B }).returning('id').executeTakeFirstOrThrow();
    const a = await publicCheckin({ venueToken: venue.qrToken, phone, name: 'Tên Khác', idempotencyKey: key() });
    const personOf = async (id: number) => (await sql<{ person_id: number }>`select person_id from checkins where id = ${id}`.execute(t.app.db)).rows[0]!.person_id;
    expect(await personOf(a.body.checkinId)).toBe(known.id);
    const fresh = newPhone();
    const b = await publicCheckin({ venueToken: venue.qrToken, phone: fresh, name: '  Lục   Văn  Sơn ', idempotencyKey: key() });
    const p = await t.app.db.selectFrom('persons').select(['full_name']).where('id', '=', await personOf(b.body.checkinId)).executeTakeFirstOrThrow();
    expect(p.full_name).toBe('Lục Văn Sơn');
  });

  it('answers a retry with the same idempotency key with the first check-in, and writes nothing new', async () => {
    const body = { venueToken: venue.qrToken, phone: newPhone(), idempotencyKey: key() };
    const first = await publicCheckin(body);
    const again = await publicCheckin(body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ checkinId: first.body.checkinId, timeIn: first.body.timeIn, duplicate: true });
    const n = await sql<{ n: number }>`select count(*)::int as n from checkin_keys where key = ${body.idempotencyKey}::uuid`.execute(t.app.db);
    expect(n.rows[0]!.n).toBe(1);
    const reused = await publicCheckin({ ...body, phone: newPhone() });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('checkin.key_reused');
  });

  it('refuses bad input with clear codes', async () => {
    const bad = await publicCheckin({ venueToken: venue.qrToken, phone: '12345', idempotencyKey: key() });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('checkin.invalid_phone');
    const extra = await publicCheckin({ venueToken: venue.qrToken, phone: newPhone(), idempotencyKey: key(), admin: true });
    expect(extra.status).toBe(400);
    const noKey = await publicCheckin({ venueToken: venue.qrToken, phone: newPhone(), idempotencyKey: 'not-a-uuid' });
    expect(noKey.status).toBe(400);
    const unknown = await publicCheckin({ venueToken: 'AAAAAAAAAAAAAAAAAAAAAA', phone: newPhone(), idempotencyKey: key() });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('checkin.venue_not_found');
    const name = await publicCheckin({ venueToken: venue.qrToken, phone: newPhone(), name: '<script>', idempotencyKey: key() });
    expect(name.body.error.code).toBe('checkin.invalid_name');
    const junk = await http.inject({ method: 'POST', url: '/api/public/checkins', headers: { 'content-type': 'application/json' }, payload: '{"venueToken":' });
    expect(junk.statusCode).toBe(400);
    expect(JSON.parse(junk.body).error.code).toBe('request.malformed_json');
  });

  it('gathers concurrent check-ins into few batches; a bad request among them fails alone', async () => {
    const svc = checkinServiceOf(http)!;
    const before = svc.stats();
    const bodies = Array.from({ length: 300 }, (_, i) => ({ venueToken: venue.qrToken, phone: i % 50 === 7 ? '0000' : newPhone(), idempotencyKey: key() }));
    const results = await Promise.all(bodies.map((b, i) => publicCheckin(b, `198.51.100.${i % 200}`)));
    const ok = results.filter((r) => r.status === 201);
    expect(results.filter((r) => r.status === 400)).toHaveLength(6);
    expect(ok).toHaveLength(294);
    expect(new Set(ok.map((r) => r.body.checkinId)).size).toBe(294);
    const stored = await sql<{ n: number }>`select count(*)::int as n from checkin_keys where key = any(${`{${bodies.map((b) => b.idempotencyKey).join(',')}}`}::uuid[])`.execute(t.app.db);
    expect(stored.rows[0]!.n).toBe(294);
    const after = svc.stats();
    expect(after.items - before.items).toBe(294);
    expect(after.batches - before.batches).toBeLessThan(294 / 3);
  });

  it('refuses a venue that no longer takes check-ins', async () => {
    const v = (await officer.post('/api/intake/venues', { name: 'Quán cũ', kind: 'restaurant', communeCode: COMMUNE_A })).body;
    await officer.put(`/api/intake/venues/${v.id}`, { name: 'Quán cũ', kind: 'restaurant', communeCode: COMMUNE_A, active: false });
    const r = await publicCheckin({ venueToken: v.qrToken, phone: newPhone(), idempotencyKey: key() });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('checkin.venue_inactive');
  });

  it('checks out with the key of the check-in; a retry answers the same time', async () => {
    const k = key();
    const c = await publicCheckin({ venueToken: venue.qrToken, phone: newPhone(), idempotencyKey: k });
    const out = await http.inject({ method: 'POST', url: '/api/public/checkins/checkout', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ idempotencyKey: k }) });
    expect(out.statusCode).toBe(200);
    const body = JSON.parse(out.body);
    expect(body.checkinId).toBe(c.body.checkinId);
    const row = (await sql<{ time_out: Date; time_out_kind: string }>`select time_out, time_out_kind from checkins where id = ${c.body.checkinId}`.execute(t.app.db)).rows[0]!;
    expect(row).toMatchObject({ time_out_kind: 'checkout' });
    expect(row.time_out.toISOString()).toBe(body.timeOut);
    const again = await http.inject({ method: 'POST', url: '/api/public/checkins/checkout', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ idempotencyKey: k }) });
    expect(JSON.parse(again.body).timeOut).toBe(body.timeOut);
    const none = await http.inject({ method: 'POST', url: '/api/public/checkins/checkout', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ idempotencyKey: key() }) });
    expect(none.statusCode).toBe(404);
    expect(JSON.parse(none.body).error.code).toBe('checkin.not_found');
  });

  it('limits each client address and each phone, answering 429 with Retry-After', async () => {
    const strict = await buildServer(t.app, [(h, a) => checkinRoutes(h, a, { limits: { perAddress: { burst: 3, perSecond: 0.01 }, perPhone: { burst: 1, perSecond: 0.01 } } })]);
    try {
      const call = (phone: string, ip: string) => strict.inject({ method: 'POST', url: '/api/public/checkins', remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ venueToken: venue.qrToken, phone, idempotencyKey: key() }) });
      const r = [await call(newPhone(), '10.0.0.1'), await call(newPhone(), '10.0.0.1'), await call(newPhone(), '10.0.0.1'), await call(newPhone(), '10.0.0.1')];
      expect(r.map((x) => x.statusCode)).toEqual([201, 201, 201, 429]);
      expect(r[3]!.headers['retry-after']).toBeDefined();
      expect(JSON.parse(r[3]!.body).error.code).toBe('request.rate_limited');
      const phone = newPhone();
      expect((await call(phone, '10.0.0.2')).statusCode).toBe(201);
      expect((await call(phone, '10.0.0.3')).statusCode).toBe(429);
    } finally {
      await strict.close();
    }
  });
});

describe('staff check-ins and import', () => {
  it('records a check-in typed by an officer, audited, within the officer\'s area only', async () => {
    const phone = newPhone();
    const timeIn = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const timeOut = new Date(Date.now() - 3_600_000).toISOString();
    const r = await officer.post('/api/intake/checkins', { venueId: venue.id, phone, timeIn, timeOut, idempotencyKey: key() });
    expect(r.status).toBe(201);
    const row = (await sql<{ source: string; time_out_kind: string; time_in: Date; person_id: number }>`select source, time_out_kind, time_in, person_id from checkins where id = ${r.body.checkinId}`.execute(t.app.db)).rows[0]!;
    expect(row).toMatchObject({ source: 'staff', time_out_kind: 'given' });
    expect(row.time_in.toISOString()).toBe(timeIn);
    const audited = await t.app.db.selectFrom('audit_log').select(['entity_id']).where('action', '=', 'checkin.create').where('actor_username', '=', officer.user.username).execute();
    expect(audited.map((a) => a.entity_id)).toContain(String(row.person_id));
    const outside = await localB.post('/api/intake/checkins', { venueId: venue.id, phone, idempotencyKey: key() });
    expect(outside.status).toBe(403);
    const future = await officer.post('/api/intake/checkins', { venueId: venue.id, phone, timeIn: new Date(Date.now() + 3_600_000).toISOString(), idempotencyKey: key() });
    expect(future.body.error.code).toBe('checkin.invalid_time');
  });

  it('imports a CSV: valid rows go in, bad rows are reported by line, a second import adds nothing', async () => {
    const p1 = newPhone(), p2 = newPhone();
    const day = new Date(Date.now() - 86_400_000);
    const vn = (d: Date) => { const v = new Date(d.getTime() + 7 * 3_600_000); return `${String(v.getUTCDate()).padStart(2, '0')}/${String(v.getUTCMonth() + 1).padStart(2, '0')}/${v.getUTCFullYear()} 08:30`; };
    const csv = [
      'Số điện thoại;Địa điểm;Giờ vào;Giờ ra;Họ tên',
      `${p1};${venue.id};${vn(day)};;Hoàng Văn Thụ`,
      `${p2};${venue.qrToken};${day.toISOString()};;`,
      `123;${venue.id};${vn(day)};;`,
      `${p1};999999;${vn(day)};;`,
      `${p2};${venue.id};31/02/2021 08:00;;`,
      `"${p2}";${venue.id};${vn(day)};;"Nguyễn ""Tí"""`,
    ].join('\r\n');
    const dry = await officer.post('/api/intake/checkins/import', { csv, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ rows: 6, inserted: 0, dryRun: true });
    expect(dry.body.errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code])).toEqual([
      [4, 'phone', 'checkin.invalid_phone'], [5, 'venue', 'venue.not_found'], [6, 'timeIn', 'checkin.invalid_time'], [7, 'name', 'checkin.invalid_name'],
    ]);
    const done = await officer.post('/api/intake/checkins/import', { csv, dryRun: false });
    expect(done.body).toMatchObject({ rows: 6, valid: 2, inserted: 2, duplicates: 0, personsCreated: 2 });
    const named = await t.app.db.selectFrom('persons').select('full_name').where('phone', '=', p1).executeTakeFirstOrThrow();
    expect(named.full_name).toBe('Hoàng Văn Thụ');
    const again = await officer.post('/api/intake/checkins/import', { csv, dryRun: false });
    expect(again.body).toMatchObject({ inserted: 0, duplicates: 2, personsCreated: 0 });
    const bad = await officer.post('/api/intake/checkins/import', { csv: 'a,b\n1,2' });
    expect(bad.body.error.code).toBe('checkin.import_invalid');
  });

  it('parses CSV quoting and Vietnamese dates as Vietnam time', () => {
    expect(parseCsv('a,b\r\n"x, ""y""",2\n')).toEqual([['a', 'b'], ['x, "y"', '2']]);
    expect(new Date(parseInstant('05/03/2021 08:30')!).toISOString()).toBe('2021-03-05T01:30:00.000Z');
    expect(parseInstant('30/02/2021 08:30')).toBeNull();
    expect(importKey(1, '0912000000', 0)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('tracing catch-up', () => {
  it('classifies a visitor who was at a case\'s venue at the same time, once the catch-up has run', async () => {
    const school = (await officer.post('/api/intake/venues', { name: 'Trường THCS Hợp Giang', kind: 'school', communeCode: COMMUNE_A })).body;
    const f0Phone = newPhone(), visitorPhone = newPhone();
    const h = (x: number) => new Date(Date.now() - x * 3_600_000).toISOString();
    const f0 = await officer.post('/api/intake/checkins', { venueId: school.id, phone: f0Phone, timeIn: h(5), timeOut: h(3), idempotencyKey: key() });
    const first = await catchUpOnce(t.app);
    // Nothing is near a case yet: the earlier check-ins and check-outs are passed over without a retrace.
    expect(first).toMatchObject({ skipped: null, relevant: 0, retraces: 0 });
    expect(first.checkins).toBeGreaterThan(300);
    expect(first.checkouts).toBeGreaterThanOrEqual(1);
    const f0Person = (await sql<{ person_id: number }>`select person_id from checkins where id = ${f0.body.checkinId}`.execute(t.app.db)).rows[0]!.person_id;
    await createCase(t.app.db, system, { personId: f0Person, code: 'BN901', confirmedAt: h(1) });
    // The visitor's check-in is written after the case: only the catch-up can tell tracing about it.
    const v = await officer.post('/api/intake/checkins', { venueId: school.id, phone: visitorPhone, timeIn: h(4), timeOut: h(2), idempotencyKey: key() });
    const visitor = (await sql<{ person_id: number }>`select person_id from checkins where id = ${v.body.checkinId}`.execute(t.app.db)).rows[0]!.person_id;
    const levelOf = async () => (await t.app.db.selectFrom('classifications').select('level').where('person_id', '=', visitor).where('superseded_at', 'is', null).executeTakeFirst())?.level ?? null;
    expect(await levelOf()).toBeNull();
    // Elsewhere at the same time: not near the case, not retraced.
    await officer.post('/api/intake/checkins', { venueId: venue.id, phone: newPhone(), timeIn: h(4), timeOut: h(2), idempotencyKey: key() });
    const round = await catchUpOnce(t.app);
    expect(round).toMatchObject({ skipped: null, checkins: 2, relevant: 1, retraces: 1 });
    expect(await levelOf()).toBe(1);
    const status = await officer.get('/api/intake/checkins/catchup');
    expect(status.body).toMatchObject({ pending: 0, pendingCheckouts: 0 });
    expect(status.body.cursor).toBe(status.body.latestCheckinId);

    // The F1 then goes to the market: who was there becomes F2 (an F1 passes exposure on, by the depth rule).
    const market = (await officer.post('/api/intake/venues', { name: 'Chợ Hợp Giang', kind: 'office', communeCode: COMMUNE_A })).body;
    await officer.post('/api/intake/checkins', { venueId: market.id, phone: visitorPhone, timeIn: h(1.5), timeOut: h(1), idempotencyKey: key() });
    const shopperPhone = newPhone();
    const s = await officer.post('/api/intake/checkins', { venueId: market.id, phone: shopperPhone, timeIn: h(1.4), timeOut: h(0.9), idempotencyKey: key() });
    const shopper = (await sql<{ person_id: number }>`select person_id from checkins where id = ${s.body.checkinId}`.execute(t.app.db)).rows[0]!.person_id;
    // Scanned one check-in at a time, retraced together (a busy trace is recomputed once per batch, not per chunk).
    const second = await catchUpOnce(t.app, { chunk: 1 });
    expect(second).toMatchObject({ skipped: null, checkins: 2, relevant: 2, retraces: 1 });
    expect((await t.app.db.selectFrom('classifications').select('level').where('person_id', '=', shopper).where('superseded_at', 'is', null).executeTakeFirst())?.level).toBe(2);
    // An F2 passes nothing on (depth 2): someone next to the shopper somewhere else is not even looked at.
    const tea = (await officer.post('/api/intake/venues', { name: 'Quán nước Hợp Giang', kind: 'office', communeCode: COMMUNE_A })).body;
    await officer.post('/api/intake/checkins', { venueId: tea.id, phone: newPhone(), timeIn: h(0.8), timeOut: h(0.5), idempotencyKey: key() });
    await officer.post('/api/intake/checkins', { venueId: tea.id, phone: shopperPhone, timeIn: h(0.75), timeOut: h(0.5), idempotencyKey: key() });
    expect(await catchUpOnce(t.app)).toMatchObject({ skipped: null, checkins: 2, relevant: 0, retraces: 0 });
  });
});

describe('retention', () => {
  it('purges check-ins older than the cut-off with their keys and check-outs, and keeps the rest', async () => {
    const old = await officer.post('/api/intake/checkins', { venueId: venue.id, phone: newPhone(), timeIn: new Date(Date.now() - 10 * 86_400_000).toISOString(), idempotencyKey: key() });
    const count = async () => (await sql<{ c: number; k: number }>`select (select count(*)::int from checkins) as c, (select count(*)::int from checkin_keys) as k`.execute(t.app.db)).rows[0]!;
    const before = await count();
    const n = await purgeCheckins(t.app.db, new Date(Date.now() - 5 * 86_400_000));
    expect(n).toBe(1);
    expect(await count()).toEqual({ c: before.c - 1, k: before.k - 1 });
    const gone = await sql`select 1 from checkins where id = ${old.body.checkinId}`.execute(t.app.db);
    expect(gone.rows).toHaveLength(0);
  });
});
