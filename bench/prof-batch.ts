// Profiling aid, not part of `npm run bench`: on the benchmark database (after `npm run bench -- --only tracing`
// generated it), resets the derived tracing state as the tracing benchmark does, retraces the seeded outbreak,
// then imports the benchmark's batch of 1,200 new cases in process (no HTTP) and prints the retrace's phases
// and how much of the time the application waited for PostgreSQL: `npx tsx bench/prof-batch.ts [runs]`.
import { sql } from 'kysely';
import pg from 'pg';
import { PERMISSIONS } from '../src/contracts/auth.ts';
import { systemActor } from '../src/server/platform/context.ts';
import { openBenchApp } from './prof-open.ts';
import { retrace } from '../src/server/modules/tracing/service.ts';
import { importCases } from '../src/server/modules/tracing/service.cases.ts';

// Time with at least one query outstanding (waiting for PostgreSQL), whatever the client.
let outstanding = 0;
let since = 0;
let waitedMs = 0;
const byStatement = new Map<string, { n: number; ms: number }>();
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: unknown, ...a: unknown[]) {
  const r = query.apply(this, a);
  if (r && typeof (r as Promise<unknown>).then === 'function') {
    if (outstanding++ === 0) since = performance.now();
    const t = performance.now();
    const first = a[0] as string | { text?: string };
    const what = (typeof first === 'string' ? first : first?.text ?? '?').replace(/\s+/g, ' ').trim().slice(0, 70);
    const done = () => {
      if (--outstanding === 0) waitedMs += performance.now() - since;
      const e = byStatement.get(what) ?? { n: 0, ms: 0 };
      e.n++; e.ms += performance.now() - t;
      byStatement.set(what, e);
    };
    (r as Promise<unknown>).then(done, done);
  }
  return r;
};

const runs = Number(process.argv[2] ?? 1);
const { app, close } = await openBenchApp();
const db = app.db;
const actor = systemActor(Object.values(PERMISSIONS));
for (let run = 0; run < runs; run++) {
  await sql`truncate case_labels, case_sources, work_items, classifications, tracing_stay_acceptances, tracing_reviews`.execute(db);
  await sql`delete from isolations i using cases c where c.person_id = i.person_id and c.code not like 'BN%' and i.reason = 'F0 ' || c.code`.execute(db);
  await sql`delete from cases where code not like 'BN%'`.execute(db);
  await retrace(db, null);
  const last = (await sql<{ t: Date }>`select max(time_in) as t from checkins`.execute(db)).rows[0]!.t;
  const confirmedAt = new Date(last.getTime() - 2 * 3_600_000).toISOString();
  const ids = (await sql<{ id: number }>`select id from persons tablesample bernoulli (1) repeatable (7)
    where id not in (select person_id from cases) order by md5(id::text) limit 1200`.execute(db)).rows.map((r) => r.id);
  waitedMs = 0;
  byStatement.clear();
  const t0 = performance.now();
  const out = await importCases(db, actor, ids.map((personId, i) => ({ personId, code: `BB${i + 1}`, confirmedAt })) );
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ run, ms: Math.round(ms), waitedForPostgresMs: Math.round(waitedMs), changed: out.trace.changed, timings: out.trace.timings }));
  // Statements by time (a statement queued behind another counts its wait too).
  for (const [what, e] of [...byStatement].sort((x, y) => y[1].ms - x[1].ms).slice(0, 12)) console.log(`  ${Math.round(e.ms)} ms ×${e.n}  ${what}`);
}
await close();
