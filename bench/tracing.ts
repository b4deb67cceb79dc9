// Tracing benchmark (part of `npm run bench`): on the synthetic province (1,000,000 people, 28 days of check-ins,
// recorded contacts, a seeded outbreak; generated here when the database has no check-ins), through the HTTP API:
//  - full retrace of the seeded outbreak (every case's trace from scratch);
//  - a new case, F1 + F2 with provenance committed (POST /api/tracing/cases): a random person, and an F1 who
//    tests positive (the usual way a new case arrives: its source case is retraced too);
//  - a batch of 1,200 new cases (POST /api/tracing/cases/batch) fully classified;
//  - the same 1,200 cases traced by an in-memory breadth-first search over typed arrays of the same data (same
//    windows and venue rules, no provenance, no writes): the ratio says what the database, the provenance and
//    the durability cost.
import { sql } from 'kysely';
import type { App } from '../src/server/platform/context.ts';
import { generateProvince } from '../src/server/demo/province.ts';
import { provinceCommunes } from '../src/server/modules/reference/index.ts';
import { retrace, rulesInForce } from '../src/server/modules/tracing/service.ts';
import { attachCheckinIndex, CheckinIndex } from '../src/server/modules/tracing/checkinIndex.ts';
import type { TraceRules } from '../src/server/modules/tracing/rules.ts';

type Stats = { n: number; p50: number; p95: number; p99: number; mean: number; max: number };
type Call = { ms: number; status: number; summary?: { cases?: number; changed?: number; timings?: Record<string, number> } | null; f1?: number; f2?: number };
export type Client = (requests: Array<string | { url: string; body: unknown }>, workers: number) => Promise<{ results: Call[]; seconds: number }>;

/** `fromIndex`: share of the calls whose retrace read check-ins from the index; `load`: the neighbourhood
 * load phase of the retraces (ms, p50 / p95). */
type CaseRun = Stats & { meanF1: number; meanF2: number; retracedCasesMean: number; errors: number; fromIndex: number; load: { p50: number; p95: number } };

export type TracingBench = {
  province: { persons: number; checkins: number; contacts: number; households: number; seededCases: number; generatedSeconds: number | null };
  fullRetrace: { ms: number; cases: number; classified: number; reviews: number };
  /** The in-memory check-in index (checkinIndex.ts) as `serve` keeps it: its build, and its size. */
  checkinIndex: { rows: number; buildMs: number; megabytes: number };
  newCaseRandom: CaseRun;
  /** The same, reading check-ins from SQL (the index detached), in the same run. */
  newCaseRandomSql: CaseRun;
  newCaseFromF1: CaseRun;
  batch1200: { ms: number; status: number; retracedCases: number; changed: number };
  inMemoryBfs: { ms: number; loadMs: number; f1: number; f2: number; ratio: number };
};

export async function tracingBench(app: App, client: Client, stats: (ms: number[]) => Stats, log: (m: string) => void, people: number): Promise<TracingBench> {
  const db = app.db;
  const n = async (q: string) => Number((await sql<{ n: number }>`${sql.raw(q)}`.execute(db)).rows[0]!.n);
  let generatedSeconds: number | null = null;
  if ((await n('select count(*)::int as n from (select 1 from checkins limit 1) x')) === 0) {
    log(`generating the synthetic province (${people} people, 28 days) …`);
    const communes = (await provinceCommunes(db, app.config.provinceCode)).map((c) => ({ code: c.code, name: c.name }));
    generatedSeconds = (await generateProvince(db, { communes, people, days: 28, seed: 2021, force: true, log })).seconds;
  }
  // Every case but the generator's seeded outbreak (codes BN…: the benchmark's own are BB…, and any other run's
  // go too), the isolations they implied and every derived row go; the seeded outbreak is retraced from scratch.
  await sql`truncate case_labels, case_sources, work_items, classifications, tracing_stay_acceptances, tracing_reviews`.execute(db);
  await sql`delete from isolations i using cases c where c.person_id = i.person_id and c.code not like 'BN%' and i.reason = 'F0 ' || c.code`.execute(db);
  await sql`delete from cases where code not like 'BN%'`.execute(db);
  const province = {
    persons: await n('select count(*)::int as n from persons'), checkins: await n('select count(*)::int as n from checkins'),
    contacts: await n('select count(*)::int as n from contacts'), households: await n('select count(*)::int as n from households'),
    seededCases: await n("select count(*)::int as n from cases where status <> 'withdrawn'"), generatedSeconds,
  };
  log('check-in index …');
  const index = new CheckinIndex(db, { log });
  attachCheckinIndex(db, index);
  await index.build();
  const built = index.stats();
  if (built.state !== 'ready') throw new Error(`check-in index not built: ${built.lastError}`);
  const checkinIndex = { rows: built.rows, buildMs: built.builtMs ?? 0, megabytes: Math.round(built.bytes / 1048576) };
  log('full retrace …');
  let t = performance.now();
  const full = await retrace(db, null);
  const fullRetrace = { ms: Math.round(performance.now() - t), cases: full.cases, classified: full.classified, reviews: full.reviews };

  // Confirmed two hours before the last check-in: the infectious period (2 days before, by the rule) lies in the data.
  const last = (await sql<{ t: Date }>`select max(time_in) as t from checkins`.execute(db)).rows[0]!.t;
  const confirmedAt = new Date(last.getTime() - 2 * 3_600_000).toISOString();
  let seq = 0;
  const caseBody = (personId: number) => ({ personId, code: `BB${++seq}`, confirmedAt });
  const sample = async (k: number, seed: number) => (await sql<{ id: number }>`
    select id from persons tablesample bernoulli (1) repeatable (${sql.raw(String(seed))})
    where id not in (select person_id from cases) order by md5(id::text) limit ${k}`.execute(db)).rows.map((r) => r.id);

  const measure = async (ids: number[]) => {
    const { results } = await client(ids.map((id) => ({ url: '/api/tracing/cases', body: caseBody(id) })), 1);
    const ok = results.filter((r) => r.status === 201);
    const mean = (f: (r: Call) => number) => Math.round(ok.reduce((a, r) => a + f(r), 0) / Math.max(1, ok.length) * 10) / 10;
    const load = stats(ok.map((r) => r.summary?.timings?.load ?? 0));
    return {
      ...stats(results.map((r) => r.ms)), meanF1: mean((r) => r.f1 ?? 0), meanF2: mean((r) => r.f2 ?? 0), retracedCasesMean: mean((r) => r.summary?.cases ?? 0), errors: results.length - ok.length,
      fromIndex: mean((r) => r.summary?.timings?.fromIndex ?? 0), load: { p50: load.p50, p95: load.p95 },
    };
  };
  log('new cases: random persons …');
  await client((await sample(10, 3)).map((id) => ({ url: '/api/tracing/cases', body: caseBody(id) })), 1); // warm-up
  const newCaseRandom = await measure(await sample(200, 5));
  log('new cases: random persons, check-ins from SQL …');
  attachCheckinIndex(db, null);
  const newCaseRandomSql = await measure(await sample(100, 9));
  attachCheckinIndex(db, index);
  log('new cases: F1s who test positive …');
  const f1s = (await sql<{ id: number }>`select person_id as id from classifications where superseded_at is null and level = 1
    and person_id not in (select person_id from cases) order by md5(person_id::text) limit 100`.execute(db)).rows.map((r) => r.id);
  const newCaseFromF1 = await measure(f1s);

  log('batch of 1,200 cases …');
  const batchIds = await sample(1200, 7);
  t = performance.now();
  const { results: [b] } = await client([{ url: '/api/tracing/cases/batch', body: { cases: batchIds.map(caseBody) } }], 1);
  const batch1200 = { ms: Math.round(performance.now() - t), status: b!.status, retracedCases: b!.summary?.cases ?? 0, changed: b!.summary?.changed ?? 0 };

  log('in-memory BFS: loading typed arrays …');
  const { rules } = await rulesInForce(db);
  t = performance.now();
  const graph = await loadGraph(db, rules);
  const loadMs = Math.round(performance.now() - t);
  const batchCases = (await sql<{ person_id: number; f: number; t: number }>`
    select person_id, extract(epoch from infectious_from)::int as f, extract(epoch from infectious_to)::int as t
    from cases where code = any(${batchIds.map((_, i) => `BB${seq - batchIds.length + i + 1}`)}::text[])`.execute(db)).rows;
  t = performance.now();
  const bfs = bfsAll(graph, rules, batchCases.map((c) => ({ person: c.person_id, from: c.f, to: c.t })));
  const bfsMs = performance.now() - t;
  const inMemoryBfs = { ms: Math.round(bfsMs), loadMs, f1: bfs.f1, f2: bfs.f2, ratio: Math.round((batch1200.ms / Math.max(1, bfsMs)) * 10) / 10 };
  attachCheckinIndex(db, null);
  index.close();
  return { province, checkinIndex, fullRetrace, newCaseRandom, newCaseRandomSql, newCaseFromF1, batch1200, inMemoryBfs };
}

// ---- In-memory BFS over typed arrays -------------------------------------------------------------------------

type Graph = {
  n: number;
  hhStart: Int32Array; hhMembers: Int32Array; hhOf: Int32Array; // household CSR, household of each person (-1)
  cStart: Int32Array; cOther: Int32Array; cAt: Int32Array; // contacts CSR by person
  vStart: Int32Array; kPerson: Int32Array; kIn: Int32Array; kOut: Int32Array; kVenue: Int32Array; vLongest: Int32Array; // check-ins by venue, by time in
  pStart: Int32Array; pCheckin: Int32Array; // check-ins by person (index into the venue-sorted arrays)
  venueRule: Array<{ contact: boolean; margin: number; minOverlap: number }>;
  isolated: Int32Array; // seconds, 0 = never
};

function csr(n: number, keys: Int32Array, count: number): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(n + 2);
  for (let i = 0; i < count; i++) start[keys[i]! + 1]!++;
  for (let i = 1; i < start.length; i++) start[i]! += start[i - 1]!;
  const fill = start.slice();
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[fill[keys[i]!]!++] = i;
  return { start, order };
}

async function loadGraph(db: App['db'], rules: TraceRules): Promise<Graph> {
  const n = Number((await sql<{ n: number }>`select coalesce(max(id), 0)::int as n from persons`.execute(db)).rows[0]!.n) + 1;
  const hh = (await sql<{ h: number; p: number }>`select household_id::int as h, person_id::int as p from household_members order by household_id`.execute(db)).rows;
  const hhOf = new Int32Array(n).fill(-1);
  const hhIdx = new Map<number, number>();
  const hk = new Int32Array(hh.length);
  hh.forEach((r, i) => { if (!hhIdx.has(r.h)) hhIdx.set(r.h, hhIdx.size); hk[i] = hhIdx.get(r.h)!; hhOf[r.p] = hk[i]!; });
  const hcsr = csr(hhIdx.size, hk, hh.length);
  const hhMembers = Int32Array.from(hcsr.order, (i) => hh[i]!.p);

  const cs = (await sql<{ a: number; b: number; at: number }>`select person_a::int as a, person_b::int as b, extract(epoch from at)::int as at from contacts`.execute(db)).rows;
  const ck = new Int32Array(cs.length * 2);
  cs.forEach((c, i) => { ck[2 * i] = c.a; ck[2 * i + 1] = c.b; });
  const ccsr = csr(n, ck, ck.length);
  const cOther = new Int32Array(ck.length);
  const cAt = new Int32Array(ck.length);
  ccsr.order.forEach((e, j) => { const c = cs[e >> 1]!; cOther[j] = e & 1 ? c.a : c.b; cAt[j] = c.at; });

  const venues = (await sql<{ id: number; kind: string }>`select id::int as id, kind from venues order by id`.execute(db)).rows;
  const nv = (venues[venues.length - 1]?.id ?? 0) + 1;
  const venueRule: Graph['venueRule'] = new Array(nv);
  for (const v of venues) {
    const r = rules.venueKinds[v.kind] ?? rules.venueKinds.other ?? { contact: true, marginMinutes: 60, minOverlapMinutes: 0 };
    venueRule[v.id] = { contact: r.contact, margin: r.marginMinutes * 60, minOverlap: r.minOverlapMinutes * 60 };
  }
  // Check-ins, venue by venue in time order, as packed binary (12 bytes each) in chunks of venues.
  const total = Number((await sql<{ n: number }>`select count(*)::int as n from checkins`.execute(db)).rows[0]!.n);
  const kPerson = new Int32Array(total); const kIn = new Int32Array(total); const kOut = new Int32Array(total); const kVenue = new Int32Array(total);
  const vStart = new Int32Array(nv + 1);
  const vLongest = new Int32Array(nv);
  const dflt = rules.checkinDefaultMinutes * 60;
  let at = 0;
  let nextV = 0; // the first venue whose range has not started yet
  for (let v0 = 0; v0 < nv; v0 += 500) {
    const rows = (await sql<{ v: number; b: Buffer }>`select venue_id::int as v, string_agg(int4send(person_id::int) || int4send(extract(epoch from time_in)::int)
        || int4send(coalesce(extract(epoch from time_out)::int, extract(epoch from time_in)::int + ${dflt})), ''::bytea order by time_in, id) as b
      from checkins where venue_id >= ${v0} and venue_id < ${v0 + 500} group by venue_id order by venue_id`.execute(db)).rows;
    for (const r of rows) {
      while (nextV <= r.v) vStart[nextV++] = at;
      for (let o = 0; o < r.b.length; o += 12) {
        kPerson[at] = r.b.readInt32BE(o); kIn[at] = r.b.readInt32BE(o + 4); kOut[at] = r.b.readInt32BE(o + 8); kVenue[at] = r.v;
        vLongest[r.v] = Math.max(vLongest[r.v]!, kOut[at]! - kIn[at]!);
        at++;
      }
    }
  }
  while (nextV <= nv) vStart[nextV++] = at;
  const pcsr = csr(n, kPerson, at);
  const isolated = new Int32Array(n);
  for (const r of (await sql<{ p: number; t: number }>`select person_id::int as p, extract(epoch from isolated_at)::int as t from isolations`.execute(db)).rows) isolated[r.p] = r.t;
  return {
    n, hhStart: hcsr.start, hhMembers, hhOf, cStart: ccsr.start, cOther, cAt, vStart, kPerson, kIn, kOut, kVenue, vLongest,
    pStart: pcsr.start, pCheckin: pcsr.order, venueRule, isolated,
  };
}

/** F1 and F2 (up to the depth rule) of each case on its own, as the engine defines them but keeping only each
 * person's lowest level and earliest exposure (no provenance, no labels): totals over the cases. */
function bfsAll(g: Graph, rules: TraceRules, cases: Array<{ person: number; from: number; to: number }>): { f1: number; f2: number } {
  const level = new Int8Array(g.n);
  const exposed = new Int32Array(g.n);
  const stamp = new Int32Array(g.n);
  const crowd = new Int32Array(g.kPerson.length).fill(-1);
  const isCase = new Uint8Array(g.n);
  for (const c of cases) isCase[c.person] = 1;
  let stampId = 0;
  let f1 = 0;
  let f2 = 0;
  const overlapAt = (r: Graph['venueRule'][number], s: number, e: number, from: number, to: number) => {
    if (!r.contact) return -1;
    const lo = s - r.margin; const hi = e + r.margin;
    const ov = Math.min(hi, to) - Math.max(lo, from);
    return ov < 0 || ov < r.minOverlap ? -1 : Math.max(lo, from);
  };
  /** The first check-in at venue v that began at or after t (binary search). */
  const firstFrom = (v: number, t: number) => {
    let a = g.vStart[v]!; let b = g.vStart[v + 1]!;
    while (a < b) { const m = (a + b) >> 1; if (g.kIn[m]! < t) a = m + 1; else b = m; }
    return a;
  };
  const crowdOf = (k: number) => {
    if (crowd[k]! >= 0) return crowd[k]!;
    const v = g.kVenue[k]!; const r = g.venueRule[v]!;
    const lo = g.kIn[k]! - r.margin; const hi = g.kOut[k]! + r.margin;
    stampId++;
    let count = 0;
    for (let j = firstFrom(v, lo - g.vLongest[v]!); j < g.vStart[v + 1]! && g.kIn[j]! <= hi; j++) {
      const p = g.kPerson[j]!;
      if (p !== g.kPerson[k]! && stamp[p] !== stampId && overlapAt(r, g.kIn[k]!, g.kOut[k]!, g.kIn[j]!, g.kOut[j]!) >= 0) { stamp[p] = stampId; count++; }
    }
    crowd[k] = count;
    return count;
  };
  for (const c of cases) {
    const touched: number[] = [];
    const reach = (p: number, lv: number, at: number, next: number[]) => {
      if (isCase[p]) return;
      if (level[p] === 0) { touched.push(p); level[p] = lv; exposed[p] = at; next.push(p); } else if (level[p] === lv && at < exposed[p]!) exposed[p] = at;
    };
    let frontier = [c.person];
    const win = new Map<number, [number, number]>([[c.person, [c.from, c.to]]]);
    for (let lv = 1; lv <= rules.maxDepth && frontier.length; lv++) {
      const next: number[] = [];
      for (const s of frontier) {
        const [from, to] = s === c.person ? win.get(s)! : [exposed[s]!, g.isolated[s] || 2 ** 31 - 1];
        const h = g.hhOf[s]!;
        if (h >= 0) for (let i = g.hhStart[h]!; i < g.hhStart[h + 1]!; i++) if (g.hhMembers[i] !== s) reach(g.hhMembers[i]!, lv, from, next);
        for (let i = g.cStart[s]!; i < g.cStart[s + 1]!; i++) if (g.cAt[i]! >= from && g.cAt[i]! <= to) reach(g.cOther[i]!, lv, g.cAt[i]!, next);
        for (let i = g.pStart[s]!; i < g.pStart[s + 1]!; i++) {
          const k = g.pCheckin[i]!;
          const st = Math.max(g.kIn[k]!, from); const en = Math.min(g.kOut[k]!, to);
          if (st > en || crowdOf(k) > rules.fanoutThreshold) continue;
          const v = g.kVenue[k]!; const r = g.venueRule[v]!;
          for (let j = firstFrom(v, st - r.margin - g.vLongest[v]!); j < g.vStart[v + 1]! && g.kIn[j]! <= en + r.margin; j++) {
            if (g.kPerson[j] === s) continue;
            const at = overlapAt(r, st, en, g.kIn[j]!, g.kOut[j]!);
            if (at >= 0) reach(g.kPerson[j]!, lv, Math.max(at, from), next);
          }
        }
      }
      frontier = next;
    }
    for (const p of touched) { if (level[p] === 1) f1++; else if (level[p] === 2) f2++; level[p] = 0; }
  }
  return { f1, f2 };
}
