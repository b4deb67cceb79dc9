// SQL of tracing: loading the neighbourhood of a set of people (what the classification of their contacts
// needs) into the shape of the pure engine's input. No rules here.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { float8Array, int8Array } from '../../platform/db/arrays.ts';
import type { TraceCheckin, TraceInput } from './rules.ts';
import { MAX_STAY_HOURS, type CheckinIndex } from './checkinIndex.ts';

export { MAX_STAY_HOURS };

/** Where check-ins are read: the in-memory index when a retrace found it current (checkinIndex.ts), else SQL.
 * Both answer the same look-ups (checkinIndex.test.ts). */
export type CheckinReader = CheckinIndex | null;

const ms = (d: Date | string) => new Date(d).getTime();

export async function activeCases(db: Db): Promise<TraceInput['cases']> {
  const rows = await db.selectFrom('cases').select(['id', 'code', 'person_id', 'infectious_from', 'infectious_to'])
    .where('status', '!=', 'withdrawn').orderBy('id').execute();
  return rows.map((c) => ({ id: c.id, code: c.code, personId: c.person_id, from: ms(c.infectious_from), to: ms(c.infectious_to) }));
}

/** A stay at a venue (milliseconds). */
export type Stay = { venue: number; from: number; to: number };

/** A check-in as loaded for the engine: times as epoch milliseconds (parsing them as numbers instead of
 * dates is 5× cheaper in the driver, and a neighbourhood can hold a million check-ins). */
type CheckinRow = { id: number; person_id: number; venue_id: number; t_in: number; t_out: number | null };

const epochMs = (col: string) => sql.raw(`(extract(epoch from ${col}) * 1000)::float8`);

/** The check-ins at the same venues as `stays` that overlap them within the margin. Overlapping stays at a
 * venue are merged into one range first, and each check-in comes once: one range query per range over the
 * index on (venue_id, time_in). */
async function checkinsNear(db: Db, stays: Stay[], marginMinutes: number, defaultStayMinutes: number, index: CheckinReader): Promise<TraceCheckin[]> {
  if (!stays.length) return [];
  const m = marginMinutes * 60_000;
  const sorted = stays.map((s) => ({ venue: s.venue, lo: s.from - m, hi: s.to + m })).sort((a, b) => a.venue - b.venue || a.lo - b.lo);
  const ranges: typeof sorted = [];
  for (const r of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && last.venue === r.venue && r.lo <= last.hi) last.hi = Math.max(last.hi, r.hi);
    else ranges.push({ ...r });
  }
  if (index) return index.near(ranges, defaultStayMinutes);
  return rowsOf(await sql<CheckinRow>`
    select distinct on (c.id) c.id, c.person_id, c.venue_id, ${epochMs('c.time_in')} as t_in, ${epochMs('c.time_out')} as t_out
    from (select venue, to_timestamp(lo / 1000.0) as lo, to_timestamp(hi / 1000.0) as hi
      from unnest(${int8Array(ranges.map((s) => s.venue))}::bigint[], ${float8Array(ranges.map((s) => s.lo))}::float8[], ${float8Array(ranges.map((s) => s.hi))}::float8[]) as u(venue, lo, hi)) as s
    join checkins c on c.venue_id = s.venue
      and c.time_in >= s.lo - make_interval(hours => ${MAX_STAY_HOURS}) and c.time_in <= s.hi
      and coalesce(c.time_out, c.time_in + make_interval(mins => ${defaultStayMinutes})) >= s.lo`.execute(db));
}

const rowsOf = (r: { rows: CheckinRow[] }): TraceCheckin[] => r.rows.map((k) => ({ id: k.id, personId: k.person_id, venueId: k.venue_id, timeIn: k.t_in, timeOut: k.t_out }));

/** The check-ins at the same venues as `stays` that overlap them within the margin, as the engine takes them. */
export function loadCheckinsNear(db: Db, stays: Stay[], marginMinutes: number, defaultStayMinutes: number, index: CheckinReader = null): Promise<TraceCheckin[]> {
  return checkinsNear(db, stays, marginMinutes, defaultStayMinutes, index);
}

/** The people at the same venues as `stays`, within the margin (whose traces a new check-in can change). */
export async function personsNear(db: Db, stays: Stay[], marginMinutes: number, defaultStayMinutes: number, index: CheckinReader = null): Promise<number[]> {
  return [...new Set((await checkinsNear(db, stays, marginMinutes, defaultStayMinutes, index)).map((r) => r.personId))];
}

/** The members of the households of `ids`. */
function householdRows(db: Db, ids: readonly number[]) {
  return sql<{ household_id: number; person_id: number }>`
    select m.household_id, m.person_id from household_members m
    where m.household_id in (select household_id from household_members where person_id = any(${int8Array(ids)}::bigint[]))`.execute(db);
}

/** The recorded contacts of `ids` (either side). */
function contactRows(db: Db, ids: readonly number[]) {
  return sql<{ id: number; person_a: number; person_b: number; at: Date }>`
    select id, person_a, person_b, at from contacts where person_a = any(${int8Array(ids)}::bigint[])
    union select id, person_a, person_b, at from contacts where person_b = any(${int8Array(ids)}::bigint[])`.execute(db);
}

/** The households and recorded contacts of `ids`, as the engine takes them (every household and contact link
 * into or out of them). */
export async function householdsAndContacts(db: Db, ids: readonly number[]): Promise<Pick<TraceInput, 'households' | 'contacts'>> {
  const [households, contacts] = await Promise.all([householdRows(db, ids), contactRows(db, ids)]);
  const byHousehold = new Map<number, number[]>();
  for (const h of households.rows) byHousehold.set(h.household_id, [...(byHousehold.get(h.household_id) ?? []), h.person_id]);
  return {
    households: [...byHousehold].map(([id, members]) => ({ id, members })),
    contacts: contacts.rows.map((c) => ({ id: c.id, a: c.person_a, b: c.person_b, at: ms(c.at) })),
  };
}

/** The check-ins of `ids` that began from `fromMs` minus the longest stay looked at (MAX_STAY_HOURS) on. */
export async function checkinsOfSince(db: Db, ids: readonly number[], fromMs: number, index: CheckinReader = null): Promise<TraceCheckin[]> {
  if (index) return index.ofPersons(ids.map((personId) => ({ personId, lo: fromMs, hi: Infinity })));
  const r = await sql<CheckinRow>`
    select c.id, c.person_id, c.venue_id, ${epochMs('c.time_in')} as t_in, ${epochMs('c.time_out')} as t_out
    from checkins c where c.person_id = any(${int8Array(ids)}::bigint[]) and c.time_in >= to_timestamp(${fromMs} / 1000.0) - make_interval(hours => ${MAX_STAY_HOURS})`.execute(db);
  return r.rows.map((k) => ({ id: k.id, personId: k.person_id, venueId: k.venue_id, timeIn: k.t_in, timeOut: k.t_out }));
}

/** Everything the engine needs to follow links out of `subjects`: their households, contacts, check-ins,
 * the check-ins close in time at the same venues, the rejections they made, and the isolations of everyone
 * who appears. `marginMinutes` is the widest venue margin of the rules in force. */
export async function loadAround(db: Db, subjects: ReadonlyArray<{ personId: number; from: number; to: number }>, marginMinutes: number, defaultStayMinutes: number, index: CheckinReader = null): Promise<Omit<TraceInput, 'cases'>> {
  if (subjects.length === 0) return { households: [], contacts: [], checkins: [], venues: [], isolations: [], rejections: [], accepted: [] };
  const ids = subjects.map((s) => s.personId);
  // A subject's own check-ins matter from its window: those that began up to a stay's longest before it.
  // Infinite ends (a window still open) go as the float8 literals Infinity / -Infinity.
  const [households, contacts, own, rejections, accepted] = await Promise.all([
    householdRows(db, ids),
    contactRows(db, ids),
    index ? index.ofPersons(subjects.map((s) => ({ personId: s.personId, lo: s.from, hi: s.to }))) : sql<CheckinRow>`
      select c.id, c.person_id, c.venue_id, ${epochMs('c.time_in')} as t_in, ${epochMs('c.time_out')} as t_out
      from (select p, case when lo = '-Infinity' then '-infinity'::timestamptz else to_timestamp(lo / 1000.0) end as lo,
          case when hi = 'Infinity' then 'infinity'::timestamptz else to_timestamp(hi / 1000.0) end as hi
        from unnest(${int8Array(ids)}::bigint[], ${float8Array(subjects.map((s) => s.from))}::float8[], ${float8Array(subjects.map((s) => s.to))}::float8[]) as u(p, lo, hi)) as s
      join checkins c on c.person_id = s.p and c.time_in >= s.lo - make_interval(hours => ${MAX_STAY_HOURS}) and c.time_in <= s.hi`.execute(db).then(rowsOf),
    sql<{ source_person_id: number; target_person_id: number }>`
      select source_person_id, target_person_id from tracing_rejections where source_person_id = any(${int8Array(ids)}::bigint[])`.execute(db),
    sql<{ checkin_id: number }>`select checkin_id from tracing_stay_acceptances where person_id = any(${int8Array(ids)}::bigint[])`.execute(db),
  ]);
  // Others at the same venues: one range query per venue over all the subjects' stays there.
  const stays = own.map((k) => ({ venue: k.venueId, from: k.timeIn, to: k.timeOut ?? k.timeIn + defaultStayMinutes * 60_000 }));
  const near = await checkinsNear(db, stays, marginMinutes, defaultStayMinutes, index);
  const checkins = new Map<number, TraceCheckin>();
  for (const k of own) checkins.set(k.id, k);
  for (const k of near) checkins.set(k.id, k);
  const venueIds = [...new Set([...checkins.values()].map((k) => k.venueId))];
  const people = new Set<number>(ids);
  for (const h of households.rows) people.add(h.person_id);
  for (const c of contacts.rows) { people.add(c.person_a); people.add(c.person_b); }
  for (const k of checkins.values()) people.add(k.personId);
  // Lists of ids go as one array parameter: a neighbourhood can hold more people than a statement's
  // 65,535 parameters.
  const [venues, isolations] = await Promise.all([
    sql<{ id: number; kind: string }>`select id, kind from venues where id = any(${int8Array(venueIds)}::bigint[])`.execute(db).then((r) => r.rows),
    sql<{ person_id: number; isolated_at: Date }>`select person_id, isolated_at from isolations where person_id = any(${int8Array([...people])}::bigint[])`.execute(db).then((r) => r.rows),
  ]);
  const byHousehold = new Map<number, number[]>();
  for (const h of households.rows) byHousehold.set(h.household_id, [...(byHousehold.get(h.household_id) ?? []), h.person_id]);
  return {
    households: [...byHousehold].map(([id, members]) => ({ id, members })),
    contacts: contacts.rows.map((c) => ({ id: c.id, a: c.person_a, b: c.person_b, at: ms(c.at) })),
    checkins: [...checkins.values()],
    venues: venues.map((v) => ({ id: v.id, kind: v.kind })),
    isolations: isolations.map((i) => ({ personId: i.person_id, at: ms(i.isolated_at) })),
    rejections: rejections.rows.map((r) => ({ source: r.source_person_id, target: r.target_person_id })),
    accepted: accepted.rows.map((r) => r.checkin_id),
  };
}
