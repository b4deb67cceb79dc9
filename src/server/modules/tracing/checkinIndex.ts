// The check-ins in memory, for tracing. Loading a case's neighbourhood from SQL (its stays, then everyone at
// those venues around those times) was most of a new case's time and all of its tail at busy venues
// (docs/benchmarks.md, tracing); the same look-ups over typed arrays take microseconds per stay. The index is
// a read model of the checkins table and answers exactly what the SQL look-ups in queries.ts answer:
//  - base: every check-in up to a horizon, as columns sorted by (venue, time in, id), with a directory of the
//    venues' ranges, and a person → positions directory (counting sort over person ids);
//  - tail: check-ins that arrived since, in maps by venue, person and id; merged into the base when it grows.
// It is kept current by `sync`, which a retrace calls under the trace lock before it reads: new rows by id up
// to a horizon below which every id is final (check-in writers hold CHECKIN_WRITE_LOCK shared; the horizon is
// read holding it exclusively for an instant), check-outs from their queue the same way. Anything else that
// changes the table (deletes, retention, the demo generator, updates other than a check-out) bumps
// `checkin_epochs`, and an index of an older epoch rebuilds in the background. Whenever the index is not
// current (building, rebuilding, or the horizon could not be read quickly), `sync` says so and the retrace
// reads from SQL: the index is never a source of truth, only a faster way to read it.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import type { App } from '../../platform/context.ts';
import type { TraceCheckin } from './rules.ts';

/** Check-in writers hold this advisory lock in shared mode for their transaction; readers of a horizon take it
 * exclusively for an instant: every check-in id at or below the largest id read then is final (committed or
 * rolled back), because ids come from a sequence and a later id can commit before an earlier one. */
export const CHECKIN_WRITE_LOCK = 74_014_001;

/** A stay longer than this is cut for co-presence look-ups (keeps the index range bounded); the table's
 * constraint checkins_stay_limit holds every stay to it. */
export const MAX_STAY_HOURS = 24;
const STAY_MS = MAX_STAY_HOURS * 3_600_000;

/** Check-ins of a person that began in [lo − MAX_STAY_HOURS, hi] (epoch ms; hi may be Infinity). */
export type PersonWindow = { personId: number; lo: number; hi: number };
/** Check-ins at a venue whose stay overlaps [lo, hi] (epoch ms); a stay without a time out lasts the default. */
export type VenueRange = { venue: number; lo: number; hi: number };

export type Horizon = { checkins: number; checkouts: number };

/** Reads a horizon: null when writers did not let go within `waitMs`. On a connection of its own, or inside the
 * caller's transaction `tx` (under a savepoint, so that a lock timeout does not abort it; a retrace already
 * holding a pool connection must not wait for a second one). */
export async function readHorizon(db: Db, waitMs: number, tx?: Db): Promise<Horizon | null> {
  const read = async (c: Db) => {
    const r = await sql<{ k: string | null; o: string | null }>`select (select max(id) from checkins) as k, (select max(id) from checkin_checkouts) as o`.execute(c);
    return { checkins: Number(r.rows[0]!.k ?? 0), checkouts: Number(r.rows[0]!.o ?? 0) };
  };
  const timeout = String(Math.max(1, Math.round(waitMs)));
  if (tx) {
    await sql`savepoint checkin_horizon`.execute(tx);
    try {
      await sql`select set_config('lock_timeout', ${timeout}, true)`.execute(tx);
      await sql`select pg_advisory_lock(${CHECKIN_WRITE_LOCK}::bigint)`.execute(tx);
    } catch (e) {
      await sql`rollback to savepoint checkin_horizon`.execute(tx);
      await sql`release savepoint checkin_horizon`.execute(tx);
      if ((e as { code?: string }).code === '55P03') return null; // lock_not_available
      throw e;
    }
    try {
      return await read(tx);
    } finally {
      // Back out of the savepoint first (lock_timeout as it was; a failed read aborted the subtransaction, in
      // which nothing else can run), then let writers go: a session-level lock outlives the rollback.
      await sql`rollback to savepoint checkin_horizon`.execute(tx);
      await sql`release savepoint checkin_horizon`.execute(tx);
      await sql`select pg_advisory_unlock(${CHECKIN_WRITE_LOCK}::bigint)`.execute(tx);
    }
  }
  return db.connection().execute(async (c) => {
    await sql`select set_config('lock_timeout', ${timeout}, false)`.execute(c);
    try {
      await sql`select pg_advisory_lock(${CHECKIN_WRITE_LOCK}::bigint)`.execute(c);
    } catch (e) {
      if ((e as { code?: string }).code === '55P03') return null; // lock_not_available
      throw e;
    } finally {
      await sql`select set_config('lock_timeout', '0', false)`.execute(c).catch(() => {});
    }
    try {
      return await read(c);
    } finally {
      await sql`select pg_advisory_unlock(${CHECKIN_WRITE_LOCK}::bigint)`.execute(c);
    }
  });
}

/** Tells every check-in index that the table changed in a way it cannot follow (call after the change commits,
 * or inside its transaction: the index reads the epoch as committed). */
export async function bumpCheckinEpoch(db: Db): Promise<void> {
  await sql`update checkin_epochs set epoch = epoch + 1, changed_at = now()`.execute(db);
}

async function epochOf(db: Db): Promise<number> {
  const r = await sql<{ epoch: string }>`select epoch from checkin_epochs`.execute(db);
  return Number(r.rows[0]?.epoch ?? 0);
}

// Rows travel as packed binary: id, person and venue (int8), time in and time out as PostgreSQL sends them
// (int8 microseconds since 2000-01-01; a missing time out as the smallest int8). No numeric arithmetic in the
// query: extract(epoch …) is numeric and was most of a build's time.
const ROW = 40;
const PACK = sql`int8send(id) || int8send(person_id) || int8send(venue_id) || timestamptz_send(time_in)
  || coalesce(timestamptz_send(time_out), '\\x8000000000000000'::bytea)`;
const packed = (where: ReturnType<typeof sql>) => sql<{ b: Buffer | null; n: number }>`
  select string_agg(${PACK}, ''::bytea order by venue_id, time_in) as b, count(*)::int as n from checkins where ${where}`;

type Cols = { id: Float64Array; person: Float64Array; venue: Float64Array; tIn: Float64Array; tOut: Float64Array };
const cols = (n: number): Cols => ({ id: new Float64Array(n), person: new Float64Array(n), venue: new Float64Array(n), tIn: new Float64Array(n), tOut: new Float64Array(n) });

// Microseconds from 2000-01-01 to epoch milliseconds with one rounding: the µs since 1970 are an exact integer
// below 2^53, and one division rounds as the SQL look-ups' (extract(epoch …) * 1000)::float8 does.
const PG_EPOCH_US = 946_684_800_000_000;
const NO_TIME = -(2n ** 63n);
const msOf = (us: bigint) => (Number(us) + PG_EPOCH_US) / 1000;

function unpack(buffers: Buffer[], into: Cols, at: number): number {
  for (const b of buffers) {
    for (let o = 0; o + ROW <= b.length; o += ROW) {
      into.id[at] = Number(b.readBigInt64BE(o));
      into.person[at] = Number(b.readBigInt64BE(o + 8));
      into.venue[at] = Number(b.readBigInt64BE(o + 16));
      into.tIn[at] = msOf(b.readBigInt64BE(o + 24));
      const out = b.readBigInt64BE(o + 32);
      into.tOut[at] = out === NO_TIME ? NaN : msOf(out);
      at++;
    }
  }
  return at;
}

/** Sorted, immutable part: columns in (venue, time in, id) order; venues' ranges; persons' positions. */
type Base = Cols & {
  n: number;
  venues: Float64Array; venueStart: Int32Array; // venue ids ascending; rows of venues[i] are [venueStart[i], venueStart[i + 1])
  // The longest stay with a time out at venues[i], and whether one has none (it counts the default stay): no
  // check-in that began earlier than that before a window can still be there (at a market: an hour or two,
  // where MAX_STAY_HOURS would scan a whole day of rows).
  venueLongest: Float64Array; venueOpen: Uint8Array;
  personStart: Int32Array; byPerson: Int32Array; // positions of person p: byPerson[personStart[p] .. personStart[p + 1]) (p ≤ maxPerson)
};

const lowerBound = (a: Float64Array, lo: number, hi: number, x: number) => {
  while (lo < hi) { const m = (lo + hi) >>> 1; if (a[m]! < x) lo = m + 1; else hi = m; }
  return lo;
};

function baseOf(c: Cols, n: number): Base {
  const venues: number[] = [];
  const starts: number[] = [];
  let maxPerson = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || c.venue[i] !== c.venue[i - 1]) { venues.push(c.venue[i]!); starts.push(i); }
    if (c.person[i]! > maxPerson) maxPerson = c.person[i]!;
  }
  starts.push(n);
  if (maxPerson > 200_000_000) throw new Error(`check-in index: person ids up to ${maxPerson} are too sparse for the person directory`);
  // Counting sort by person: stable, so each person's check-ins stay in (venue, time) order.
  const personStart = new Int32Array(maxPerson + 2);
  for (let i = 0; i < n; i++) personStart[c.person[i]! + 1]!++;
  for (let p = 1; p < personStart.length; p++) personStart[p]! += personStart[p - 1]!;
  const fill = personStart.slice(0, maxPerson + 1);
  const byPerson = new Int32Array(n);
  for (let i = 0; i < n; i++) byPerson[fill[c.person[i]!]!++] = i;
  const venueLongest = new Float64Array(venues.length);
  const venueOpen = new Uint8Array(venues.length);
  for (let v = 0; v < venues.length; v++) {
    for (let i = starts[v]!; i < starts[v + 1]!; i++) {
      const o = c.tOut[i]!;
      if (Number.isNaN(o)) venueOpen[v] = 1;
      else if (o - c.tIn[i]! > venueLongest[v]!) venueLongest[v] = o - c.tIn[i]!;
    }
  }
  return { ...c, n, venues: Float64Array.from(venues), venueStart: Int32Array.from(starts), venueLongest, venueOpen, personStart, byPerson };
}

type TailRow = { id: number; person: number; venue: number; tIn: number; tOut: number };

export type IndexState = 'empty' | 'building' | 'ready' | 'stale' | 'failed';

export type CheckinIndexStats = { state: IndexState; epoch: number; rows: number; tail: number; horizon: Horizon; builtMs: number | null; bytes: number; builds: number; merges: number; lastError: string | null };

export type CheckinIndexOptions = {
  /** Venues per loading statement (default 400), and statements at once (default 2). */
  venuesPerChunk?: number;
  parallel?: number;
  /** The tail is merged into the base past this many rows or a tenth of the base, whichever is larger. */
  mergeAt?: number;
  /** How long a sync waits for check-in writers to let go of the horizon lock before the retrace falls back to
   * SQL (ms, default 200). */
  horizonWaitMs?: number;
  log?: (m: string) => void;
};

export class CheckinIndex {
  private base: Base = baseOf(cols(0), 0);
  private tailRows: TailRow[] = [];
  private tailById = new Map<number, TailRow>();
  private tailByVenue = new Map<number, TailRow[]>();
  private tailByPerson = new Map<number, TailRow[]>();
  private horizon: Horizon = { checkins: 0, checkouts: 0 };
  private epoch = -1;
  private state: IndexState = 'empty';
  private building: Promise<void> | null = null;
  private closed = false;
  private builtMs: number | null = null;
  private builds = 0;
  private merges = 0;
  private lastError: string | null = null;

  constructor(private readonly db: Db, private readonly opts: CheckinIndexOptions = {}) {}

  stats(): CheckinIndexStats {
    const b = this.base;
    const bytes = b.n * 5 * 8 + b.byPerson.byteLength + b.personStart.byteLength + this.tailRows.length * 120;
    return { state: this.state, epoch: this.epoch, rows: b.n + this.tailRows.length, tail: this.tailRows.length, horizon: { ...this.horizon }, builtMs: this.builtMs, bytes, builds: this.builds, merges: this.merges, lastError: this.lastError };
  }

  /** Starts (or joins) a build from the table; resolves when it is done (or failed: the index stays unused). */
  build(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.building ??= this.load().finally(() => { this.building = null; });
    return this.building;
  }

  close(): void {
    this.closed = true;
  }

  private async load(): Promise<void> {
    const t0 = performance.now();
    this.state = this.state === 'ready' ? 'stale' : 'building';
    try {
      // The epoch is read first and again at the end: a change committed meanwhile means loading again.
      for (let epoch = await epochOf(this.db); !this.closed;) {
        const loaded = await this.loadOnce();
        if (!loaded) return;
        const now = await epochOf(this.db);
        if (now !== epoch) { epoch = now; continue; }
        this.base = loaded.base;
        this.tailRows = []; this.tailById.clear(); this.tailByVenue.clear(); this.tailByPerson.clear();
        this.horizon = loaded.horizon;
        this.epoch = epoch;
        this.state = 'ready';
        this.builds++;
        this.builtMs = Math.round(performance.now() - t0);
        this.lastError = null;
        this.opts.log?.(`Chỉ mục lượt check-in: ${loaded.base.n.toLocaleString('vi')} lượt, ${this.builtMs} ms / check-in index: ${loaded.base.n} rows in ${this.builtMs} ms`);
        return;
      }
    } catch (e) {
      this.state = 'failed';
      this.lastError = (e as Error).message;
      this.opts.log?.(`check-in index not built: ${(e as Error).message}`);
    }
  }

  /** Every check-in up to a horizon read now, in chunks of venues (ranges of venue ids from the venue list,
   * open at both ends so that no check-in is left out). Check-outs queued up to the horizon may be in the rows
   * read or not: applying one again later is harmless. */
  private async loadOnce(): Promise<{ base: Base; horizon: Horizon } | null> {
    let h: Horizon | null = null;
    while (!h && !this.closed) h = await readHorizon(this.db, 1000);
    if (!h) return null;
    const venueIds = (await sql<{ id: string }>`select id from venues order by id`.execute(this.db)).rows.map((r) => Number(r.id));
    const per = this.opts.venuesPerChunk ?? 400;
    const bounds: number[] = [];
    for (let i = per - 1; i < venueIds.length; i += per) bounds.push(venueIds[i]!);
    // Chunks in venue order, read by `parallel` connections at once (PostgreSQL packs while Node unpacks).
    const buffers: Buffer[] = new Array(bounds.length + 1);
    let total = 0;
    let next = 0;
    const worker = async () => {
      for (let i = next++; i <= bounds.length && !this.closed; i = next++) {
        const lo = i === 0 ? null : bounds[i - 1]!;
        const hi = i === bounds.length ? null : bounds[i]!;
        const range = lo === null && hi === null ? sql`true` : lo === null ? sql`venue_id <= ${hi}` : hi === null ? sql`venue_id > ${lo}` : sql`venue_id > ${lo} and venue_id <= ${hi}`;
        const r = await packed(sql`${range} and id <= ${h.checkins}`).execute(this.db);
        buffers[i] = r.rows[0]?.b ?? Buffer.alloc(0);
        total += r.rows[0]?.n ?? 0;
      }
    };
    await Promise.all(Array.from({ length: this.opts.parallel ?? 2 }, worker));
    if (this.closed) return null;
    const c = cols(total);
    const n = unpack(buffers, c, 0);
    return { base: baseOf(c, n), horizon: h };
  }

  /** Brings the index up to the table: true when the look-ups may be answered from it now. Called by a retrace
   * holding the trace lock, before it reads (so no two syncs of one index overlap), with its transaction. */
  async sync(tx?: Db): Promise<boolean> {
    if (this.state !== 'ready' || this.closed) return false;
    const db = tx ?? this.db;
    if ((await epochOf(db)) !== this.epoch) {
      this.state = 'stale';
      void this.build();
      return false;
    }
    const h = await readHorizon(this.db, this.opts.horizonWaitMs ?? 200, tx);
    if (!h) return false;
    if (h.checkins > this.horizon.checkins) {
      const r = await sql<{ b: Buffer | null; n: number }>`select string_agg(${PACK}, ''::bytea) as b, count(*)::int as n
        from checkins where id > ${this.horizon.checkins} and id <= ${h.checkins}`.execute(db);
      const b = r.rows[0]?.b;
      if (b) {
        const c = cols(r.rows[0]!.n);
        const n = unpack([b], c, 0);
        for (let i = 0; i < n; i++) this.addTail({ id: c.id[i]!, person: c.person[i]!, venue: c.venue[i]!, tIn: c.tIn[i]!, tOut: c.tOut[i]! });
      }
    }
    if (h.checkouts > this.horizon.checkouts) {
      const r = await sql<{ id: string; venue: string; t_in: number; t_out: number }>`
        select o.checkin_id as id, o.venue_id as venue, (extract(epoch from o.time_in) * 1000)::float8 as t_in, (extract(epoch from o.time_out) * 1000)::float8 as t_out
        from checkin_checkouts o where o.id > ${this.horizon.checkouts} and o.id <= ${h.checkouts} order by o.id`.execute(db); // in queue order: the last one stands
      for (const o of r.rows) this.checkOut(Number(o.id), Number(o.venue), o.t_in, o.t_out);
    }
    this.horizon = { checkins: Math.max(h.checkins, this.horizon.checkins), checkouts: Math.max(h.checkouts, this.horizon.checkouts) };
    if (this.tailRows.length > Math.max(this.opts.mergeAt ?? 200_000, this.base.n / 10)) this.mergeTail();
    return true;
  }

  private addTail(r: TailRow) {
    if (this.tailById.has(r.id)) return;
    this.tailRows.push(r);
    this.tailById.set(r.id, r);
    const v = this.tailByVenue.get(r.venue);
    if (v) v.push(r); else this.tailByVenue.set(r.venue, [r]);
    const p = this.tailByPerson.get(r.person);
    if (p) p.push(r); else this.tailByPerson.set(r.person, [r]);
  }

  private checkOut(id: number, venue: number, tIn: number, tOut: number) {
    const t = this.tailById.get(id);
    if (t) { t.tOut = tOut; return; }
    const b = this.base;
    const vi = lowerBound(b.venues, 0, b.venues.length, venue);
    if (b.venues[vi] !== venue) return;
    for (let i = lowerBound(b.tIn, b.venueStart[vi]!, b.venueStart[vi + 1]!, tIn); i < b.venueStart[vi + 1]! && b.tIn[i] === tIn; i++) {
      if (b.id[i] === id) { b.tOut[i] = tOut; b.venueLongest[vi] = Math.max(b.venueLongest[vi]!, tOut - tIn); return; }
    }
  }

  /** Merges the tail into a new base (linear: both are in (venue, time in, id) order once the tail is sorted). */
  private mergeTail() {
    const a = this.base;
    const t = [...this.tailRows].sort((x, y) => x.venue - y.venue || x.tIn - y.tIn || x.id - y.id);
    const n = a.n + t.length;
    const c = cols(n);
    let i = 0; let j = 0;
    for (let k = 0; k < n; k++) {
      const r = t[j];
      const takeTail = r !== undefined && (i >= a.n || r.venue < a.venue[i]! || (r.venue === a.venue[i]! && (r.tIn < a.tIn[i]! || (r.tIn === a.tIn[i]! && r.id < a.id[i]!))));
      if (takeTail) {
        c.id[k] = r.id; c.person[k] = r.person; c.venue[k] = r.venue; c.tIn[k] = r.tIn; c.tOut[k] = r.tOut; j++;
      } else {
        c.id[k] = a.id[i]!; c.person[k] = a.person[i]!; c.venue[k] = a.venue[i]!; c.tIn[k] = a.tIn[i]!; c.tOut[k] = a.tOut[i]!; i++;
      }
    }
    this.base = baseOf(c, n);
    this.tailRows = []; this.tailById.clear(); this.tailByVenue.clear(); this.tailByPerson.clear();
    this.merges++;
  }

  private row(i: number): TraceCheckin {
    const b = this.base;
    const out = b.tOut[i]!;
    return { id: b.id[i]!, personId: b.person[i]!, venueId: b.venue[i]!, timeIn: b.tIn[i]!, timeOut: Number.isNaN(out) ? null : out };
  }

  /** The check-ins of each person that began in [lo − MAX_STAY_HOURS, hi] (queries.ts: a subject's own stays). */
  ofPersons(windows: readonly PersonWindow[]): TraceCheckin[] {
    const b = this.base;
    const out: TraceCheckin[] = [];
    const seen = new Set<number>();
    for (const w of windows) {
      const from = w.lo - STAY_MS;
      if (w.personId >= 0 && w.personId + 1 < b.personStart.length) {
        for (let k = b.personStart[w.personId]!; k < b.personStart[w.personId + 1]!; k++) {
          const i = b.byPerson[k]!;
          if (b.tIn[i]! >= from && b.tIn[i]! <= w.hi && !seen.has(b.id[i]!)) { seen.add(b.id[i]!); out.push(this.row(i)); }
        }
      }
      for (const r of this.tailByPerson.get(w.personId) ?? []) {
        if (r.tIn >= from && r.tIn <= w.hi && !seen.has(r.id)) { seen.add(r.id); out.push(tailCheckin(r)); }
      }
    }
    return out;
  }

  /** The check-ins at each venue whose stay (a missing time out counting `defaultStayMinutes`) overlaps [lo, hi]
   * and began at most MAX_STAY_HOURS before lo; each check-in once (queries.ts: checkinsNear). */
  near(ranges: readonly VenueRange[], defaultStayMinutes: number): TraceCheckin[] {
    const out: TraceCheckin[] = [];
    const seen = new Set<number>();
    for (const q of ranges) {
      this.visitNear(q, defaultStayMinutes, (k) => {
        if (!seen.has(k.id)) { seen.add(k.id); out.push(k); }
        return true;
      });
    }
    return out;
  }

  /** The check-ins near([q]) answers, in time order, one at a time until `visit` returns false: a caller that
   * only needs to know whether a crowd passes a size stops there instead of materialising the whole crowd. */
  visitNear(q: VenueRange, defaultStayMinutes: number, visit: (k: TraceCheckin) => boolean): void {
    const b = this.base;
    const dflt = defaultStayMinutes * 60_000;
    const from = q.lo - STAY_MS;
    const vi = lowerBound(b.venues, 0, b.venues.length, q.venue);
    if (b.venues[vi] === q.venue) {
      const end = b.venueStart[vi + 1]!;
      // Nothing that began longer before lo than the venue's longest stay is still there (1 ms of slack: the
      // bound is exact, the rows it adds fail the test below).
      const longest = Math.max(b.venueLongest[vi]!, b.venueOpen[vi] ? dflt : 0) + 1;
      for (let i = lowerBound(b.tIn, b.venueStart[vi]!, end, Math.max(from, q.lo - longest)); i < end && b.tIn[i]! <= q.hi; i++) {
        const o = b.tOut[i]!;
        if ((Number.isNaN(o) ? b.tIn[i]! + dflt : o) >= q.lo && !visit(this.row(i))) return;
      }
    }
    for (const r of this.tailByVenue.get(q.venue) ?? []) {
      if (r.tIn >= from && r.tIn <= q.hi && (Number.isNaN(r.tOut) ? r.tIn + dflt : r.tOut) >= q.lo && !visit(tailCheckin(r))) return;
    }
  }
}

const tailCheckin = (r: TailRow): TraceCheckin => ({ id: r.id, personId: r.person, venueId: r.venue, timeIn: r.tIn, timeOut: Number.isNaN(r.tOut) ? null : r.tOut });

const indexes = new WeakMap<object, CheckinIndex>();

/** Makes retraces on `db` read check-ins from `index` whenever it is current (see sync); null detaches. */
export function attachCheckinIndex(db: Db, index: CheckinIndex | null): void {
  if (index) indexes.set(db, index); else indexes.delete(db);
}

export function checkinIndexOf(db: Db): CheckinIndex | undefined {
  return indexes.get(db);
}

/** Every writer of check-ins calls this first in its transaction (see readHorizon). */
export async function holdCheckinWrites(tx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock_shared(${CHECKIN_WRITE_LOCK}::bigint)`.execute(tx);
}

/** The index of a running server: attached to the app's database and built in the background (retraces read
 * SQL until it is ready). */
export function startCheckinIndex(app: App): CheckinIndex {
  const index = new CheckinIndex(app.db, { log: (m) => app.log.info(m) });
  attachCheckinIndex(app.db, index);
  void index.build();
  return index;
}
