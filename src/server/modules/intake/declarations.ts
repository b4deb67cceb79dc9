// Health declarations: submitted by citizens (public form) or entered by staff for them (khai hộ), linked to a
// person of the registry, screened at once, stored append-only. A retried submission (same idempotency key)
// gets the first result back. Officers list and read them within their area; every read is audited.
import crypto from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { inArea, systemActor, type Actor } from '../../platform/context.ts';
import { audit, auditRead } from '../../platform/audit.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { vnDate, vnDayStart } from '../../platform/time.ts';
import { foldVietnamese } from '../../../contracts/identity.ts';
import {
  addDays, TRAVEL_DAYS_AHEAD, TRAVEL_DAYS_BACK,
  type DeclarationDetail, type DeclarationForm, type DeclarationInput, type DeclarationOutcome, type DeclarationQuery, type FlagKind,
} from '../../../contracts/intake.declarations.ts';
import type { z } from 'zod';
import { createPerson, searchPeople } from '../people/index.ts';
import { communeExists, communeNames } from '../reference/index.ts';
import { intakeDb, intakeTx, type DeclarationsTable } from './declarations.schema.ts';
import { findingOf, flagItem, flagRowsOf, outcomeFlag, planScreening, recordScreening } from './screening.ts';
import type { ExposureLeg, ExposureReport } from './screening.rules.ts';

export const receiptOf = (id: number) => `TK${id}`;

type Row = Selectable<DeclarationsTable>;
type Match = 'id_number' | 'phone' | 'created';

/** Citizens submit without an account: the registry is searched and written as this actor, so the audit log
 * says where the change came from. */
export function publicActor(ip: string | null, requestId: string | null, username = 'public:khai-bao'): Actor {
  return { ...systemActor(['person.read', 'person.write']), username, ip, requestId };
}

/** The form as screening reads it: the travel legs, plus the trip of a domestic movement (its departure)
 * and the country an entrant came from. */
export function exposureOf(form: DeclarationForm, ids: { personId: number; declarationId: number | null }, declaredOn: string): ExposureReport {
  const legs: ExposureLeg[] = form.travel.map((l) => ({
    countryCode: l.countryCode, provinceCode: l.provinceCode ?? null, communeCode: l.communeCode ?? null, venueId: l.venueId ?? null,
    place: l.place ?? null, from: l.from, to: l.to,
  }));
  if (form.domestic) {
    legs.push({ countryCode: 'VN', provinceCode: form.domestic.fromProvinceCode, communeCode: null, venueId: null, place: form.domestic.fromPlace ?? null, from: form.domestic.departOn, to: form.domestic.departOn });
  }
  if (form.entry) {
    legs.push({ countryCode: form.entry.fromCountry, provinceCode: null, communeCode: null, venueId: null, place: form.entry.borderGate ?? null, from: form.entry.entryOn, to: form.entry.entryOn });
  }
  return {
    source: 'declaration', sourceId: ids.declarationId, sourceLabel: ids.declarationId ? `Tờ khai y tế ${receiptOf(ids.declarationId)}` : 'Tờ khai y tế',
    personId: ids.personId, communeCode: form.communeCode, reportedOn: declaredOn, legs,
    symptoms: form.symptoms, exposures: form.exposures, illegalEntry: !!form.entry && !form.entry.viaOfficialGate,
  };
}

/** Dates must fall in the window a declaration covers, counted from the day it is made. */
function checkWindow(form: DeclarationForm, declaredOn: string): void {
  const earliest = addDays(declaredOn, -TRAVEL_DAYS_BACK);
  const latest = addDays(declaredOn, TRAVEL_DAYS_AHEAD);
  const fields: Array<{ path: string; code: 'declaration.invalid_date'; message: string }> = [];
  const check = (d: string, path: string) => {
    if (d < earliest || d > latest) fields.push({ path, code: 'declaration.invalid_date', message: `${earliest} … ${latest}` });
  };
  form.travel.forEach((l, i) => { check(l.from, `travel.${i}.from`); check(l.to, `travel.${i}.to`); });
  if (form.domestic) { check(form.domestic.departOn, 'domestic.departOn'); check(form.domestic.arriveOn, 'domestic.arriveOn'); }
  if (form.entry) check(form.entry.entryOn, 'entry.entryOn');
  if (fields.length) throw invalid('declaration.invalid_date', { fields });
}

/** Finds the declarant in the registry: by identity number; else by phone with the same name (a phone is
 * often shared in a family, so a phone alone is not enough). Never two persons for one identity number. */
async function findPerson(db: Db, actor: Actor, f: DeclarationForm): Promise<{ id: number; match: Match } | null> {
  if (f.idNumber) {
    const r = await searchPeople(db, actor, { q: f.idNumber, page: 1, pageSize: 10, purpose: 'registry' });
    const hit = r.items.find((p) => p.idNumber === f.idNumber && p.idType === f.idType);
    if (hit) return { id: hit.id, match: 'id_number' };
  }
  const r = await searchPeople(db, actor, { q: f.phone, page: 1, pageSize: 50, purpose: 'registry' });
  const name = foldVietnamese(f.fullName);
  const hit = r.items.find((p) => p.phone === f.phone && foldVietnamese(p.fullName) === name
    && (p.birthYear == null || p.birthYear === f.birthYear)
    && (!f.idNumber || !p.idNumber || (p.idNumber === f.idNumber && p.idType === f.idType)));
  return hit ? { id: hit.id, match: 'phone' } : null;
}

async function personFor(db: Db, actor: Actor, f: DeclarationForm): Promise<{ id: number; match: Match }> {
  const found = await findPerson(db, actor, f);
  if (found) return found;
  try {
    const p = await createPerson(db, actor, {
      fullName: f.fullName, birthYear: f.birthYear, birthDate: null, sex: f.sex, idType: f.idType, idNumber: f.idNumber,
      phone: f.phone, address: f.address, communeCode: f.communeCode, nationality: f.nationality,
      // A possible duplicate by name stays visible to officers in the registry, who merge; a citizen cannot.
      confirmNotDuplicate: true,
    });
    return { id: p.id, match: 'created' };
  } catch (e) {
    // Someone registered the same number meanwhile (or the search could not see it): use that person.
    if (e instanceof AppError && e.code === 'person.duplicate_id') {
      const again = await findPerson(db, systemActor(['person.read']), f);
      if (again) return again;
    }
    throw e;
  }
}

const hashOf = (form: DeclarationForm) => crypto.createHash('sha256').update(JSON.stringify(form)).digest('hex');

async function outcomeOf(db: Db, row: Row, replayed: boolean): Promise<DeclarationOutcome> {
  const flags = await flagRowsOf(db, 'declaration', [row.id]);
  const names = await communeNames(db, [row.commune_code]);
  return {
    receipt: receiptOf(row.id), kind: row.kind as DeclarationOutcome['kind'], submittedAt: row.submitted_at.toISOString(), declaredOn: row.declared_on,
    outcome: row.outcome as DeclarationOutcome['outcome'], flags: flags.map((f) => outcomeFlag(findingOf(f))),
    communeName: names.get(row.commune_code) ?? null, replayed,
  };
}

async function byKey(db: Db, key: string): Promise<Row | undefined> {
  return intakeDb(db).selectFrom('declarations').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

export type SubmitOptions = {
  channel: 'public' | 'staff';
  /** From the Idempotency-Key header; the body's idempotencyKey is used when absent. */
  idempotencyKey?: string | null;
  now: Date;
  ip: string | null;
  requestId: string | null;
};

/** Submits a declaration: the same key again returns the first result (a different form under the same key
 * is refused); otherwise the person is found or registered, the form screened, and the declaration, its flags
 * and their work items written in one transaction. `staff` is the officer entering it for the citizen. */
export async function submitDeclaration(db: Db, staff: Actor | null, input: DeclarationInput, opts: SubmitOptions): Promise<DeclarationOutcome> {
  const { idempotencyKey: bodyKey, ...form } = input;
  const key = opts.idempotencyKey ?? bodyKey ?? crypto.randomUUID();
  const hash = hashOf(form);
  const replay = async (row: Row) => {
    if (row.payload_hash !== hash) throw conflict('declaration.idempotency_conflict', { receipt: receiptOf(row.id) });
    return outcomeOf(db, row, true);
  };
  const earlier = await byKey(db, key);
  if (earlier) return replay(earlier);

  const declaredOn = vnDate(opts.now);
  checkWindow(form, declaredOn);
  // The address is where the person lives now, in the current list of units (as the registry keeps it).
  if (!(await communeExists(db, form.communeCode))) {
    throw invalid('declaration.unknown_commune', { fields: [{ path: 'communeCode', code: 'declaration.unknown_commune', message: form.communeCode }] });
  }
  const actor = staff ?? publicActor(opts.ip, opts.requestId);
  if (staff && !inArea(staff, form.communeCode)) {
    await audit(db, staff, { action: 'declaration.submit', entity: 'declaration', outcome: 'denied', details: { reason: 'outside_area', communeCode: form.communeCode } });
    throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { communeCode: form.communeCode } });
  }
  const person = await personFor(db, actor, form);
  const findings = await planScreening(db, exposureOf(form, { personId: person.id, declarationId: null }, declaredOn));
  try {
    const row = await db.transaction().execute(async (t) => {
      const tx = intakeTx(t);
      const r = await tx.insertInto('declarations').values({
        idempotency_key: key, payload_hash: hash, kind: form.kind, channel: opts.channel, submitted_at: opts.now, declared_on: declaredOn,
        person_id: person.id, person_match: person.match, commune_code: form.communeCode, form: JSON.stringify(form),
        outcome: findings.length ? 'flagged' : 'clear', entered_by: staff?.id || null,
      }).returningAll().executeTakeFirstOrThrow();
      const report = exposureOf(form, { personId: person.id, declarationId: r.id }, declaredOn);
      // The reasons name the declaration now that it has a number.
      const recorded = await recordScreening(t, report, findings.map((f) => ({ ...f, reason: f.reason.replace(/^Tờ khai y tế:/, `${report.sourceLabel}:`) })));
      await audit(t, actor, {
        action: 'declaration.submit', entity: 'declaration', entityId: r.id,
        details: { kind: form.kind, channel: opts.channel, personId: person.id, personMatch: person.match, flags: recorded.map((f) => f.flag), workItems: recorded.flatMap((f) => f.workItemIds) },
      });
      return r;
    });
    return outcomeOf(db, row, false);
  } catch (e) {
    // The same submission arrived twice at once: the first one won; answer with its result.
    if ((e as { code?: string; constraint?: string }).code === '23505' && (e as { constraint?: string }).constraint === 'declarations_idempotency_key_key') {
      const first = await byKey(db, key);
      if (first) return replay(first);
    }
    throw e;
  }
}

function summary(r: Row, flags: Map<number, FlagKind[]>) {
  const form = r.form as { fullName?: string };
  return {
    id: r.id, receipt: receiptOf(r.id), kind: r.kind as DeclarationOutcome['kind'], channel: r.channel as 'public' | 'staff',
    submittedAt: r.submitted_at.toISOString(), declaredOn: r.declared_on, personId: r.person_id, fullName: form.fullName ?? '',
    communeCode: r.commune_code, outcome: r.outcome as 'clear' | 'flagged', flags: flags.get(r.id) ?? [],
  };
}

async function flagKinds(db: Db, ids: number[]): Promise<Map<number, FlagKind[]>> {
  const out = new Map<number, FlagKind[]>();
  for (const f of await flagRowsOf(db, 'declaration', ids)) {
    const list = out.get(f.source_id!) ?? [];
    if (!list.includes(f.flag as FlagKind)) list.push(f.flag as FlagKind);
    out.set(f.source_id!, list);
  }
  return out;
}

async function denied(db: Db, actor: Actor, action: string, id: number | null, communeCode: string): Promise<never> {
  await audit(db, actor, { action, entity: 'declaration', entityId: id, outcome: 'denied', details: { reason: 'outside_area', communeCode } });
  throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { id, communeCode } });
}

/** Declarations within the officer's area, newest first. */
export async function listDeclarations(db: Db, actor: Actor, q: DeclarationQuery) {
  if (q.commune && !inArea(actor, q.commune)) await denied(db, actor, 'declaration.list', null, q.commune);
  let base = intakeDb(db).selectFrom('declarations');
  if (q.commune) base = base.where('commune_code', '=', q.commune);
  else if (actor.areaScope === 'communes') base = base.where('commune_code', 'in', actor.areaCommunes.length ? [...actor.areaCommunes] : ['']);
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.outcome) base = base.where('outcome', '=', q.outcome);
  if (q.personId) base = base.where('person_id', '=', q.personId);
  if (q.from) base = base.where('submitted_at', '>=', vnDayStart(q.from));
  if (q.to) base = base.where('submitted_at', '<', new Date(vnDayStart(q.to).getTime() + 86_400_000));
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await base.selectAll().orderBy('submitted_at', 'desc').orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  const flags = await flagKinds(db, rows.map((r) => r.id));
  await auditRead(db, actor, {
    action: 'declaration.list', entity: 'declaration', recordCount: rows.length, purpose: q.purpose,
    details: { ids: rows.map((r) => r.id), filters: { commune: q.commune ?? null, kind: q.kind ?? null, outcome: q.outcome ?? null, from: q.from ?? null, to: q.to ?? null } },
  });
  return { items: rows.map((r) => summary(r, flags)), total, page: q.page, pageSize: q.pageSize };
}

export async function getDeclaration(db: Db, actor: Actor, id: number, purpose?: string): Promise<z.infer<typeof DeclarationDetail>> {
  const r = await intakeDb(db).selectFrom('declarations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('declaration.not_found', { id });
  if (!inArea(actor, r.commune_code)) await denied(db, actor, 'declaration.read', id, r.commune_code);
  const flags = await flagRowsOf(db, 'declaration', [id]);
  const entered = r.entered_by ? await db.selectFrom('users').select('username').where('id', '=', r.entered_by).executeTakeFirst() : undefined;
  await auditRead(db, actor, { action: 'declaration.read', entity: 'declaration', entityId: id, purpose, details: { personId: r.person_id } });
  const form = r.form as Record<string, unknown>;
  return {
    ...summary(r, new Map([[id, [...new Set(flags.map((f) => f.flag as FlagKind))]]])),
    personMatch: r.person_match as Match, enteredBy: entered?.username ?? null, form,
    screening: flags.map((f) => flagItem(f, typeof form.fullName === 'string' ? form.fullName : null)),
  };
}

/** Retention: declarations submitted before the cut-off go, with their flags (work items stay: they are the
 * commune's record of what was done). Deleted under the maintenance flag of the append-only trigger. */
export async function purgeDeclarations(db: Db, before: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('phongdich.intake_maintenance', 'on', true)`.execute(tx);
    await sql`delete from screening_flags where source = 'declaration' and source_id in (select id from declarations where submitted_at < ${before})`.execute(tx);
    const r = await sql`delete from declarations where submitted_at < ${before}`.execute(tx);
    return Number(r.numAffectedRows ?? 0);
  });
}
