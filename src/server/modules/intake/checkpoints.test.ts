// Checkpoints against the database: idempotent batches (a retry stores nothing new and answers the first
// result), links to the registry by identity number or phone, area scope, audit rows, the day's list.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cccd, COMMUNE_A, COMMUNE_B, loggedIn, testApp, type TestApp } from '../../../../test/helpers.ts';
import { buildServer, type Http } from '../../platform/http/server.ts';
import { authRoutes } from '../../platform/auth/routes.ts';
import { checkpointRoutes } from './routes.checkpoints.ts';
import { parseChipQr } from '../../../contracts/intake.checkpoints.ts';

let t: TestApp;
let http: Http;
let officer: Awaited<ReturnType<typeof loggedIn>>;
let localB: Awaited<ReturnType<typeof loggedIn>>;
let gate: number;
let personId: number;
const ID = cccd(1985, 'male', 123);
const NOW = Date.parse('2026-11-23T05:00:00Z');

beforeAll(async () => {
  t = await testApp();
  // A clock at noon in Vietnam: "today's entries" must not depend on when the suite runs (at 17:00 UTC the
  // day changes in Vietnam, between an entry recorded a minute ago and the list of today).
  http = await buildServer({ ...t.app, now: () => new Date(NOW) }, [authRoutes, checkpointRoutes]);
  const w = { ...t, http };
  officer = await loggedIn(w, 'field');
  localB = await loggedIn(w, 'field', { communes: [COMMUNE_B] });
  personId = (await t.app.db.insertInto('persons').values({ full_name: 'Nguyễn Văn Chốt', commune_code: COMMUNE_A, id_type: 'cccd', id_number: ID, phone: '0912345678' }).returning('id').executeTakeFirstOrThrow()).id;
  const r = await officer.post('/api/checkpoints', { name: 'Chốt Tà Lùng', kind: 'border_gate', communeCode: COMMUNE_A });
  expect(r.status).toBe(201);
  gate = r.body.id;
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

const entry = (over: Record<string, unknown> = {}) => ({
  clientId: crypto.randomUUID(), checkpointId: gate, fullName: 'Trần Thị B', decision: 'allowed', temperature: 36.8,
  recordedAt: new Date(NOW - 60_000).toISOString(), ...over,
});
const rows = async (ids: string[]) => (await t.app.pool.query('select client_id::text, person_id from checkpoint_entries where client_id = any($1::uuid[])', [ids])).rows;

describe('checkpoint entries', () => {
  it('stores a batch once: a retried batch answers the first results and adds no row', async () => {
    const batch = [
      entry({ idNumber: ID.replace(/(\d{3})/, '$1 '), fullName: null }),
      entry({ phone: '+84 912 345 678', plate: '11a-123.45' }),
      entry({ fullName: 'Lò Văn C', decision: 'quarantine', temperature: 38.2 }),
    ];
    const first = await officer.post('/api/checkpoints/entries', { entries: batch });
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'created', 'created']);
    expect(first.body.results[0].personId).toBe(personId); // by CCCD
    expect(first.body.results[1].personId).toBe(personId); // by phone
    expect(first.body.results[2].personId).toBeNull();
    const again = await officer.post('/api/checkpoints/entries', { entries: [...batch, entry()] });
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'created']);
    expect(again.body.results.slice(0, 3).map((r: { id: number }) => r.id)).toEqual(first.body.results.map((r: { id: number }) => r.id));
    expect(await rows(batch.map((b) => b.clientId))).toHaveLength(3);
    const audits = await t.app.pool.query(`select record_count, details from audit_log where action = 'checkpoint.entries.record' and actor_username = $1 order by id`, [officer.user.username]);
    expect(audits.rows.map((r) => r.record_count)).toEqual([3, 1]);
    const stored = await t.app.pool.query('select plate, phone, temperature::text from checkpoint_entries where client_id = $1', [batch[1]!.clientId]);
    expect(stored.rows[0]).toEqual({ plate: '11A-123.45', phone: '0912345678', temperature: '36.8' });
  });

  it('refuses a bad temperature as a format error, and entries from too long ago one by one', async () => {
    expect((await officer.post('/api/checkpoints/entries', { entries: [entry({ temperature: 46 })] })).status).toBe(400);
    expect((await officer.post('/api/checkpoints/entries', { entries: [entry({ fullName: null })] })).status).toBe(400);
    const r = await officer.post('/api/checkpoints/entries', { entries: [entry({ recordedAt: '2020-01-01T00:00:00+07:00' }), entry()] });
    expect(r.body.results.map((x: { status: string; code: string | null }) => [x.status, x.code])).toEqual([['rejected', 'checkpoint.invalid_time'], ['created', null]]);
  });

  it('keeps officers to their area', async () => {
    expect((await localB.post('/api/checkpoints', { name: 'Chốt X', kind: 'provincial_gate', communeCode: COMMUNE_A })).status).toBe(403);
    const r = await localB.post('/api/checkpoints/entries', { entries: [entry()] });
    expect(r.body.results[0]).toMatchObject({ status: 'rejected', code: 'auth.outside_area' });
    expect((await localB.get(`/api/checkpoints/${gate}/entries`)).status).toBe(403);
    expect((await localB.get('/api/checkpoints')).body.items).toEqual([]);
    expect((await officer.get('/api/checkpoints')).body.items.map((c: { id: number }) => c.id)).toEqual([gate]);
  });

  it("lists today's entries and audits the read", async () => {
    const r = await officer.get(`/api/checkpoints/${gate}/entries`);
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBe(5);
    expect(r.body.items.some((x: { decision: string; temperature: number }) => x.decision === 'quarantine' && x.temperature === 38.2)).toBe(true);
    await expect.poll(async () => (await t.app.pool.query(`select record_count from audit_log where action = 'checkpoint.entries.list' and actor_username = $1`, [officer.user.username])).rows).toEqual([{ record_count: 5 }]);
  });
});

describe('chip CCCD QR', () => {
  it('parses the QR text of a chip card', () => {
    expect(parseChipQr('004085000123|123456789|Nguyễn Văn Chốt|15031985|Nam|Số 1, Phường Thục Phán, Cao Bằng|01022021')).toEqual({
      idNumber: '004085000123', oldIdNumber: '123456789', fullName: 'Nguyễn Văn Chốt', birthDate: '1985-03-15', sex: 'male',
      address: 'Số 1, Phường Thục Phán, Cao Bằng', issuedOn: '2021-02-01',
    });
    expect(parseChipQr('hello')).toBeNull();
  });
});
