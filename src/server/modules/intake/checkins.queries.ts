// SQL of check-ins: the batch insert (one statement per batch), key look-ups, check-outs. No rules here.
import { sql } from 'kysely';
import type pg from 'pg';
import type { Db } from '../../platform/db/connect.ts';
import { float8Array, int8Array, textArray, uuidArray } from '../../platform/db/arrays.ts';
import { bumpCheckinEpoch, CHECKIN_WRITE_LOCK } from '../tracing/index.ts';

/** Writers of check-ins hold CHECKIN_WRITE_LOCK in shared mode for their transaction (tracing's readHorizon). */
export { CHECKIN_WRITE_LOCK };

export type CheckinRow = {
  key: string;
  personId: number;
  venueId: number;
  timeIn: number;
  timeOut: number;
  source: 'qr' | 'staff' | 'import';
  outKind: 'given' | 'default';
};

// One statement (its own transaction in autocommit): the keys go in first; a key that exists already (a retry)
// is skipped by ON CONFLICT (waiting for a concurrent writer of the same key to finish), and only the rows
// whose key went in are inserted. Ids are drawn before, so that the key row can point at its check-in. Arrays
// travel in binary (src/server/platform/db/arrays.ts): the driver's escaping of each element costs more than
// the insert.
export function insertBatchQuery(rows: readonly CheckinRow[]) {
  return sql<{ key: string; id: number }>`with u as (
  select k, p, v, to_timestamp(ti / 1000.0) as tin, to_timestamp(tout / 1000.0) as tout, src, ok, nextval('checkins_id_seq') as id
  from unnest(${uuidArray(rows.map((x) => x.key))}::uuid[], ${int8Array(rows.map((x) => x.personId))}::bigint[], ${int8Array(rows.map((x) => x.venueId))}::bigint[],
    ${float8Array(rows.map((x) => x.timeIn))}::float8[], ${float8Array(rows.map((x) => x.timeOut))}::float8[], ${textArray(rows.map((x) => x.source))}::text[],
    ${textArray(rows.map((x) => x.outKind))}::text[]) as u(k, p, v, ti, tout, src, ok)
  where (select pg_advisory_xact_lock_shared(${CHECKIN_WRITE_LOCK}::bigint)) is not null),
kk as (insert into checkin_keys (key, checkin_id, time_in) select k, id, tin from u on conflict (key) do nothing returning key, checkin_id),
ins as (insert into checkins (id, person_id, venue_id, time_in, time_out, source, time_out_kind)
  select u.id, u.p, u.v, u.tin, u.tout, u.src, u.ok from u join kk on kk.checkin_id = u.id returning id)
select key::text as key, checkin_id as id from kk`;
}

/** The parameters of insertBatchQuery, in the order of its placeholders. */
function batchParameters(rows: readonly CheckinRow[]): unknown[] {
  return [
    uuidArray(rows.map((x) => x.key)), int8Array(rows.map((x) => x.personId)), int8Array(rows.map((x) => x.venueId)),
    float8Array(rows.map((x) => x.timeIn)), float8Array(rows.map((x) => x.timeOut)), textArray(rows.map((x) => x.source)),
    textArray(rows.map((x) => x.outKind)), CHECKIN_WRITE_LOCK,
  ];
}

let batchText: string | null = null;

/** The hot path: the same statement, its text compiled once and prepared once per connection, sent through the
 * pool (autocommit: the statement is its transaction). Returns key → check-in id of the rows whose key was new;
 * keys already present are absent from the answer (see existingByKeys). */
export async function insertBatch(db: Db, pool: pg.Pool, rows: readonly CheckinRow[]): Promise<Map<string, number>> {
  if (!batchText) {
    const probe = insertBatchQuery(rows).compile(db);
    // The hand-built parameters must be the compiled ones, in the same order.
    if (JSON.stringify(probe.parameters) !== JSON.stringify(batchParameters(rows))) throw new Error('insertBatch: parameters out of step with the query');
    batchText = probe.sql;
  }
  const r = await pool.query<[string, string]>({ name: 'intake_checkins_insert_v1', text: batchText, values: batchParameters(rows), rowMode: 'array' });
  const out = new Map<string, number>();
  for (const [key, id] of r.rows) out.set(key, Number(id));
  return out;
}

export type StoredCheckin = { key: string; id: number; personId: number; venueId: number; timeIn: Date; timeOut: Date | null; outKind: string | null; phone: string | null };

/** The check-ins recorded under these keys (with the phone of their person, to tell a retry from a reused key). */
export async function existingByKeys(db: Db, keys: readonly string[]): Promise<StoredCheckin[]> {
  if (!keys.length) return [];
  const r = await sql<{ key: string; id: number; person_id: number; venue_id: number; time_in: Date; time_out: Date | null; time_out_kind: string | null; phone: string | null }>`
    select k.key::text as key, c.id, c.person_id, c.venue_id, c.time_in, c.time_out, c.time_out_kind, p.phone
    from checkin_keys k
    join checkins c on c.id = k.checkin_id and c.time_in = k.time_in
    left join persons p on p.id = c.person_id
    where k.key = any(${uuidArray(keys)}::uuid[])`.execute(db);
  return r.rows.map((x) => ({ key: x.key, id: x.id, personId: x.person_id, venueId: x.venue_id, timeIn: x.time_in, timeOut: x.time_out, outKind: x.time_out_kind, phone: x.phone }));
}

/** Sets the time out of the check-in under `key` (a citizen's check-out) and queues it for the tracing
 * catch-up, in one transaction. A second check-out answers the first (a retry); a time out given by an officer
 * stays. Null when there is no such check-in. */
export async function checkOut(db: Db, key: string, at: Date): Promise<{ id: number; timeIn: Date; timeOut: Date; status: 'done' | 'again' | 'given' | 'too_late' } | null> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock_shared(${CHECKIN_WRITE_LOCK}::bigint)`.execute(tx);
    // The check-in index follows check-outs through checkin_checkouts, not through the table's epoch.
    await sql`select set_config('phongdich.checkout', 'on', true)`.execute(tx);
    const found = await sql<{ id: number; venue_id: number; time_in: Date; time_out: Date | null; time_out_kind: string | null }>`
      select c.id, c.venue_id, c.time_in, c.time_out, c.time_out_kind from checkin_keys k
      join checkins c on c.id = k.checkin_id and c.time_in = k.time_in
      where k.key = ${key}::uuid for update of c`.execute(tx);
    const row = found.rows[0];
    if (!row) return null;
    if (row.time_out_kind === 'checkout' || row.time_out_kind === 'given') {
      return { id: row.id, timeIn: row.time_in, timeOut: row.time_out ?? at, status: row.time_out_kind === 'checkout' ? 'again' : 'given' };
    }
    if (at.getTime() - row.time_in.getTime() > 86_400_000) return { id: row.id, timeIn: row.time_in, timeOut: at, status: 'too_late' };
    const out = at < row.time_in ? row.time_in : at;
    await sql`update checkins set time_out = ${out}, time_out_kind = 'checkout' where id = ${row.id} and time_in = ${row.time_in}`.execute(tx);
    await sql`insert into checkin_checkouts (checkin_id, venue_id, time_in, time_out) values (${row.id}, ${row.venue_id}, ${row.time_in}, ${out})`.execute(tx);
    return { id: row.id, timeIn: row.time_in, timeOut: out, status: 'done' };
  });
}

/** Retention of check-ins (kind 'checkin', 28 days after the epidemic ends by default): check-ins that began
 * before the cut-off go with their idempotency keys and queued check-outs. Whole monthly partitions that end
 * before it are dropped; the rest is deleted by time (the (venue_id, time_in) index leads the way). */
export async function purgeCheckins(db: Db, before: Date): Promise<number> {
  let n = 0;
  const parts = await sql<{ name: string; bound: string }>`
    select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
    from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
    where p.relname = 'checkins' and c.relname <> 'checkins_default'`.execute(db);
  await db.transaction().execute(async (tx) => {
    // Writers hold this lock shared: no check-in of the purged range is half-written meanwhile.
    await sql`select pg_advisory_xact_lock(${CHECKIN_WRITE_LOCK}::bigint)`.execute(tx);
    await sql`delete from checkin_keys where time_in < ${before}`.execute(tx);
    await sql`delete from checkin_checkouts where time_in < ${before}`.execute(tx);
    for (const part of parts.rows) {
      const m = /TO \('([^']+)'\)/.exec(part.bound);
      if (m && new Date(m[1]!) <= before) {
        const c = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(part.name)}`.execute(tx);
        await sql.raw(`drop table ${part.name}`).execute(tx);
        n += c.rows[0]!.n;
      }
    }
    const r = await sql`delete from checkins where time_in < ${before}`.execute(tx);
    n += Number(r.numAffectedRows ?? 0);
    await bumpCheckinEpoch(tx); // dropped partitions fire no trigger
  });
  return n;
}
