// Profiling aid, not part of `npm run bench`: on the benchmark database, retraces the next N check-ins the
// tracing catch-up has not handed on yet (its cursor does not move), one retrace per size given, and prints
// the retrace's phase timings: `npx tsx bench/prof-catchup.ts 100 1000 5000` after `npm run bench -- --only intake`.
import { sql } from 'kysely';
import { openBenchApp } from './prof-open.ts';
import { retrace, touched } from '../src/server/modules/tracing/service.ts';

const sizes = process.argv.slice(2).map(Number);
const { app, close } = await openBenchApp();
const db = app.db;
let cursor = Number((await sql<{ n: number }>`select last_id as n from intake_cursors where name = 'checkins'`.execute(db)).rows[0]!.n);
for (const n of sizes) {
  const rows = (await sql<{ id: number; venue_id: number; t_in: number; t_out: number | null }>`select id, venue_id, (extract(epoch from time_in) * 1000)::float8 as t_in, (extract(epoch from time_out) * 1000)::float8 as t_out
    from checkins where id > ${cursor} order by id limit ${n}`.execute(db)).rows;
  cursor = rows[rows.length - 1]!.id;
  const t0 = performance.now();
  const s = await retrace(db, null, touched.checkins(rows.map((r) => ({ venueId: r.venue_id, timeIn: r.t_in, timeOut: r.t_out }))));
  console.log(JSON.stringify({ n, ms: Math.round(performance.now() - t0), cases: s.cases, changed: s.changed, closed: s.closed, timings: s.timings }));
}
await close();
