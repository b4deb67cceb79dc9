// Re-screening: an epidemic area declared after people came back from it flags the declarations received
// before it (once each, with work items for their commune by the rule in force on the day of re-screening),
// whatever the declarations written while the area is being declared.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cccd, client, COMMUNE_A, loggedIn, testApp, type TestApp } from '../../../../test/helpers.ts';
import type { App } from '../../platform/context.ts';
import { buildServer, type Http } from '../../platform/http/server.ts';
import { authRoutes } from '../../platform/auth/routes.ts';
import { seedIntakeRules } from './declarations.fixtures.ts';
import { declarationRoutes } from './routes.declarations.ts';
import { runRescreens } from './rescreen.ts';
import { declaredFrom } from './rescreen.plan.ts';

let t: TestApp;
let http: Http;
let app: App;
let clock = new Date('2020-08-01T09:00:00+07:00');
let health: Awaited<ReturnType<typeof loggedIn>>;
let publicClient: ReturnType<typeof client>;
const BIG = { capacity: 100_000, perMinute: 100_000 };

beforeAll(async () => {
  t = await testApp();
  await seedIntakeRules(t.app);
  app = { ...t.app, now: () => clock };
  http = await buildServer(app, [authRoutes, (h, a) => declarationRoutes(h, a, { limits: { declaration: BIG, report: BIG } })]);
  health = await loggedIn({ ...t, http }, 'health');
  publicClient = client(http);
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

let serial = 0;
const declaration = (travel: unknown[]) => ({
  kind: 'everyone', fullName: 'Hoàng Thị Rà', birthYear: 1990, sex: 'female', idType: 'cccd', idNumber: cccd(1990, 'female', ++serial),
  phone: `09345${String(serial).padStart(5, '0')}`, communeCode: COMMUNE_A, address: 'Tổ 2', travel, symptoms: [], exposures: [], conditions: [],
  truthful: true,
});
const leg = (provinceCode: string, from: string, to: string) => ({ countryCode: 'VN', provinceCode, place: 'đi công tác', from, to });
const submit = async (body: unknown) => {
  const r = await publicClient.post('/api/public/declarations', body);
  expect(r.status).toBe(201);
  return { id: Number(r.body.receipt.slice(2)), outcome: r.body.outcome as string };
};
const declareArea = async (unitCode: string, dateFrom: string, dateTo: string) => {
  const r = await health.post('/api/intake/epidemic-areas', {
    kind: 'unit', unitLevel: 'province', unitCode, dateFrom, dateTo, riskLevel: 4,
    declaredBy: 'UBND tỉnh', legalRef: 'CV 1883/UBND-VX ngày 03/8/2020',
  });
  expect(r.status).toBe(201);
  return r.body as { id: number; rescreen: { scanned: number; flagged: number; done: boolean } | null };
};
const flagsOf = (areaId: number) => sql<{ source_id: number; reason: string; work_item_ids: number[]; person_id: number; commune_code: string; reported_on: string }>`
  select source_id, reason, work_item_ids, person_id, commune_code, reported_on from screening_flags
  where flag = 'epidemic_area' and details -> 'areas' @> ${JSON.stringify([{ id: areaId }])}::jsonb order by source_id`.execute(t.app.db).then((r) => r.rows);

describe('an epidemic area declared after the fact', () => {
  it('flags the declarations received before it whose travel was in it inside its window, once, with work items for their commune', async () => {
    clock = new Date('2020-08-01T09:00:00+07:00');
    const inside = await submit(declaration([leg('49', '2020-07-25', '2020-07-28')]));
    const before = await submit(declaration([leg('49', '2020-07-18', '2020-07-19')]));
    const elsewhere = await submit(declaration([leg('01', '2020-07-25', '2020-07-28')]));
    expect([inside.outcome, before.outcome, elsewhere.outcome]).toEqual(['clear', 'clear', 'clear']);

    clock = new Date('2020-08-03T10:00:00+07:00');
    const area = await declareArea('49', '2020-07-20', '2020-07-31');
    expect(area.rescreen).toEqual({ screenedOn: '2020-08-03', scanned: 0, flagged: 0, done: false });

    const round = await runRescreens(app, { chunk: 2 }); // several chunks, each committed with its cursor
    expect(round).toMatchObject({ areas: 1, scanned: 3, flagged: 1 });
    expect(round!.chunks).toBeGreaterThanOrEqual(2);
    const flags = await flagsOf(area.id);
    expect(flags.map((f) => f.source_id)).toEqual([inside.id]);
    const [f] = flags;
    expect(f!.reported_on).toBe('2020-08-03');
    expect(f!.reason).toContain(`Tờ khai y tế TK${inside.id} ngày 01/08/2020 (rà soát lại ngày 03/08/2020 khi công bố vùng dịch)`);
    expect(f!.reason).toContain('từ 25/07/2020 đến 28/07/2020');
    expect(f!.reason).toContain('quy định screening.epidemic_area (2020)');
    const work = await t.app.db.selectFrom('work_items').selectAll().where('id', 'in', f!.work_item_ids).orderBy('id').execute();
    expect(work.map((w) => [w.kind, w.commune_code, w.person_id, w.source, w.due_from])).toEqual([
      ['quarantine_home', COMMUNE_A, f!.person_id, 'screening', '2020-08-03'],
      ['test', COMMUNE_A, f!.person_id, 'screening', '2020-08-03'],
    ]);
    const audited = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'screening.rescreen' and entity_id = ${String(f!.person_id)}`.execute(t.app.db);
    expect(audited.rows[0]!.n).toBe(1);

    // What the citizen was told stays as it was; the officers see the progress; nothing is done twice.
    const d = await sql<{ outcome: string }>`select outcome from declarations where id = ${inside.id}`.execute(t.app.db);
    expect(d.rows[0]!.outcome).toBe('clear');
    const listed = (await health.get('/api/intake/epidemic-areas')).body.items.find((a: { id: number }) => a.id === area.id);
    expect(listed.rescreen).toEqual({ screenedOn: '2020-08-03', scanned: 3, flagged: 1, done: true });
    expect(await runRescreens(app)).toMatchObject({ areas: 0, scanned: 0 });
    expect(await flagsOf(area.id)).toHaveLength(1);
    // A declaration made after the area was declared is screened at once, as always.
    const after = await submit(declaration([leg('49', '2020-07-30', '2020-08-02')]));
    expect(after.outcome).toBe('flagged');
    expect((await flagsOf(area.id)).map((x) => x.source_id)).toEqual([inside.id, after.id]);
  });

  it('flags every declaration once, whether it was written before, during or after the area was declared', async () => {
    clock = new Date('2020-08-05T08:00:00+07:00');
    const bodies = Array.from({ length: 120 }, () => declaration([leg('52', '2020-07-28', '2020-08-01')]));
    const first = await Promise.all(bodies.slice(0, 30).map(submit));
    // The rest in a burst, with the area declared in the middle of it.
    const burst = bodies.slice(30).map((b, i) => new Promise<{ id: number; outcome: string }>((resolve, reject) => {
      setTimeout(() => submit(b).then(resolve, reject), i % 30);
    }));
    const areaP = new Promise<Awaited<ReturnType<typeof declareArea>>>((resolve, reject) => {
      setTimeout(() => declareArea('52', '2020-07-25', '2020-08-10').then(resolve, reject), 12);
    });
    const [rest, area] = await Promise.all([Promise.all(burst), areaP]);
    const all = [...first, ...rest];
    const flaggedAtOnce = all.filter((d) => d.outcome === 'flagged').length;
    expect(flaggedAtOnce).toBeLessThan(120);
    const round = await runRescreens(app);
    expect(round!.flagged).toBe(120 - flaggedAtOnce);
    const flags = await flagsOf(area.id);
    expect(flags.map((f) => f.source_id).sort((a, b) => a - b)).toEqual(all.map((d) => d.id).sort((a, b) => a - b));
  });

  it('reads only the declarations that can reach the window or the rule\'s look-back', () => {
    // Travel ends at most TRAVEL_DAYS_AHEAD (30) days after a declaration's day (a planned trip).
    expect(declaredFrom({ dateFrom: '2020-07-20' }, '2020-08-03', null)).toBe('2020-06-20');
    expect(declaredFrom({ dateFrom: '2020-01-01' }, '2020-08-03', 14)).toBe('2020-06-20');
    expect(declaredFrom({ dateFrom: '2020-07-30' }, '2020-08-03', 14)).toBe('2020-06-30');
  });
});
