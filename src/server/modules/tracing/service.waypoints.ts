// Epidemiological waypoints (mốc dịch tễ) of a case: its own check-ins during the infectious period, read from
// check-ins, and places added by interview. A waypoint at a venue is also written as a check-in of the case
// (source 'interview'), so that co-presence tracing finds the people who were there; the touched cases are
// retraced.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { inArea, type Actor } from '../../platform/context.ts';
import { audit, auditRead } from '../../platform/audit.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { personBasics } from '../people/index.ts';
import { holdCheckinWrites } from './checkinIndex.ts';
import { retrace, rulesInForce, touched } from './service.ts';

type WaypointIn = { venueId?: number | null; address?: string | null; communeCode?: string | null; from: string; to: string; note?: string | null };

/** The case, if the actor may see its person (else 403, audited). */
async function visibleCase(db: Db, actor: Actor, caseId: number, action: string) {
  const c = await db.selectFrom('cases').select(['id', 'code', 'person_id', 'infectious_from', 'infectious_to']).where('id', '=', caseId).executeTakeFirst();
  if (!c) throw notFound('tracing.case_not_found', { id: caseId });
  const person = (await personBasics(db, [c.person_id])).get(c.person_id);
  if (!inArea(actor, person?.communeCode ?? '')) {
    await audit(db, actor, { action, entity: 'case', entityId: caseId, outcome: 'denied', details: { reason: 'outside_area' } });
    throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { caseId } });
  }
  return c;
}

export async function listWaypoints(db: Db, actor: Actor, caseId: number, purpose?: string) {
  const c = await visibleCase(db, actor, caseId, 'case.waypoints');
  const { rules } = await rulesInForce(db);
  const [checkins, added] = await Promise.all([
    sql<{ venue_id: number; name: string; kind: string; commune_code: string; address: string | null; time_in: Date; time_out: Date | null; source: string; id: number }>`
      select k.id, k.venue_id, v.name, v.kind, v.commune_code, v.address, k.time_in, k.time_out, k.source
      from checkins k join venues v on v.id = k.venue_id
      where k.person_id = ${c.person_id} and k.time_in <= ${c.infectious_to} and k.time_in >= ${c.infectious_from}::timestamptz - interval '24 hours'
        and coalesce(k.time_out, k.time_in + make_interval(mins => ${rules.checkinDefaultMinutes})) >= ${c.infectious_from}
      order by k.time_in`.execute(db),
    db.selectFrom('case_waypoints as w').leftJoin('venues as v', 'v.id', 'w.venue_id')
      .select(['w.id', 'w.venue_id', 'v.name', 'v.kind', 'w.address', 'w.commune_code', 'v.commune_code as venue_commune', 'w.time_from', 'w.time_to', 'w.note', 'w.checkin_id'])
      .where('w.case_id', '=', caseId).execute(),
  ]);
  const fromInterview = new Set(added.map((w) => w.checkin_id).filter((x): x is number => x !== null));
  const items = [
    ...checkins.rows.filter((k) => !fromInterview.has(k.id)).map((k) => ({
      id: null, source: 'checkin' as const, venueId: k.venue_id, venueName: k.name, venueKind: k.kind, address: k.address, communeCode: k.commune_code,
      from: k.time_in.toISOString(), to: (k.time_out ?? new Date(k.time_in.getTime() + rules.checkinDefaultMinutes * 60_000)).toISOString(), note: null,
    })),
    ...added.map((w) => ({
      id: w.id, source: 'interview' as const, venueId: w.venue_id, venueName: w.name, venueKind: w.kind, address: w.address,
      communeCode: w.commune_code ?? w.venue_commune ?? null, from: w.time_from.toISOString(), to: w.time_to.toISOString(), note: w.note,
    })),
  ].sort((a, b) => a.from.localeCompare(b.from));
  await auditRead(db, actor, { action: 'case.waypoints', entity: 'case', entityId: caseId, recordCount: items.length, purpose: purpose ?? 'tracing', details: { personId: c.person_id } });
  return { items };
}

export async function addWaypoint(db: Db, actor: Actor, caseId: number, w: WaypointIn) {
  const c = await visibleCase(db, actor, caseId, 'case.waypoint.create');
  let venueCommune: string | null = null;
  if (w.venueId) {
    const v = await db.selectFrom('venues').select(['id', 'commune_code']).where('id', '=', w.venueId).executeTakeFirst();
    if (!v) throw invalid('tracing.venue_not_found', { venueIds: [w.venueId] });
    venueCommune = v.commune_code;
  }
  const id = await db.transaction().execute(async (tx) => {
    await holdCheckinWrites(tx);
    let checkinId: number | null = null;
    if (w.venueId) {
      const k = await tx.insertInto('checkins').values({ person_id: c.person_id, venue_id: w.venueId, time_in: w.from, time_out: w.to, source: 'interview' })
        .returning('id').executeTakeFirstOrThrow();
      checkinId = k.id;
    }
    const row = await tx.insertInto('case_waypoints').values({
      case_id: caseId, venue_id: w.venueId ?? null, address: w.address ?? null, commune_code: w.communeCode ?? venueCommune, time_from: new Date(w.from), time_to: new Date(w.to),
      note: w.note ?? null, checkin_id: checkinId, created_by: actor.id || null,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(tx, actor, { action: 'case.waypoint.create', entity: 'case', entityId: caseId, purpose: 'tracing', details: { waypointId: row.id, venueId: w.venueId ?? null } });
    return row.id;
  });
  const trace = w.venueId
    ? await retrace(db, actor, touched.checkins([{ venueId: w.venueId, timeIn: new Date(w.from).getTime(), timeOut: new Date(w.to).getTime() }]))
    : null;
  return { id, trace };
}

/** Venues by name (diacritics-insensitive) or commune: not personal data. */
export async function listVenues(db: Db, q: { q?: string; commune?: string }) {
  let query = db.selectFrom('venues').select(['id', 'name', 'kind', 'commune_code', 'address']).orderBy('name').limit(50);
  if (q.commune) query = query.where('commune_code', '=', q.commune);
  if (q.q) query = query.where(sql<boolean>`pd_fold(name) like '%' || pd_fold(${q.q}) || '%'`);
  const rows = await query.execute();
  return { items: rows.map((v) => ({ id: v.id, name: v.name, kind: v.kind as 'other', communeCode: v.commune_code, address: v.address })) };
}
