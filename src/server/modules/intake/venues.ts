// Venues (markets, bus stations, schools, hotels, clinics, offices …): the registry officers keep, with a QR
// token per venue for its poster, coordinates for the map and the stay counted when nobody checks out.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { VenueInput, VenueKind, VenueListQuery, VenueView } from '../../../contracts/intake.checkins.ts';
import type { Db } from '../../platform/db/connect.ts';
import { inArea, type Actor } from '../../platform/context.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { vnDate, vnDayStart } from '../../platform/time.ts';
import { communeExists, communeNames, ruleInForce } from '../reference/index.ts';

export type VenueRow = {
  id: number; name: string; kind: VenueKind; commune_code: string; address: string | null; lat: number | null; lon: number | null;
  default_stay_minutes: number | null; active: boolean; qr_token: string; created_at: Date; updated_at: Date;
};

const COLUMNS = sql.raw('id, name, kind, commune_code, address, lat, lon, default_stay_minutes, active, qr_token, created_at, updated_at');

/** A fresh poster token: 96 random bits, base64url (16 characters keep the QR code small). */
export function newQrToken(): string {
  return crypto.randomBytes(12).toString('base64url');
}

export type StayRule = { byKind: Partial<Record<string, number>>; fallback: number; ruleId: number };
const stayCache = new WeakMap<object, { at: number; day: string; rule: StayRule }>();

/** The default stays in force today (rule 'intake.default_stay_minutes', else the tracing rule's single value),
 * read at most once a minute. */
export async function stayRule(db: Db): Promise<StayRule> {
  const day = vnDate();
  const hit = stayCache.get(db);
  if (hit && hit.day === day && Date.now() - hit.at < 60_000) return hit.rule;
  const [byKind, fallback] = await Promise.all([
    ruleInForce(db, 'intake.default_stay_minutes', day).catch(() => null),
    ruleInForce(db, 'tracing.checkin_default_minutes', day),
  ]);
  const rule: StayRule = {
    byKind: (byKind?.value as Record<string, number> | undefined) ?? {},
    fallback: (fallback.value as { minutes: number }).minutes,
    ruleId: byKind?.id ?? fallback.id,
  };
  stayCache.set(db, { at: Date.now(), day, rule });
  return rule;
}

export function effectiveStay(rule: StayRule, v: { kind: string; default_stay_minutes: number | null }): number {
  return v.default_stay_minutes ?? rule.byKind[v.kind] ?? rule.fallback;
}

export function checkinUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/c/${token}`;
}

async function present(db: Db, rows: VenueRow[], origin: string): Promise<VenueView[]> {
  if (!rows.length) return [];
  const [rule, names, today] = await Promise.all([
    stayRule(db),
    communeNames(db, [...new Set(rows.map((r) => r.commune_code))]),
    sql<{ venue_id: number; n: number }>`select venue_id, count(*)::int as n from checkins
      where venue_id = any(${`{${rows.map((r) => r.id).join(',')}}`}::bigint[]) and time_in >= ${vnDayStart(vnDate())}
      group by venue_id`.execute(db),
  ]);
  const counts = new Map(today.rows.map((r) => [r.venue_id, r.n]));
  return rows.map((r) => ({
    id: r.id, name: r.name, kind: r.kind, communeCode: r.commune_code, communeName: names.get(r.commune_code) ?? null,
    address: r.address, lat: r.lat, lon: r.lon, defaultStayMinutes: r.default_stay_minutes, effectiveStayMinutes: effectiveStay(rule, r),
    active: r.active, qrToken: r.qr_token, checkinUrl: checkinUrl(origin, r.qr_token), checkinsToday: counts.get(r.id) ?? 0,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  }));
}

export async function listVenues(db: Db, q: z.infer<typeof VenueListQuery>, origin: string): Promise<{ items: VenueView[]; total: number }> {
  const where = [sql`true`];
  if (q.commune) where.push(sql`commune_code = ${q.commune}`);
  if (q.kind) where.push(sql`kind = ${q.kind}`);
  if (q.active !== 'all') where.push(sql`active = ${q.active === 'true'}`);
  if (q.q) where.push(sql`pd_fold(name) like '%' || pd_fold(${q.q}) || '%'`);
  const cond = sql.join(where, sql` and `);
  const [rows, total] = await Promise.all([
    sql<VenueRow>`select ${COLUMNS} from venues where ${cond} order by name, id limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from venues where ${cond}`.execute(db),
  ]);
  return { items: await present(db, rows.rows, origin), total: total.rows[0]!.n };
}

export async function venueRow(db: Db, id: number): Promise<VenueRow | null> {
  return (await sql<VenueRow>`select ${COLUMNS} from venues where id = ${id}`.execute(db)).rows[0] ?? null;
}

export async function getVenue(db: Db, id: number, origin: string): Promise<VenueView> {
  const row = await venueRow(db, id);
  if (!row) throw notFound('venue.not_found', { id });
  return (await present(db, [row], origin))[0]!;
}

export async function venueByToken(db: Db, token: string): Promise<VenueRow | null> {
  return (await sql<VenueRow>`select ${COLUMNS} from venues where qr_token = ${token}`.execute(db)).rows[0] ?? null;
}

async function checkWritable(db: Db, actor: Actor, action: string, communeCode: string, venueId: number | null) {
  if (!inArea(actor, communeCode)) {
    await audit(db, actor, { action, entity: 'venue', entityId: venueId, outcome: 'denied', details: { reason: 'outside_area', communeCode } });
    throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { communeCode } });
  }
}

export async function createVenue(db: Db, actor: Actor, input: VenueInput, origin: string): Promise<VenueView> {
  await checkWritable(db, actor, 'venue.create', input.communeCode, null);
  if (!(await communeExists(db, input.communeCode))) throw invalid('venue.unknown_commune', { communeCode: input.communeCode });
  const id = await db.transaction().execute(async (tx) => {
    const r = await sql<{ id: number }>`insert into venues (name, kind, commune_code, address, lat, lon, default_stay_minutes, active, qr_token)
      values (${input.name}, ${input.kind}, ${input.communeCode}, ${input.address ?? null}, ${input.lat ?? null}, ${input.lon ?? null},
        ${input.defaultStayMinutes ?? null}, ${input.active ?? true}, ${newQrToken()}) returning id`.execute(tx);
    const id = r.rows[0]!.id;
    await audit(tx, actor, { action: 'venue.create', entity: 'venue', entityId: id, details: { name: input.name, kind: input.kind, communeCode: input.communeCode } });
    return id;
  });
  return getVenue(db, id, origin);
}

export async function updateVenue(db: Db, actor: Actor, id: number, input: VenueInput, origin: string): Promise<VenueView> {
  const before = await venueRow(db, id);
  if (!before) throw notFound('venue.not_found', { id });
  await checkWritable(db, actor, 'venue.update', before.commune_code, id);
  if (input.communeCode !== before.commune_code) {
    await checkWritable(db, actor, 'venue.update', input.communeCode, id);
    if (!(await communeExists(db, input.communeCode))) throw invalid('venue.unknown_commune', { communeCode: input.communeCode });
  }
  await db.transaction().execute(async (tx) => {
    await sql`update venues set name = ${input.name}, kind = ${input.kind}, commune_code = ${input.communeCode}, address = ${input.address ?? null},
      lat = ${input.lat ?? null}, lon = ${input.lon ?? null}, default_stay_minutes = ${input.defaultStayMinutes ?? null},
      active = ${input.active ?? before.active}, updated_at = now() where id = ${id}`.execute(tx);
    const changed = (['name', 'kind', 'address', 'lat', 'lon', 'active'] as const).filter((k) => (input[k] ?? null) !== (before[k] ?? null));
    await audit(tx, actor, { action: 'venue.update', entity: 'venue', entityId: id, details: { fields: changed } });
  });
  return getVenue(db, id, origin);
}

/** A new poster token: the printed posters of this venue stop working (a poster copied to the wrong place). */
export async function rotateToken(db: Db, actor: Actor, id: number, origin: string): Promise<VenueView> {
  const before = await venueRow(db, id);
  if (!before) throw notFound('venue.not_found', { id });
  await checkWritable(db, actor, 'venue.rotate_token', before.commune_code, id);
  await db.transaction().execute(async (tx) => {
    await sql`update venues set qr_token = ${newQrToken()}, updated_at = now() where id = ${id}`.execute(tx);
    await audit(tx, actor, { action: 'venue.rotate_token', entity: 'venue', entityId: id });
  });
  return getVenue(db, id, origin);
}
