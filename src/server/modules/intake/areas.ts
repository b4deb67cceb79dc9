// Epidemic areas (vùng dịch, địa điểm có ca bệnh): declared by an authority for a window of days with a risk
// level (Nghị quyết 128/NQ-CP). Officers record and end them; everyone can list them (no personal data);
// screening reads those that overlap a report's travel.
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import type { Actor } from '../../platform/context.ts';
import { audit } from '../../platform/audit.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { vnDate } from '../../platform/time.ts';
import type { Area, AreaInput, PublicArea } from '../../../contracts/intake.declarations.ts';
import { intakeDb, intakeTx, type EpidemicAreasTable } from './declarations.schema.ts';
import type { ScreeningArea } from './screening.rules.ts';
import { communeNames, listUnits } from '../reference/index.ts';
import { AREA_SCREEN_LOCK, planRescreen } from './rescreen.plan.ts';

type Row = Selectable<EpidemicAreasTable>;

type Rescreen = { screened_on: string; scanned: number; flagged: number; done_at: Date | null };

function toArea(r: Row, q?: Rescreen | null): Area {
  return {
    rescreen: q ? { screenedOn: q.screened_on, scanned: q.scanned, flagged: q.flagged, done: q.done_at !== null } : null,
    id: r.id, kind: r.kind as Area['kind'], unitLevel: r.unit_level as Area['unitLevel'], unitCode: r.unit_code, venueId: r.venue_id,
    name: r.name, communeCode: r.commune_code, dateFrom: r.date_from, dateTo: r.date_to, riskLevel: r.risk_level,
    declaredBy: r.declared_by, legalRef: r.legal_ref, note: r.note, createdAt: r.created_at.toISOString(), endedAt: r.ended_at?.toISOString() ?? null,
  };
}

function toPublic(a: Area): PublicArea {
  return {
    id: a.id, kind: a.kind, unitLevel: a.unitLevel, unitCode: a.unitCode, name: a.name, communeCode: a.communeCode,
    dateFrom: a.dateFrom, dateTo: a.dateTo, riskLevel: a.riskLevel, declaredBy: a.declaredBy, legalRef: a.legalRef,
  };
}

/** The name of the unit or venue an area covers, as it was on the first day of the area. */
async function placeOf(db: Db, input: AreaInput): Promise<{ name: string; communeCode: string | null; unitLevel: string | null; unitCode: string | null; venueId: number | null }> {
  const field = (path: string, code: 'epidemic_area.unknown_unit' | 'epidemic_area.unknown_venue') =>
    invalid(code, { fields: [{ path, code, message: code }] });
  if (input.kind === 'venue') {
    // Venues belong to tracing; their name and commune are public facts of a place, read here by id.
    const v = await db.selectFrom('venues').select(['id', 'name', 'commune_code']).where('id', '=', input.venueId!).executeTakeFirst();
    if (!v) throw field('venueId', 'epidemic_area.unknown_venue');
    return { name: v.name, communeCode: v.commune_code, unitLevel: null, unitCode: null, venueId: v.id };
  }
  const code = input.unitCode!;
  if (input.unitLevel === 'commune') {
    const name = (await communeNames(db, [code], input.dateFrom)).get(code);
    if (!name) throw field('unitCode', 'epidemic_area.unknown_unit');
    return { name, communeCode: code, unitLevel: 'commune', unitCode: code, venueId: null };
  }
  const units = await listUnits(db, { level: 'province', at: input.dateFrom, limit: 200 });
  const unit = units.find((u) => u.code === code);
  if (!unit) throw field('unitCode', 'epidemic_area.unknown_unit');
  return { name: unit.name, communeCode: null, unitLevel: 'province', unitCode: code, venueId: null };
}

/** Records a declared area, and which declarations received before it are to be screened again against it
 * (rescreen.ts), as of `today`. */
export async function createArea(db: Db, actor: Actor, input: AreaInput, today = vnDate()): Promise<Area> {
  const place = await placeOf(db, input);
  return db.transaction().execute(async (t) => {
    const tx = intakeTx(t);
    // Waits for the declaration batches that read the areas before this one exists (rescreen.plan.ts).
    await sql`select pg_advisory_xact_lock(${AREA_SCREEN_LOCK}::bigint)`.execute(t);
    const row = await tx.insertInto('epidemic_areas').values({
      kind: input.kind, unit_level: place.unitLevel, unit_code: place.unitCode, venue_id: place.venueId, name: place.name,
      commune_code: place.communeCode, date_from: input.dateFrom, date_to: input.dateTo ?? null, risk_level: input.riskLevel,
      declared_by: input.declaredBy, legal_ref: input.legalRef, note: input.note ?? null, created_by: actor.id || null,
    }).returningAll().executeTakeFirstOrThrow();
    await audit(t, actor, {
      action: 'epidemic_area.create', entity: 'epidemic_area', entityId: row.id,
      details: { name: row.name, dateFrom: row.date_from, dateTo: row.date_to, riskLevel: row.risk_level, legalRef: row.legal_ref },
    });
    await planRescreen(t, row.id, { dateFrom: row.date_from }, today);
    return toArea(row, await rescreenOf(t, row.id));
  });
}

/** Ends an area on a day (today by default; a later day schedules the end). An area already over is final. */
export async function endArea(db: Db, actor: Actor, id: number, input: { dateTo?: string; note?: string | null }, today = vnDate()): Promise<Area> {
  return db.transaction().execute(async (t) => {
    const tx = intakeTx(t);
    const a = await tx.selectFrom('epidemic_areas').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!a) throw notFound('epidemic_area.not_found', { id });
    if (a.date_to && a.date_to < today) throw conflict('epidemic_area.already_ended', { id, dateTo: a.date_to });
    const dateTo = input.dateTo ?? today;
    if (dateTo < a.date_from) throw invalid('epidemic_area.invalid_window', { fields: [{ path: 'dateTo', code: 'epidemic_area.invalid_window', message: 'before dateFrom' }] });
    const row = await tx.updateTable('epidemic_areas')
      .set({ date_to: dateTo, ended_at: new Date(), ended_by: actor.id || null, note: input.note ?? a.note })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await audit(t, actor, { action: 'epidemic_area.end', entity: 'epidemic_area', entityId: id, details: { from: a.date_to, to: dateTo } });
    return toArea(row, await rescreenOf(t, id));
  });
}

/** Areas in force on a day, or every area (newest first). */
export async function listAreas(db: Db, q: { at?: string; limit: number }): Promise<Area[]> {
  let query = intakeDb(db).selectFrom('epidemic_areas').selectAll().orderBy('date_from', 'desc').orderBy('id', 'desc').limit(q.limit);
  if (q.at) query = query.where(sql<boolean>`daterange(date_from, date_to, '[]') @> ${q.at}::date`);
  const rows = await query.execute();
  const jobs = rows.length ? await intakeDb(db).selectFrom('epidemic_area_rescreens').select(['area_id', 'screened_on', 'scanned', 'flagged', 'done_at'])
    .where('area_id', 'in', rows.map((r) => r.id)).execute() : [];
  const byArea = new Map(jobs.map((j) => [j.area_id, j]));
  return rows.map((r) => toArea(r, byArea.get(r.id)));
}

async function rescreenOf(db: Db, areaId: number): Promise<Rescreen | undefined> {
  return intakeDb(db).selectFrom('epidemic_area_rescreens').select(['screened_on', 'scanned', 'flagged', 'done_at']).where('area_id', '=', areaId).executeTakeFirst();
}

export async function publicAreas(db: Db, q: { at?: string; limit: number }): Promise<PublicArea[]> {
  return (await listAreas(db, q)).map(toPublic);
}

/** Areas whose window meets [from, to], of at least a risk level: what screening compares travel with. */
export async function areasOverlapping(db: Db, from: string, to: string, minRisk = 1): Promise<ScreeningArea[]> {
  const rows = await intakeDb(db).selectFrom('epidemic_areas')
    .select(['id', 'kind', 'unit_level', 'unit_code', 'venue_id', 'name', 'date_from', 'date_to', 'risk_level', 'legal_ref'])
    .where(sql<boolean>`daterange(date_from, date_to, '[]') && daterange(${from}::date, ${to}::date, '[]')`)
    .where('risk_level', '>=', minRisk)
    .execute();
  return rows.map(screeningAreaOf);
}

/** An area as screening compares travel with it. */
export function screeningAreaOf(r: Pick<Row, 'id' | 'kind' | 'unit_level' | 'unit_code' | 'venue_id' | 'name' | 'date_from' | 'date_to' | 'risk_level' | 'legal_ref'>): ScreeningArea {
  return {
    id: r.id, kind: r.kind as ScreeningArea['kind'], unitLevel: r.unit_level as ScreeningArea['unitLevel'], unitCode: r.unit_code, venueId: r.venue_id,
    name: r.name, dateFrom: r.date_from, dateTo: r.date_to, riskLevel: r.risk_level, legalRef: r.legal_ref,
  };
}
