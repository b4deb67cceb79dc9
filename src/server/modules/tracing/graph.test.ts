// Transmission chains and the cluster graph, against the database: cases linked through the classification
// that preceded their confirmation, area scope on labels and on the side panel, audit rows, bad queries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNE_A, COMMUNE_B, loggedIn, testApp, type TestApp } from '../../../../test/helpers.ts';
import { PERMISSIONS } from '../../../contracts/auth.ts';
import { systemActor } from '../../platform/context.ts';
import { buildServer, type Http } from '../../platform/http/server.ts';
import { authRoutes } from '../../platform/auth/routes.ts';
import { tracingRoutes } from './routes.ts';
import { addContacts, createCase } from './service.cases.ts';
import { clusterGraph, groupClusters } from './graph.ts';
import { graphRoutes } from './graph.routes.ts';

let t: TestApp;
let http: Http;
let officer: Awaited<ReturnType<typeof loggedIn>>;
let localA: Awaited<ReturnType<typeof loggedIn>>;
const system = systemActor(Object.values(PERMISSIONS));
const p: Record<string, number> = {};
const c: Record<string, number> = {};

// A chain BN1 (a) → BN2 (b) → BN3 (c), and BN9 (u) unrelated. a, home, b, u, uf live in commune A; c, d, e in B.
beforeAll(async () => {
  t = await testApp();
  // Built here with the routes this module adds, whether or not main.ts registers them yet.
  http = await buildServer(t.app, [authRoutes, tracingRoutes, graphRoutes]);
  const withGraph = { ...t, http };
  officer = await loggedIn(withGraph, 'health');
  localA = await loggedIn(withGraph, 'field', { communes: [COMMUNE_A] });
  for (const [k, commune] of [['a', COMMUNE_A], ['home', COMMUNE_A], ['b', COMMUNE_A], ['c', COMMUNE_B], ['d', COMMUNE_B], ['e', COMMUNE_B], ['u', COMMUNE_A], ['uf', COMMUNE_A]] as const) {
    const r = await t.app.db.insertInto('persons').values({ full_name: `Người ${k.toUpperCase()}`, commune_code: commune }).returning('id').executeTakeFirstOrThrow();
    p[k] = r.id;
  }
  const h = await t.app.db.insertInto('households').values({ commune_code: COMMUNE_A }).returning('id').executeTakeFirstOrThrow();
  await t.app.db.insertInto('household_members').values([{ household_id: h.id, person_id: p.a! }, { household_id: h.id, person_id: p.home! }]).execute();
  await addContacts(t.app.db, system, [
    { personA: p.a!, personB: p.b!, at: '2021-02-28T10:00:00+07:00', setting: 'workplace', source: 'interview' },
    { personA: p.b!, personB: p.c!, at: '2021-03-02T10:00:00+07:00', setting: 'other', source: 'interview' },
    { personA: p.c!, personB: p.d!, at: '2021-03-04T10:00:00+07:00', setting: 'other', source: 'interview' },
    { personA: p.d!, personB: p.e!, at: '2021-03-04T12:00:00+07:00', setting: 'other', source: 'interview' },
    { personA: p.u!, personB: p.uf!, at: '2021-04-09T10:00:00+07:00', setting: 'other', source: 'interview' },
  ]);
  // Each case is recorded after its person was classified by the previous one: that is the link.
  for (const [k, code, at] of [['a', 'BN1', '2021-03-01T08:00:00+07:00'], ['b', 'BN2', '2021-03-03T08:00:00+07:00'], ['c', 'BN3', '2021-03-05T08:00:00+07:00'], ['u', 'BN9', '2021-04-10T08:00:00+07:00']] as const) {
    c[code] = (await createCase(t.app.db, system, { personId: p[k]!, code, confirmedAt: at })).case.id;
  }
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

const auditOf = (username: string, action: string) =>
  t.app.db.selectFrom('audit_log').select(['outcome', 'entity_id', 'record_count', 'purpose', 'details']).where('actor_username', '=', username).where('action', '=', action).execute();

describe('transmission clusters', () => {
  it('links a chain of three cases into one cluster, apart from an unrelated case', async () => {
    const r = await officer.get('/api/tracing/clusters');
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([
      { id: c.BN9, indexCaseCode: 'BN9', caseCount: 1, personCount: 2, firstConfirmedAt: '2021-04-10T01:00:00.000Z', lastConfirmedAt: '2021-04-10T01:00:00.000Z', communes: [COMMUNE_A] },
      { id: c.BN1, indexCaseCode: 'BN1', caseCount: 3, personCount: 6, firstConfirmedAt: '2021-03-01T01:00:00.000Z', lastConfirmedAt: '2021-03-05T01:00:00.000Z', communes: [COMMUNE_A, COMMUNE_B].sort() },
    ]);
    expect(r.body.truncated).toBe(false);
  });

  it('filters clusters by a case confirmed in the date range (Vietnam days) and commune', async () => {
    const ids = async (q: string) => (await officer.get(`/api/tracing/clusters?${q}`)).body.items.map((x: { id: number }) => x.id);
    expect(await ids('from=2021-04-01')).toEqual([c.BN9]);
    expect(await ids('to=2021-03-01')).toEqual([c.BN1]);
    expect(await ids(`commune=${COMMUNE_B}`)).toEqual([c.BN1]);
    expect(await ids(`from=2021-03-04&to=2021-03-04`)).toEqual([]);
    // 2021-03-05 08:00 in Vietnam is still 2021-03-05 there (01:00 UTC).
    expect(await ids(`from=2021-03-05&to=2021-03-05&commune=${COMMUNE_B}`)).toEqual([c.BN1]);
  });
});

describe('cluster graph', () => {
  it('has the cases, their current F1/F2 and the links, transmissions from the person who exposed the next case', async () => {
    const r = await officer.get(`/api/tracing/graph?clusterId=${c.BN1}`);
    expect(r.status).toBe(200);
    const g = r.body;
    expect(g.clusterId).toBe(c.BN1);
    expect(g.truncated).toBe(false);
    const byId = new Map(g.nodes.map((n: { id: number }) => [n.id, n]));
    expect(byId.get(p.a)).toMatchObject({ kind: 'case', level: 0, caseId: c.BN1, caseCode: 'BN1', label: 'BN1', hidden: false, date: '2021-03-01T01:00:00.000Z' });
    expect(byId.get(p.c)).toMatchObject({ kind: 'case', label: 'BN3', communeCode: COMMUNE_B });
    expect(byId.get(p.home)).toMatchObject({ kind: 'contact', level: 1, caseId: c.BN1, label: 'Người HOME', hidden: false });
    expect(byId.get(p.d)).toMatchObject({ kind: 'contact', level: 1, caseId: c.BN3, label: 'Người D' });
    expect(byId.get(p.e)).toMatchObject({ kind: 'contact', level: 2, caseId: c.BN3, date: '2021-03-04T05:00:00.000Z' });
    expect(g.nodes).toHaveLength(6);
    expect(g.nodes.some((n: { id: number }) => n.id === p.u || n.id === p.uf)).toBe(false);
    const edges = g.edges.map((e: { source: number; target: number; kind: string }) => `${e.source}>${e.target}:${e.kind}`).sort();
    expect(edges).toEqual([
      `${p.a}>${p.home}:household`, `${p.a}>${p.b}:transmission`, `${p.b}>${p.c}:transmission`, `${p.c}>${p.d}:contact`, `${p.d}>${p.e}:contact`,
    ].sort());
    expect(g.counts).toEqual({ cases: 3, byLevel: { 0: 3, 1: 2, 2: 1 }, hidden: 0, edges: 5, matching: 6 });
    // Any case of the cluster finds it.
    expect((await officer.get(`/api/tracing/graph?caseId=${c.BN3}`)).body.clusterId).toBe(c.BN1);
  });

  it('shows a commune officer only neutral labels outside their area, and audits the read', async () => {
    const r = await localA.get(`/api/tracing/graph?clusterId=${c.BN1}&purpose=tracing`);
    expect(r.status).toBe(200);
    const byId = new Map(r.body.nodes.map((n: { id: number }) => [n.id, n]));
    expect(byId.get(p.home)).toMatchObject({ label: 'Người HOME', hidden: false });
    expect(byId.get(p.d)).toMatchObject({ label: `F1 #${p.d}`, hidden: true });
    expect(byId.get(p.e)).toMatchObject({ label: `F2 #${p.e}`, hidden: true });
    // A case keeps its code (no identity in it), but is marked outside the area.
    expect(byId.get(p.c)).toMatchObject({ label: 'BN3', hidden: true });
    const text = JSON.stringify(r.body);
    for (const hiddenName of ['Người C', 'Người D', 'Người E']) expect(text).not.toContain(hiddenName);
    expect(r.body.counts.hidden).toBe(3);
    const rows = await auditOf(localA.user.username, 'tracing.graph');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'ok', entity_id: String(c.BN1), record_count: 6, purpose: 'tracing' });
    expect((rows[0]!.details as { ids: number[] }).ids).toEqual([p.home]);
  });

  it('filters nodes by level, commune and date, keeping the edges between the nodes kept', async () => {
    const f1 = (await officer.get(`/api/tracing/graph?clusterId=${c.BN1}&maxLevel=1`)).body;
    expect(f1.nodes.map((n: { id: number }) => n.id)).not.toContain(p.e);
    expect(f1.edges).toHaveLength(4);
    const b = (await officer.get(`/api/tracing/graph?clusterId=${c.BN1}&commune=${COMMUNE_B}`)).body;
    expect(b.nodes.map((n: { id: number }) => n.id).sort()).toEqual([p.c, p.d, p.e].sort());
    expect(b.edges.map((e: { kind: string }) => e.kind)).toEqual(['contact', 'contact']);
    const early = (await officer.get(`/api/tracing/graph?clusterId=${c.BN1}&to=2021-03-01`)).body;
    expect(early.nodes.map((n: { id: number }) => n.id).sort()).toEqual([p.a, p.home].sort());
  });

  it('stops at the node cap and says so', async () => {
    const g = await clusterGraph(t.app.db, system, { clusterId: c.BN1!, maxNodes: 4 });
    expect(g.nodes).toHaveLength(4);
    expect(g.truncated).toBe(true);
    expect(g.counts.matching).toBe(6);
    // Cases first, then contacts by level.
    expect(g.nodes.map((n) => n.level)).toEqual([0, 0, 0, 1]);
  });

  it('answers an unknown case with 404 and bad queries with 400', async () => {
    const missing = await officer.get('/api/tracing/graph?caseId=987654');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('tracing.case_not_found');
    for (const q of ['', `clusterId=${c.BN1}&caseId=${c.BN1}`, 'clusterId=abc', `clusterId=${c.BN1}&from=2021-13-01`, `clusterId=${c.BN1}&commune=123`,
      `clusterId=${c.BN1}&maxLevel=0`, `clusterId=${c.BN1}&from=2021-03-05&to=2021-03-01`, `clusterId=${c.BN1}&name=x`]) {
      const r = await officer.get(`/api/tracing/graph?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code, q).toBe('request.invalid');
    }
    expect((await officer.get('/api/tracing/clusters?from=01/03/2021')).body.error.code).toBe('request.invalid');
    expect((await officer.get('/api/tracing/graph/nodes/x')).status).toBe(400);
  });

  it('is denied to roles without tracing permissions', async () => {
    const viewer = await loggedIn({ ...t, http }, 'viewer');
    expect((await viewer.get('/api/tracing/clusters')).status).toBe(403);
    expect((await viewer.get(`/api/tracing/graph?clusterId=${c.BN1}`)).status).toBe(403);
  });
});

describe('node detail', () => {
  it('explains an F2 by its chain, naming the people on it', async () => {
    const r = await officer.get(`/api/tracing/graph/nodes/${p.e}`);
    expect(r.status).toBe(200);
    expect(r.body.person).toEqual({ id: p.e, fullName: 'Người E', communeCode: COMMUNE_B });
    expect(r.body.classification).toMatchObject({ level: 2, caseId: c.BN3, caseCode: 'BN3', viaPersonId: p.d, linkKind: 'contact' });
    expect(r.body.classification.chain.map((s: { personId: number; via: number }) => [s.via, s.personId])).toEqual([[p.c, p.d], [p.d, p.e]]);
    expect(r.body.people).toEqual([{ id: p.c!, name: 'Người C' }, { id: p.d!, name: 'Người D' }].sort((x, y) => x.id - y.id));
    expect(r.body.case).toBeNull();
  });

  it('gives a case its summary and the classification that linked it to the earlier case', async () => {
    const r = await officer.get(`/api/tracing/graph/nodes/${p.c}`);
    expect(r.status).toBe(200);
    expect(r.body.classification).toBeNull();
    expect(r.body.case).toMatchObject({ id: c.BN3, code: 'BN3', f1: 1, f2: 1, source: { caseId: c.BN2, caseCode: 'BN2', level: 1, viaPersonId: p.b, linkKind: 'contact' } });
    expect(r.body.case.source.chain).toHaveLength(1);
    expect(r.body.people).toContainEqual({ id: p.b, name: 'Người B' });
  });

  it('refuses a person outside the area (403, audited as denied), and hides names outside it on a chain', async () => {
    const refused = await localA.get(`/api/tracing/graph/nodes/${p.d}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('auth.outside_area');
    expect((await auditOf(localA.user.username, 'tracing.node')).map((x) => [x.outcome, x.entity_id])).toEqual([['denied', String(p.d)]]);
    const b = await localA.get(`/api/tracing/graph/nodes/${p.b}`);
    expect(b.status).toBe(200);
    expect(b.body.case.source).toMatchObject({ caseCode: 'BN1', viaPersonId: p.a });
    expect(b.body.people).toEqual([{ id: p.a, name: 'Người A' }]);
    const far = await loggedIn({ ...t, http }, 'field', { communes: [COMMUNE_B] });
    const d = await far.get(`/api/tracing/graph/nodes/${p.c}`);
    expect(d.body.people).toContainEqual({ id: p.b, name: null });
    expect((await officer.get('/api/tracing/graph/nodes/987654')).body.error.code).toBe('person.not_found');
  });
});

describe('groupClusters', () => {
  const k = (id: number, at: number, src: number | null = null) => ({ id, confirmedAt: at, sourceCaseId: src });
  it('names each component by its earliest case, through links in either direction, cycles and unknown sources', () => {
    const m = groupClusters([k(5, 50, 3), k(3, 30), k(4, 10, 3), k(7, 70, 99), k(8, 80, 9), k(9, 80, 8), k(6, 60)]);
    expect(Object.fromEntries(m)).toEqual({ 5: 4, 3: 4, 4: 4, 7: 7, 8: 8, 9: 8, 6: 6 });
  });
});

describe('transmission links, recorded in any order (runs last: it adds a cluster)', () => {
  it('links cases whatever order they were recorded in: a batch, and a source recorded after its offspring', async () => {
    const mk = async (name: string) => (await t.app.db.insertInto('persons').values({ full_name: name, commune_code: COMMUNE_A }).returning('id').executeTakeFirstOrThrow()).id;
    const [x, y, z] = [await mk('Người X'), await mk('Người Y'), await mk('Người Z')];
    // Y and Z are recorded first, then X (who infected Y), and only then the contacts that link them.
    const { importCases } = await import('./service.cases.ts');
    await importCases(t.app.db, system, [
      { personId: y, code: 'BN21', confirmedAt: '2021-05-03T08:00:00+07:00' }, { personId: z, code: 'BN22', confirmedAt: '2021-05-05T08:00:00+07:00' },
    ]);
    await createCase(t.app.db, system, { personId: x, code: 'BN20', confirmedAt: '2021-05-02T08:00:00+07:00' });
    await addContacts(t.app.db, system, [
      { personA: x, personB: y, at: '2021-05-01T10:00:00+07:00', setting: 'other', source: 'interview' },
      { personA: y, personB: z, at: '2021-05-02T20:00:00+07:00', setting: 'other', source: 'interview' },
    ]);
    const cl = (await officer.get('/api/tracing/clusters?from=2021-05-01&to=2021-05-31')).body.items;
    expect(cl).toHaveLength(1);
    expect(cl[0]).toMatchObject({ caseCount: 3, indexCaseCode: 'BN20' });
    const g = await officer.get(`/api/tracing/graph?clusterId=${cl[0].id}`);
    const transmissions = g.body.edges.filter((e: { kind: string }) => e.kind === 'transmission').map((e: { source: number; target: number }) => [e.source, e.target]);
    expect(transmissions.sort()).toEqual([[x, y], [y, z]].sort());
  });
});
