// The in-memory check-in index answers what the SQL look-ups answer (queries.ts), on random check-ins: after a
// build, after new rows and check-outs reach it by sync (its tail), after the tail is merged into the base, and
// after changes it cannot follow (a delete: the epoch), which make it rebuild rather than answer stale.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/helpers.ts';
import { CHECKIN_WRITE_LOCK, CheckinIndex, holdCheckinWrites } from './checkinIndex.ts';
import { checkinsOfSince, loadCheckinsNear } from './queries.ts';
import type { TraceCheckin } from './rules.ts';

let t: TestApp;
const VENUES = [3, 5, 8, 13];
beforeAll(async () => {
  t = await testApp();
  for (const v of VENUES) await sql`insert into venues (id, name, kind, commune_code) overriding system value values (${v}, ${`Địa điểm ${v}`}, 'market', '01273')`.execute(t.app.db);
});
afterAll(async () => { await t.close(); });

const T0 = Date.UTC(2021, 6, 1);
const MIN = 60_000;
type Row = { person: number; venue: number; tIn: number; stay: number | null };
const rowArb = fc.record({
  person: fc.integer({ min: 1, max: 9 }),
  venue: fc.constantFrom(...VENUES, 21), // 21: a venue missing from the venue list
  // Half-hour steps: stays that end exactly where a look-up begins (and the like) are common.
  tIn: fc.integer({ min: 0, max: 3 * 48 }).map((h) => T0 + h * 30 * MIN),
  stay: fc.option(fc.integer({ min: 0, max: 48 }).map((h) => h * 30 * MIN), { freq: 3 }),
});
const queryArb = fc.record({
  stays: fc.array(fc.record({ venue: fc.constantFrom(...VENUES, 21, 99), from: fc.integer({ min: -20, max: 4 * 48 }).map((h) => h * 30), len: fc.integer({ min: 0, max: 20 }).map((h) => h * 30) }), { maxLength: 6 }),
  margin: fc.constantFrom(0, 30, 60, 45),
  dflt: fc.constantFrom(30, 60, 90),
  persons: fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 6 }),
  since: fc.integer({ min: -20, max: 4 * 48 }).map((h) => h * 30),
});

async function insert(rows: Row[]) {
  await t.app.db.transaction().execute(async (tx) => {
    await holdCheckinWrites(tx);
    for (const r of rows) {
      await sql`insert into checkins (person_id, venue_id, time_in, time_out) values (${r.person}, ${r.venue}, ${new Date(r.tIn)}, ${r.stay === null ? null : new Date(r.tIn + r.stay)})`.execute(tx);
    }
  });
}

/** A citizen's check-out as the application records it (checkins.queries.ts checkOut). */
async function checkOut(id: number, minutesAfterIn: number) {
  await t.app.db.transaction().execute(async (tx) => {
    await holdCheckinWrites(tx);
    await sql`select set_config('phongdich.checkout', 'on', true)`.execute(tx);
    const r = await sql<{ venue_id: number; time_in: Date }>`update checkins set time_out = time_in + make_interval(mins => ${minutesAfterIn}), time_out_kind = 'checkout'
      where id = ${id} returning venue_id, time_in`.execute(tx);
    const k = r.rows[0]!;
    await sql`insert into checkin_checkouts (checkin_id, venue_id, time_in, time_out) values (${id}, ${k.venue_id}, ${k.time_in}, ${k.time_in}::timestamptz + make_interval(mins => ${minutesAfterIn}))`.execute(tx);
  });
}

const sorted = (xs: TraceCheckin[]) => [...xs].sort((a, b) => a.id - b.id);

type Query = typeof queryArb extends fc.Arbitrary<infer Q> ? Q : never;

async function sameAnswers(index: CheckinIndex, q: Query) {
  const stays = q.stays.map((s) => ({ venue: s.venue, from: T0 + s.from * MIN, to: T0 + (s.from + s.len) * MIN }));
  expect(sorted(await loadCheckinsNear(t.app.db, stays, q.margin, q.dflt, index))).toEqual(sorted(await loadCheckinsNear(t.app.db, stays, q.margin, q.dflt)));
  const since = T0 + q.since * MIN;
  expect(sorted(await checkinsOfSince(t.app.db, q.persons, since, index))).toEqual(sorted(await checkinsOfSince(t.app.db, q.persons, since)));
}

const reset = () => sql`truncate checkins, checkin_checkouts restart identity`.execute(t.app.db);

describe('the in-memory check-in index', () => {
  it('answers the SQL look-ups: built, then followed (new rows, check-outs), then merged', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(rowArb, { maxLength: 40 }), fc.array(rowArb, { maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 48 }).map((h) => h * 30), { maxLength: 8 }), fc.array(queryArb, { minLength: 1, maxLength: 4 }),
      async (before, after, outs, queries) => {
        await reset();
        await insert(before);
        const index = new CheckinIndex(t.app.db, { venuesPerChunk: 2, mergeAt: 10_000 });
        await index.build();
        expect(index.stats()).toMatchObject({ state: 'ready', rows: before.length, tail: 0 });
        for (const q of queries) await sameAnswers(index, q);

        await insert(after);
        const ids = (await sql<{ id: number }>`select id from checkins order by id`.execute(t.app.db)).rows.map((r) => r.id);
        // Check-outs of rows of the base and of the tail alike.
        for (const [i, m] of outs.entries()) if (ids.length) await checkOut(ids[i % 2 ? ids.length - 1 - ((i * 5) % ids.length) : (i * 7) % ids.length]!, m);
        expect(await index.sync()).toBe(true);
        expect(index.stats()).toMatchObject({ rows: before.length + after.length, tail: after.length });
        for (const q of queries) await sameAnswers(index, q);

        // Merged into the base: the same answers.
        (index as unknown as { mergeTail(): void }).mergeTail();
        expect(index.stats()).toMatchObject({ rows: before.length + after.length, tail: 0 });
        for (const q of queries) await sameAnswers(index, q);
      },
    ), { numRuns: Number(process.env.FC_RUNS_DB ?? 40) });
  }, 120_000);

  it('applies several check-outs of one check-in in the order they were made', async () => {
    await reset();
    const index = new CheckinIndex(t.app.db);
    await index.build();
    await insert([1, 2].map(() => ({ person: 1, venue: 3, tIn: T0, stay: null })));
    for (const [id, m] of [[2, 0], [1, 45], [2, 0], [1, 30]] as const) await checkOut(id, m);
    expect(await index.sync()).toBe(true);
    expect(sorted(index.ofPersons([{ personId: 1, lo: 0, hi: Infinity }])).map((k) => (k.timeOut! - T0) / MIN)).toEqual([30, 0]);
  });

  it('does not answer from a stale copy: a delete bumps the epoch, sync declines and the index is rebuilt', async () => {
    await reset();
    await insert([{ person: 1, venue: 3, tIn: T0, stay: 30 * MIN }, { person: 2, venue: 3, tIn: T0 + 10 * MIN, stay: null }]);
    const index = new CheckinIndex(t.app.db);
    await index.build();
    expect(await index.sync()).toBe(true);
    const stays = [{ venue: 3, from: T0, to: T0 + 20 * MIN }];
    expect((await loadCheckinsNear(t.app.db, stays, 0, 60, index)).map((k) => k.personId).sort()).toEqual([1, 2]);
    const epoch = index.stats().epoch;

    await sql`delete from checkins where person_id = 2`.execute(t.app.db);
    expect(await index.sync()).toBe(false); // a rebuild has started; retraces read SQL meanwhile
    await index.build();
    expect(index.stats().epoch).toBeGreaterThan(epoch);
    expect(await index.sync()).toBe(true);
    expect((await loadCheckinsNear(t.app.db, stays, 0, 60, index)).map((k) => k.personId)).toEqual([1]);

    // A check-out is followed through its queue, without a rebuild.
    const id = (await sql<{ id: number }>`select id from checkins where person_id = 1`.execute(t.app.db)).rows[0]!.id;
    await checkOut(id, 5);
    const builds = index.stats().builds;
    expect(await index.sync()).toBe(true);
    expect(index.stats().builds).toBe(builds);
    expect(await loadCheckinsNear(t.app.db, [{ venue: 3, from: T0 + 10 * MIN, to: T0 + 20 * MIN }], 0, 60, index)).toEqual([]);
    index.close();
  });

  it('declines while check-in writers hold the horizon lock past its wait, and reads nothing half-written', async () => {
    await reset();
    const index = new CheckinIndex(t.app.db, { horizonWaitMs: 50 });
    await index.build();
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const writer = t.app.db.transaction().execute(async (tx) => {
      await holdCheckinWrites(tx);
      await sql`insert into checkins (person_id, venue_id, time_in) values (1, 3, ${new Date(T0)})`.execute(tx);
      await held;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(await index.sync()).toBe(false);
    // Inside a retrace's transaction (its own connection, no second one): declines, and the transaction goes on.
    expect(await t.app.db.transaction().execute(async (tx) => {
      const synced = await index.sync(tx);
      const after = await sql<{ one: number }>`select 1 as one`.execute(tx);
      return [synced, after.rows[0]!.one];
    })).toEqual([false, 1]);
    release();
    await writer;
    expect(await t.app.db.transaction().execute((tx) => index.sync(tx))).toBe(true);
    expect(index.stats().rows).toBe(1);
  });

  it('lets check-in writers go when reading the horizon fails inside a retrace\'s transaction', async () => {
    await reset();
    const index = new CheckinIndex(t.app.db, { horizonWaitMs: 100 });
    await index.build();
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => { locked = r; });
    // Someone holds the check-out queue (DDL would): the horizon's read times out after the lock was taken.
    const blocker = t.app.db.transaction().execute(async (tx) => {
      await sql`lock table checkin_checkouts in access exclusive mode`.execute(tx);
      locked();
      await held;
    });
    await isLocked;
    await expect(t.app.db.transaction().execute((tx) => index.sync(tx))).rejects.toThrow();
    release();
    await blocker;
    // A writer gets the lock at once (it would wait for ever if the failed read had kept it).
    const free = await t.app.db.connection().execute(async (c) => {
      const r = await sql<{ ok: boolean }>`select pg_try_advisory_lock_shared(${CHECKIN_WRITE_LOCK}::bigint) as ok`.execute(c);
      if (r.rows[0]!.ok) await sql`select pg_advisory_unlock_shared(${CHECKIN_WRITE_LOCK}::bigint)`.execute(c);
      return r.rows[0]!.ok;
    });
    expect(free).toBe(true);
    index.close();
  });
});
