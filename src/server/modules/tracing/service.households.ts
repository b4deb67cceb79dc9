// Households: members of one household are each other's contacts (an F0's household members are F1). A person
// belongs to at most one household. Changing the members retraces the cases that touch any of them.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { inArea, type Actor } from '../../platform/context.ts';
import { audit, auditRead } from '../../platform/audit.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { personBasics } from '../people/index.ts';
import { retrace, touched } from './service.ts';

async function members(db: Db, householdId: number): Promise<number[]> {
  return (await db.selectFrom('household_members').select('person_id').where('household_id', '=', householdId).orderBy('person_id').execute()).map((m) => m.person_id);
}

function forbidden(personId: number) {
  return new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { personId } });
}

/** The household of a person, with the members the actor may see by name. */
export async function householdOf(db: Db, actor: Actor, personId: number, purpose?: string) {
  const person = (await personBasics(db, [personId])).get(personId);
  if (!person) throw notFound('person.not_found', { id: personId });
  if (!inArea(actor, person.communeCode)) {
    await audit(db, actor, { action: 'household.read', entity: 'person', entityId: personId, outcome: 'denied', details: { reason: 'outside_area' } });
    throw forbidden(personId);
  }
  const h = await db.selectFrom('household_members as m').innerJoin('households as h', 'h.id', 'm.household_id')
    .select(['h.id', 'h.commune_code', 'h.address']).where('m.person_id', '=', personId).executeTakeFirst();
  if (!h) return { household: null };
  const ids = await members(db, h.id);
  const people = await personBasics(db, ids);
  const shown = ids.map((id) => {
    const p = people.get(id);
    const visible = p !== undefined && inArea(actor, p.communeCode);
    return { personId: id, fullName: visible ? p.fullName : null, communeCode: p?.communeCode ?? null };
  });
  await auditRead(db, actor, { action: 'household.read', entity: 'household', entityId: h.id, recordCount: shown.length, purpose: purpose ?? 'tracing', details: { ids } });
  return { household: { id: h.id, communeCode: h.commune_code, address: h.address, members: shown } };
}

async function requireWritable(db: Db, actor: Actor, ids: number[]) {
  const people = await personBasics(db, ids);
  const missing = ids.find((id) => !people.has(id));
  if (missing !== undefined) throw invalid('tracing.person_not_found', { personIds: [missing] });
  const outside = ids.find((id) => !inArea(actor, people.get(id)!.communeCode));
  if (outside !== undefined) {
    await audit(db, actor, { action: 'household.write', entity: 'person', entityId: outside, outcome: 'denied', details: { reason: 'outside_area' } });
    throw forbidden(outside);
  }
}

/** A new household; a person already in one is a 409 naming them, and nothing is written. */
export async function createHousehold(db: Db, actor: Actor, h: { communeCode: string; address?: string | null; members: number[] }) {
  const ids = [...new Set(h.members)];
  await requireWritable(db, actor, ids);
  if (!inArea(actor, h.communeCode)) throw forbidden(ids[0] ?? 0);
  const id = await db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('household_members').select(['person_id', 'household_id']).where(sql<boolean>`person_id = any(${ids}::bigint[])`).executeTakeFirst();
    if (taken) throw conflict('tracing.household_member_taken', { personId: taken.person_id, householdId: taken.household_id });
    const row = await tx.insertInto('households').values({ commune_code: h.communeCode, address: h.address ?? null }).returning('id').executeTakeFirstOrThrow();
    if (ids.length) await tx.insertInto('household_members').values(ids.map((p) => ({ household_id: row.id, person_id: p }))).execute();
    await audit(tx, actor, { action: 'household.create', entity: 'household', entityId: row.id, purpose: 'tracing', details: { members: ids } });
    return row.id;
  });
  return { id, trace: await retrace(db, actor, touched.household(ids)) };
}

/** Adds or removes one member; the cases touching the household before and after are retraced. */
export async function changeMember(db: Db, actor: Actor, householdId: number, personId: number, op: 'add' | 'remove') {
  await requireWritable(db, actor, [personId]);
  const before = await db.transaction().execute(async (tx) => {
    const h = await tx.selectFrom('households').select('id').where('id', '=', householdId).forUpdate().executeTakeFirst();
    if (!h) throw notFound('tracing.household_not_found', { id: householdId });
    const current = await members(tx, householdId);
    if (op === 'add') {
      const taken = await tx.selectFrom('household_members').select('household_id').where('person_id', '=', personId).executeTakeFirst();
      if (taken && taken.household_id !== householdId) throw conflict('tracing.household_member_taken', { personId, householdId: taken.household_id });
      if (!taken) await tx.insertInto('household_members').values({ household_id: householdId, person_id: personId }).execute();
    } else {
      if (!current.includes(personId)) throw notFound('tracing.household_member_not_found', { householdId, personId });
      await tx.deleteFrom('household_members').where('household_id', '=', householdId).where('person_id', '=', personId).execute();
    }
    await audit(tx, actor, { action: `household.member.${op}`, entity: 'household', entityId: householdId, purpose: 'tracing', details: { personId } });
    return current;
  });
  return { written: 1, trace: await retrace(db, actor, touched.household([...new Set([...before, personId])])) };
}
