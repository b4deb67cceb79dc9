// Citizens' reports against the database: the public form (idempotent, no personal data back), the hotline,
// the triage queue within the officer's area, assignment to an agency or a commune, status to closed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, COMMUNE_A, COMMUNE_B, loggedIn, testApp, type TestApp } from '../../../../test/helpers.ts';
import { buildServer, type Http } from '../../platform/http/server.ts';
import { authRoutes } from '../../platform/auth/routes.ts';
import { declarationRoutes } from './routes.declarations.ts';

let t: TestApp;
let http: Http;
let health: Awaited<ReturnType<typeof loggedIn>>;
let localA: Awaited<ReturnType<typeof loggedIn>>;
let localB: Awaited<ReturnType<typeof loggedIn>>;
const BIG = { capacity: 10_000, perMinute: 10_000 };

beforeAll(async () => {
  t = await testApp();
  http = await buildServer(t.app, [authRoutes, (h, a) => declarationRoutes(h, a, { limits: { declaration: BIG, report: BIG } })]);
  const withRoutes = { ...t, http };
  health = await loggedIn(withRoutes, 'health');
  localA = await loggedIn(withRoutes, 'field', { communes: [COMMUNE_A] });
  localB = await loggedIn(withRoutes, 'field', { communes: [COMMUNE_B] });
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

const report = (o: Record<string, unknown> = {}) => ({
  kind: 'illegal_entry', communeCode: COMMUNE_A, place: 'Thôn Nà Rụa, gần mốc 105', description: 'Có 3 người lạ đi đường mòn sang, đang ở nhà ông B',
  subject: 'Ba người lạ', reporterName: 'Người dân', reporterPhone: '+84 912 000 111', ...o,
});

describe('the public report form', () => {
  it('records a report and answers with a receipt only; a retry returns the same receipt', async () => {
    const c = client(http);
    const a = await c.post('/api/public/reports', report(), { 'idempotency-key': 'report-key-0001' });
    expect(a.status).toBe(201);
    expect(Object.keys(a.body).sort()).toEqual(['receipt', 'replayed', 'submittedAt']);
    const b = await c.post('/api/public/reports', report(), { 'idempotency-key': 'report-key-0001' });
    expect(b.status).toBe(200);
    expect(b.body).toMatchObject({ receipt: a.body.receipt, replayed: true });
    const other = await c.post('/api/public/reports', report({ kind: 'gathering' }), { 'idempotency-key': 'report-key-0001' });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('citizen_report.idempotency_conflict');
  });

  it('refuses a bad phone, a date in the future, an unknown commune, an empty description', async () => {
    const c = client(http);
    expect((await c.post('/api/public/reports', report({ reporterPhone: '123' }))).body.error.code).toBe('declaration.invalid_phone');
    expect((await c.post('/api/public/reports', report({ happenedOn: '2999-01-01' }))).body.error.code).toBe('citizen_report.invalid_date');
    expect((await c.post('/api/public/reports', report({ communeCode: '99999' }))).body.error.code).toBe('citizen_report.unknown_commune');
    expect((await c.post('/api/public/reports', report({ description: '  ' }))).status).toBe(400);
  });
});

describe('the triage queue', () => {
  it('takes hotline reports, assigns them to an agency, moves them to closed, and keeps each step', async () => {
    const made = await health.post('/api/intake/reports', report({ kind: 'no_mask', channel: 'hotline', description: 'Quán karaoke không đeo khẩu trang' }));
    expect(made.status).toBe(201);
    const id = Number(made.body.receipt.slice(2));
    const queue = await health.get('/api/intake/reports?status=new');
    expect(queue.body.items.map((r: { id: number }) => r.id)).toContain(id);
    expect(queue.body.counts.new).toBeGreaterThan(0);

    const agencies = await t.app.db.selectFrom('agencies').select(['id', 'short_name']).where('code', '=', 'CA').executeTakeFirstOrThrow();
    const assigned = await health.patch(`/api/intake/reports/${id}`, { version: 1, assignedAgencyId: agencies.id, note: 'Chuyển Công an tỉnh' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'assigned', assignedAgencyName: agencies.short_name, version: 2 });
    const stale = await health.patch(`/api/intake/reports/${id}`, { version: 1, status: 'in_progress' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('citizen_report.version_conflict');
    await health.patch(`/api/intake/reports/${id}`, { version: 2, status: 'in_progress' });
    const closed = await health.patch(`/api/intake/reports/${id}`, { version: 3, status: 'closed', resolution: 'Đã nhắc nhở, xử phạt theo NĐ 117/2020/NĐ-CP' });
    expect(closed.body.events.map((e: { status: string }) => e.status)).toEqual(['new', 'assigned', 'in_progress', 'closed']);
    expect(closed.body.events[1].note).toBe('Chuyển Công an tỉnh');
    const again = await health.patch(`/api/intake/reports/${id}`, { version: 4, status: 'in_progress' });
    expect(again.body.error.code).toBe('citizen_report.closed');
  });

  it('shows a commune officer the reports of their commune and those assigned to it, and audits the reads', async () => {
    const a = Number((await client(http).post('/api/public/reports', report({ kind: 'returnee', description: 'Con ông C về từ vùng dịch' }))).body.receipt.slice(2));
    expect((await localB.get(`/api/intake/reports/${a}`)).status).toBe(403);
    expect((await localB.get('/api/intake/reports')).body.items.map((r: { id: number }) => r.id)).not.toContain(a);
    const r = await health.get(`/api/intake/reports/${a}`);
    await health.patch(`/api/intake/reports/${a}`, { version: r.body.version, assignedCommuneCode: COMMUNE_B });
    const seen = await localB.get(`/api/intake/reports/${a}?purpose=tracing`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ status: 'assigned', assignedCommuneCode: COMMUNE_B, reporterPhone: '0912000111' });
    expect((await localA.get('/api/intake/reports')).body.items.map((x: { id: number }) => x.id)).toContain(a);
    const audit = await t.app.db.selectFrom('audit_log').select(['action', 'outcome']).where('actor_username', '=', localB.user.username).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'citizen_report.read', outcome: 'denied' },
      { action: 'citizen_report.list', outcome: 'ok' },
      { action: 'citizen_report.read', outcome: 'ok' },
    ]);
  });

  it('refuses to assign to an unknown agency', async () => {
    const id = Number((await client(http).post('/api/public/reports', report())).body.receipt.slice(2));
    const r = await health.patch(`/api/intake/reports/${id}`, { version: 1, assignedAgencyId: 999_999 });
    expect(r.body.error.code).toBe('citizen_report.unknown_agency');
  });
});
