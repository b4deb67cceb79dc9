// Tracing catch-up: QR check-ins arrive by the thousand a second, far too many to retrace per request. A loop
// (at start, then every few seconds) hands the check-ins (and check-outs) written since its cursor to
// retrace(), then advances the cursor. At-least-once: a crash between the two retraces them again next time,
// which is harmless (retrace is idempotent). One process does it at a time (advisory lock).
//
// The cursor must never pass a check-in that is not yet committed: ids come from a sequence, so id 101 can
// commit before id 100. The loop reads a horizon (tracing's readHorizon: writers hold CHECKIN_WRITE_LOCK
// shared, the reader takes it exclusively for an instant), below which every id is final; when writers do not
// let go within `horizonWaitMs` the round is skipped.
import { sql } from 'kysely';
import type pg from 'pg';
import type { App } from '../../platform/context.ts';
import { readHorizon, retrace, rulesInForce, touched } from '../tracing/index.ts';

const CATCHUP_LOCK = 74_014_003;

export type CatchupRound = {
  checkins: number;
  /** Of those, the check-ins near a case or a labelled person: the ones handed to retrace. */
  relevant: number;
  checkouts: number;
  retraces: number;
  changed: number;
  ms: number;
  skipped: null | 'locked' | 'writers_busy';
};

/** `chunk`: check-ins scanned per query; `batch`: relevant check-ins gathered (over several chunks) into one
 * retrace, so that a busy trace is recomputed once per batch rather than once per chunk. */
export type CatchupOptions = {
  chunk?: number; batch?: number; horizonWaitMs?: number;
  /** A round stops scanning after this long (what it gathered is retraced first), so that a round far behind
   * hands the lock back now and then and its progress shows; the next round goes on from the cursor. */
  maxMs?: number;
};

async function cursorOf(app: App, name: 'checkins' | 'checkouts'): Promise<number> {
  const r = await sql<{ last_id: number }>`select last_id from intake_cursors where name = ${name}`.execute(app.db);
  return Number(r.rows[0]?.last_id ?? 0);
}

async function advance(app: App, name: 'checkins' | 'checkouts', to: number) {
  await sql`update intake_cursors set last_id = greatest(last_id, ${to}), updated_at = now() where name = ${name}`.execute(app.db);
}

/** The widest venue margin and the depth of the tracing rules in force. */
async function traceReach(app: App): Promise<{ margin: number; maxDepth: number }> {
  const { rules } = await rulesInForce(app.db);
  return { margin: Math.max(0, ...Object.values(rules.venueKinds).map((v) => v.marginMinutes)), maxDepth: rules.maxDepth };
}

/** The check-ins with ids in (from, to] that can change a trace: those of a trace's subject (a case's person,
 * or someone with a label below the deepest level: a deepest-level label passes nothing on), and those at a
 * venue where a subject stayed around the same time (within the widest venue margin, a missing time out
 * counted as the longest stay); the same rule as retrace's scope. Any other check-in leaves every trace as it is: retrace
 * would resolve its scope to no case, after reading every co-present visitor of a busy market first. This
 * reads tracing's tables (cases, case_labels) for that reason alone; it belongs in the tracing module as a
 * scope filter once that module offers one. */
async function relevantCheckins(app: App, which: { from: number; to: number } | { checkouts: { from: number; to: number } }, reach: { margin: number; maxDepth: number }) {
  const marginMinutes = reach.margin;
  // A check-out may have lengthened the stay: looked up as the longest stay (time out unknown).
  const fresh = 'checkouts' in which
    ? sql`select c.id, c.person_id, c.venue_id, c.time_in, c.time_in + interval '24 hours' as time_out_or_max, null::timestamptz as time_out
        from checkin_checkouts o join checkins c on c.id = o.checkin_id and c.time_in = o.time_in where o.id > ${which.checkouts.from} and o.id <= ${which.checkouts.to}`
    : sql`select id, person_id, venue_id, time_in, coalesce(time_out, time_in + interval '24 hours') as time_out_or_max, time_out
        from checkins where id > ${which.from} and id <= ${which.to}`;
  // JIT compilation would cost ten times the query (the estimates are large, the rows few).
  const r = await app.db.transaction().execute(async (tx) => {
    await sql`set local jit = off`.execute(tx);
    return sql<{ id: number; venue_id: number; t_in: number; t_out: number | null }>`
    with fresh as materialized (${fresh}),
    hot_people as materialized (select person_id from case_labels where level < ${reach.maxDepth} union select person_id from cases where status <> 'withdrawn'),
    hot as materialized (
      select o.venue_id, o.time_in - make_interval(mins => ${marginMinutes}) as lo,
        coalesce(o.time_out, o.time_in + interval '24 hours') + make_interval(mins => ${marginMinutes}) as hi
      from checkins o
      where o.person_id in (select person_id from hot_people)
        and o.time_in >= (select min(time_in) from fresh) - interval '48 hours'
        and o.time_in <= (select max(time_out_or_max) from fresh) + make_interval(mins => ${marginMinutes}))
    select f.id, f.venue_id, (extract(epoch from f.time_in) * 1000)::float8 as t_in, (extract(epoch from f.time_out) * 1000)::float8 as t_out
    from fresh f where f.person_id in (select person_id from hot_people)
    union
    select f.id, f.venue_id, (extract(epoch from f.time_in) * 1000)::float8, (extract(epoch from f.time_out) * 1000)::float8
    from fresh f join hot h on h.venue_id = f.venue_id and h.lo <= f.time_out_or_max and h.hi >= f.time_in`.execute(tx);
  });
  // (Both CTEs are materialized and joined by venue: inlined, "hot" became a range scan of the venue per fresh
  // check-in, millions of rows at a busy market; materialized, it is the stays of labelled people, read once.)
  return r.rows;
}

/** One round: everything written up to the horizon read now is handed to retrace, in chunks of `chunk`. */
export async function catchUpOnce(app: App, opts: CatchupOptions = {}): Promise<CatchupRound> {
  const chunk = opts.chunk ?? 5_000;
  const t0 = performance.now();
  const round: CatchupRound = { checkins: 0, relevant: 0, checkouts: 0, retraces: 0, changed: 0, ms: 0, skipped: null };
  const c = await app.pool.connect();
  try {
    const got = await c.query<{ ok: boolean }>('select pg_try_advisory_lock($1::bigint) as ok', [CATCHUP_LOCK]);
    if (!got.rows[0]!.ok) return { ...round, skipped: 'locked' };
    try {
      const h = await readHorizon(app.db, opts.horizonWaitMs ?? 250);
      if (!h) return { ...round, skipped: 'writers_busy', ms: Math.round(performance.now() - t0) };
      const reach = await traceReach(app);
      // Relevant check-ins are gathered over chunks into one retrace; the cursor moves only after it committed
      // (at least once: a crash in between retraces them again).
      const batch = opts.batch ?? 20_000;
      let gathered: Array<{ venue_id: number; t_in: number; t_out: number | null }> = [];
      const flush = async (cursor: number) => {
        if (gathered.length) {
          const s = await retrace(app.db, null, touched.checkins(gathered.map((r) => ({ venueId: r.venue_id, timeIn: r.t_in, timeOut: r.t_out }))));
          round.retraces++;
          round.changed += s.changed + s.closed;
          gathered = [];
        }
        await advance(app, 'checkins', cursor);
      };
      for (let cursor = await cursorOf(app, 'checkins'); cursor < h.checkins;) {
        const span = await sql<{ last: number | null; n: number }>`select max(id) as last, count(*)::int as n from (
          select id from checkins where id > ${cursor} and id <= ${h.checkins} order by id limit ${chunk}) x`.execute(app.db);
        const last = span.rows[0]!.n < chunk ? h.checkins : Number(span.rows[0]!.last);
        const rows = await relevantCheckins(app, { from: cursor, to: last }, reach);
        gathered.push(...rows);
        round.checkins += span.rows[0]!.n;
        round.relevant += rows.length;
        cursor = last;
        const late = performance.now() - t0 > (opts.maxMs ?? Infinity);
        if (gathered.length >= batch || cursor >= h.checkins || late) await flush(cursor);
        if (late) break;
      }
      for (let cursor = await cursorOf(app, 'checkouts'); cursor < h.checkouts;) {
        const last = Math.min(h.checkouts, cursor + chunk);
        const rows = await relevantCheckins(app, { checkouts: { from: cursor, to: last } }, reach);
        if (rows.length) {
          const s = await retrace(app.db, null, touched.checkouts(rows.map((r) => ({ venueId: r.venue_id, timeIn: r.t_in }))));
          round.retraces++;
          round.changed += s.changed + s.closed;
        }
        round.checkouts += Number((await sql<{ n: number }>`select count(*)::int as n from checkin_checkouts where id > ${cursor} and id <= ${last}`.execute(app.db)).rows[0]!.n);
        cursor = last;
        await advance(app, 'checkouts', cursor);
      }
    } finally {
      await c.query('select pg_advisory_unlock($1::bigint)', [CATCHUP_LOCK]);
    }
  } finally {
    c.release();
  }
  round.ms = Math.round(performance.now() - t0);
  return round;
}

export type CatchupLoop = { stop: () => Promise<void>; runNow: () => Promise<CatchupRound | null> };

/** Runs a round at start and then every `intervalMs` (never two at once in this process). */
export function startCheckinCatchup(app: App, opts: CatchupOptions & { intervalMs?: number } = {}): CatchupLoop {
  let running: Promise<CatchupRound | null> | null = null;
  let stopped = false;
  const tick = (): Promise<CatchupRound | null> => {
    if (stopped) return Promise.resolve(null);
    if (running) return running;
    running = catchUpOnce(app, opts)
      .then((r) => {
        if (r.checkins || r.checkouts) app.log.info(`truy vết bổ sung / tracing catch-up: ${r.checkins} check-ins, ${r.checkouts} check-outs, ${r.changed} classifications changed in ${r.ms} ms`);
        return r;
      })
      .catch((e) => {
        app.log.error(`tracing catch-up failed: ${(e as Error).message}`);
        return null;
      })
      .finally(() => { running = null; });
    return running;
  };
  const timer = setInterval(() => void tick(), opts.intervalMs ?? 5_000);
  timer.unref();
  void tick();
  return {
    runNow: tick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** Where the catch-up stands (for officers and the benchmark): its cursors and what is still ahead of them. */
export async function catchupStatus(app: App) {
  const r = await sql<{ cursor: number; latest: number; pending: number; ocursor: number; opending: number }>`
    select k.last_id as cursor, coalesce((select max(id) from checkins), 0) as latest,
      (select count(*)::int from checkins where id > k.last_id) as pending,
      o.last_id as ocursor, (select count(*)::int from checkin_checkouts where id > o.last_id) as opending
    from intake_cursors k, intake_cursors o where k.name = 'checkins' and o.name = 'checkouts'`.execute(app.db);
  const x = r.rows[0]!;
  return { cursor: Number(x.cursor), latestCheckinId: Number(x.latest), pending: x.pending, checkoutCursor: Number(x.ocursor), pendingCheckouts: x.opending };
}
