// Use cases of the people registry. Each opens its transaction and writes its audit entry inside it;
// a refused access (outside the user's area) is audited on its own, since nothing else is written.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../schema.ts';
import type { Db } from '../../platform/db/connect.ts';
import { inArea, type Actor } from '../../platform/context.ts';
import { audit, auditRead, readWithAudit } from '../../platform/audit.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { checkIdNumber, foldVietnamese, type IdType, type Sex } from '../../../contracts/identity.ts';
import type {
  DuplicateCandidate, PersonDetail, PersonInput, PersonSearchQuery, PersonSummary, PersonUpdate,
} from '../../../contracts/people.ts';
import { communeExists, communeNames } from '../reference/index.ts';
import { classifyQuery } from './rules.ts';
import { findDuplicateRows, getPersonRow, personHistory, searchPersons, type PersonRow } from './queries.ts';

type Tx = Transaction<Database>;

function summary(r: PersonRow, names: Map<string, string>): PersonSummary {
  return {
    id: r.id, fullName: r.full_name, birthDate: r.birth_date, birthYear: r.birth_year,
    sex: r.sex as PersonSummary['sex'], idType: r.id_type as PersonSummary['idType'], idNumber: r.id_number,
    phone: r.phone, address: r.address, communeCode: r.commune_code, communeName: names.get(r.commune_code) ?? null,
    nationality: r.nationality,
  };
}

function snapshot(r: PersonRow): Record<string, unknown> {
  return {
    fullName: r.full_name, birthDate: r.birth_date, birthYear: r.birth_year, sex: r.sex, idType: r.id_type,
    idNumber: r.id_number, phone: r.phone, address: r.address, communeCode: r.commune_code, nationality: r.nationality,
  };
}

async function denyOutsideArea(db: Db, actor: Actor, action: string, personId: number | null, communeCode: string, purpose?: string): Promise<never> {
  await audit(db, actor, { action, entity: 'person', entityId: personId, outcome: 'denied', purpose, details: { reason: 'outside_area', communeCode } });
  throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { personId } });
}

export async function searchPeople(db: Db, actor: Actor, q: PersonSearchQuery) {
  if (q.commune && !inArea(actor, q.commune)) await denyOutsideArea(db, actor, 'person.search', null, q.commune, q.purpose);
  const intent = classifyQuery(q.q);
  const entry = { action: 'person.search', entity: 'person', purpose: q.purpose, details: { query: q.q ?? null, kind: intent.kind, commune: q.commune ?? null } };
  const { rows, total, capped, audited } = await searchPersons(db, {
    intent,
    communes: actor.areaScope === 'province' ? null : actor.areaCommunes,
    commune: q.commune, sex: q.sex, birthYear: q.birthYear,
    limit: q.pageSize, offset: (q.page - 1) * q.pageSize,
    read: (query) => readWithAudit(db, actor, entry, query),
  });
  const names = await communeNames(db, rows.map((r) => r.commune_code));
  if (!audited) {
    await auditRead(db, actor, { ...entry, recordCount: rows.length, details: { ...entry.details, ids: rows.map((r) => r.id) } });
  }
  return { items: rows.map((r) => summary(r, names)), page: q.page, pageSize: q.pageSize, total, totalIsEstimate: capped };
}

async function candidates(db: Db | Tx, actor: Actor, probe: Parameters<typeof findDuplicateRows>[1]): Promise<DuplicateCandidate[]> {
  const rows = (await findDuplicateRows(db, probe)).filter((r) => inArea(actor, r.commune_code));
  const names = await communeNames(db as Db, rows.map((r) => r.commune_code));
  return rows.map((r) => ({ ...summary(r, names), reason: r.reason }));
}

async function detail(db: Db, actor: Actor, r: PersonRow): Promise<PersonDetail> {
  const [names, history, duplicates] = await Promise.all([
    communeNames(db, [r.commune_code]),
    personHistory(db, r.id),
    r.merged_into ? Promise.resolve([]) : candidates(db, actor, {
      excludeId: r.id, idNumber: r.id_number, idType: r.id_type, folded: r.search_name, birthYear: r.birth_year, communeCode: r.commune_code,
    }),
  ]);
  if (duplicates.length) {
    await auditRead(db, actor, { action: 'person.duplicate_check', entity: 'person', entityId: r.id, recordCount: duplicates.length, purpose: 'registry', details: { ids: duplicates.map((d) => d.id) } });
  }
  return {
    ...summary(r, names), version: r.version, mergedInto: r.merged_into,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
    history: history.map((h) => ({
      version: h.version, change: h.change as PersonDetail['history'][number]['change'], data: h.data, otherPersonId: h.other_person_id,
      changedAt: h.changed_at.toISOString(), changedBy: h.username,
    })),
    duplicates,
  };
}

export async function getPerson(db: Db, actor: Actor, id: number, purpose?: string): Promise<PersonDetail> {
  const r = await getPersonRow(db, id);
  if (!r) throw notFound('person.not_found', { id });
  if (!inArea(actor, r.commune_code)) await denyOutsideArea(db, actor, 'person.read', id, r.commune_code, purpose);
  const out = await detail(db, actor, r);
  await auditRead(db, actor, { action: 'person.read', entity: 'person', entityId: id, purpose, details: { duplicates: out.duplicates.length } });
  return out;
}

async function checkCommune(db: Db, actor: Actor, code: string, personId: number | null) {
  if (!(await communeExists(db, code))) {
    throw invalid('person.unknown_commune', { fields: [{ path: 'communeCode', code: 'person.unknown_commune', message: code }] });
  }
  if (!inArea(actor, code)) await denyOutsideArea(db, actor, personId ? 'person.update' : 'person.create', personId, code);
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string })?.code === '23505';
}

export async function createPerson(db: Db, actor: Actor, input: PersonInput): Promise<PersonDetail> {
  await checkCommune(db, actor, input.communeCode, null);
  const folded = foldVietnamese(input.fullName);
  const dups = await candidates(db, actor, { idNumber: input.idNumber, idType: input.idType, folded, birthYear: input.birthYear, communeCode: input.communeCode });
  const sameId = dups.filter((d) => d.reason === 'same_id');
  const shown = async (candidates: DuplicateCandidate[]) => {
    if (candidates.length) {
      await auditRead(db, actor, { action: 'person.duplicate_check', entity: 'person', recordCount: candidates.length, purpose: 'registry', details: { ids: candidates.map((c) => c.id) } });
    }
  };
  if (input.idNumber) {
    const anywhere = sameId.length ? [] : await findDuplicateRows(db, { idNumber: input.idNumber, idType: input.idType });
    if (anywhere.length) {
      // The number belongs to someone outside the user's area: say only that it exists, and record the attempt.
      await audit(db, actor, { action: 'person.create', entity: 'person', entityId: anywhere[0]!.id, outcome: 'denied', details: { reason: 'duplicate_id_outside_area' } });
    }
    if (sameId.length || anywhere.length) {
      await shown(sameId);
      throw conflict('person.duplicate_id', { candidates: sameId });
    }
  }
  if (dups.length > 0 && !input.confirmNotDuplicate) {
    await shown(dups);
    throw conflict('person.possible_duplicate', { candidates: dups });
  }
  try {
    const id = await db.transaction().execute(async (tx) => {
      const row = await tx.insertInto('persons').values({
        full_name: input.fullName, birth_date: input.birthDate ?? null, birth_year: input.birthYear ?? null, sex: input.sex ?? null,
        id_type: input.idType ?? null, id_number: input.idNumber ?? null, phone: input.phone ?? null, address: input.address ?? null,
        commune_code: input.communeCode, nationality: input.nationality, created_by: actor.id || null, updated_by: actor.id || null,
      }).returning('id').executeTakeFirstOrThrow();
      const created = (await getPersonRow(tx, row.id))!;
      await tx.insertInto('person_history').values({ person_id: row.id, version: 1, change: 'create', data: JSON.stringify(snapshot(created)), changed_by: actor.id || null }).execute();
      await audit(tx, actor, { action: 'person.create', entity: 'person', entityId: row.id, purpose: 'registry', details: { possibleDuplicates: dups.map((d) => d.id) } });
      return row.id;
    });
    return detail(db, actor, (await getPersonRow(db, id))!);
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('person.duplicate_id', { candidates: [] });
    throw e;
  }
}

export async function updatePerson(db: Db, actor: Actor, id: number, input: PersonUpdate): Promise<PersonDetail> {
  const before = await getPersonRow(db, id);
  if (!before) throw notFound('person.not_found', { id });
  if (!inArea(actor, before.commune_code)) await denyOutsideArea(db, actor, 'person.update', id, before.commune_code);
  await checkCommune(db, actor, input.communeCode, id);
  try {
    await db.transaction().execute(async (tx) => {
      const cur = (await getPersonRow(tx, id, true))!;
      if (cur.merged_into) throw conflict('person.merged', { mergedInto: cur.merged_into });
      if (cur.version !== input.version) throw conflict('person.version_conflict', { currentVersion: cur.version });
      const next = {
        full_name: input.fullName, birth_date: input.birthDate ?? null, birth_year: input.birthYear ?? null, sex: input.sex ?? null,
        id_type: input.idType ?? null, id_number: input.idNumber ?? null, phone: input.phone ?? null, address: input.address ?? null,
        commune_code: input.communeCode, nationality: input.nationality,
      };
      const changed = Object.entries(next).filter(([k, v]) => (cur as Record<string, unknown>)[k] !== v).map(([k]) => k);
      await tx.updateTable('persons').set({ ...next, version: cur.version + 1, updated_at: new Date(), updated_by: actor.id || null }).where('id', '=', id).execute();
      const after = (await getPersonRow(tx, id))!;
      await tx.insertInto('person_history').values({ person_id: id, version: after.version, change: 'update', data: JSON.stringify(snapshot(after)), changed_by: actor.id || null }).execute();
      await audit(tx, actor, { action: 'person.update', entity: 'person', entityId: id, purpose: 'registry', details: { fields: changed } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('person.duplicate_id', { candidates: [] });
    throw e;
  }
  return detail(db, actor, (await getPersonRow(db, id))!);
}

export async function checkDuplicates(db: Db, actor: Actor, p: { fullName?: string; birthYear?: number | null; communeCode?: string; idType?: string | null; idNumber?: string | null }) {
  const items = await candidates(db, actor, {
    idNumber: p.idNumber?.replace(/[\s.-]/g, '').toUpperCase() || null, idType: p.idType ?? null,
    folded: p.fullName ? foldVietnamese(p.fullName) : undefined, birthYear: p.birthYear, communeCode: p.communeCode,
  });
  if (items.length) {
    await auditRead(db, actor, { action: 'person.duplicate_check', entity: 'person', recordCount: items.length, purpose: 'registry', details: { ids: items.map((i) => i.id) } });
  }
  return { items };
}

/** The survivor absorbs the duplicate: the duplicate is kept, marked merged_into, and both histories record it.
 * Fields the survivor lacks are taken from the duplicate. */
export async function mergePeople(db: Db, actor: Actor, survivorId: number, duplicateId: number, version: number): Promise<PersonDetail> {
  if (survivorId === duplicateId) throw invalid('person.merge_invalid', { reason: 'same_person' });
  for (const pid of [survivorId, duplicateId]) {
    const r = await getPersonRow(db, pid);
    if (!r) throw notFound('person.not_found', { id: pid });
    if (!inArea(actor, r.commune_code)) await denyOutsideArea(db, actor, 'person.merge', pid, r.commune_code);
  }
  await db.transaction().execute(async (tx) => {
    // Lock both rows in id order, so two merges of the same pair cannot deadlock.
    for (const pid of [survivorId, duplicateId].sort((x, y) => x - y)) await getPersonRow(tx, pid, true);
    const survivor = (await getPersonRow(tx, survivorId))!;
    const dup = (await getPersonRow(tx, duplicateId))!;
    if (survivor.merged_into || dup.merged_into) throw conflict('person.merged', { mergedInto: survivor.merged_into ?? dup.merged_into });
    if (survivor.version !== version) throw conflict('person.version_conflict', { currentVersion: survivor.version });
    if (survivor.id_number && dup.id_number && (survivor.id_number !== dup.id_number || survivor.id_type !== dup.id_type)) {
      throw invalid('person.merge_invalid', { reason: 'different_id_numbers' });
    }
    const now = new Date();
    await tx.updateTable('persons').set({ merged_into: survivor.id, merged_at: now, version: dup.version + 1, updated_at: now, updated_by: actor.id || null }).where('id', '=', dup.id).execute();
    await tx.insertInto('person_history').values({ person_id: dup.id, version: dup.version + 1, change: 'merged_into', data: JSON.stringify(snapshot(dup)), other_person_id: survivor.id, changed_by: actor.id || null }).execute();
    // Birth date and year travel together (a date from one record and a year from the other could disagree).
    const birth = survivor.birth_year != null || survivor.birth_date != null
      ? { birth_date: survivor.birth_date ?? (dup.birth_year === survivor.birth_year ? dup.birth_date : null), birth_year: survivor.birth_year }
      : { birth_date: dup.birth_date, birth_year: dup.birth_year };
    const fill = {
      ...birth, sex: survivor.sex ?? dup.sex,
      id_type: survivor.id_number ? survivor.id_type : dup.id_type, id_number: survivor.id_number ?? dup.id_number,
      phone: survivor.phone ?? dup.phone, address: survivor.address ?? dup.address,
    };
    if (fill.id_number && fill.id_type) {
      const ok = checkIdNumber(fill.id_type as IdType, fill.id_number, { birthYear: fill.birth_year, sex: fill.sex as Sex | null });
      if (!ok.ok) throw invalid('person.merge_invalid', { reason: `identity_number_${ok.problem}` });
    }
    await tx.updateTable('persons').set({ ...fill, version: survivor.version + 1, updated_at: now, updated_by: actor.id || null }).where('id', '=', survivor.id).execute();
    const after = (await getPersonRow(tx, survivor.id))!;
    await tx.insertInto('person_history').values({ person_id: survivor.id, version: after.version, change: 'absorbed', data: JSON.stringify(snapshot(after)), other_person_id: dup.id, changed_by: actor.id || null }).execute();
    await audit(tx, actor, { action: 'person.merge', entity: 'person', entityId: survivor.id, recordCount: 2, purpose: 'registry', details: { absorbed: dup.id } });
  });
  return detail(db, actor, (await getPersonRow(db, survivorId))!);
}

/** Retention: persons recorded before the cut-off go, with their history, except those a kept record still
 * points to through merged_into (however long the chain), so that a kept record's history stays whole. */
export async function purgePeople(db: Db, createdBefore: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    // No edit or merge may slip between the two statements below.
    await sql`lock table persons in share row exclusive mode`.execute(tx);
    const r = await sql<{ n: number }>`
      with recursive kept(id) as (
        select id from persons where created_at >= ${createdBefore}
        union
        select p.merged_into from persons p join kept k on k.id = p.id where p.merged_into is not null
      ),
      doomed as (select id from persons where created_at < ${createdBefore} and id not in (select id from kept)),
      h as (delete from person_history where person_id in (select id from doomed))
      select count(*)::int as n from doomed`.execute(tx);
    await sql`
      with recursive kept(id) as (
        select id from persons where created_at >= ${createdBefore}
        union
        select p.merged_into from persons p join kept k on k.id = p.id where p.merged_into is not null
      )
      delete from persons where created_at < ${createdBefore} and id not in (select id from kept)`.execute(tx);
    return r.rows[0]!.n;
  });
}

/** Name and commune of persons by id (for other modules' lists and area checks); merged records are
 * followed to their survivor's id in `survivor`. No audit: callers audit what they show. */
export async function personBasics(db: Db, ids: readonly number[]): Promise<Map<number, { id: number; fullName: string; communeCode: string; survivor: number | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('persons').select(['id', 'full_name', 'commune_code', 'merged_into'])
    .where(sql<boolean>`id = any(${[...new Set(ids)]}::bigint[])`).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, fullName: r.full_name, communeCode: r.commune_code, survivor: r.merged_into }]));
}

