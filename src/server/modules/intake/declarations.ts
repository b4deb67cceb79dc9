// Health declarations: submitted by citizens (public form) or entered by staff for them (khai hộ), linked to a
// person of the registry, screened at once, stored append-only. A retried submission (same idempotency key)
// gets the first result back. Officers list and read them within their area; every read is audited.
import crypto from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { inArea, systemActor, type Actor } from '../../platform/context.ts';
import { audit, auditMany, auditRead, type AuditEntryInput } from '../../platform/audit.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { vnDate, vnDayStart } from '../../platform/time.ts';
import {
  addDays, TRAVEL_DAYS_AHEAD, TRAVEL_DAYS_BACK,
  type DeclarationDetail, type DeclarationForm, type DeclarationInput, type DeclarationOutcome, type DeclarationQuery, type FlagKind,
} from '../../../contracts/intake.declarations.ts';
import type { z } from 'zod';
import { matchOrRegisterPersons, type PersonWanted } from '../people/index.ts';
import { communeExists, communeNames } from '../reference/index.ts';
import { intakeDb, intakeTx, type DeclarationsTable } from './declarations.schema.ts';
import { AREA_SCREEN_LOCK } from './rescreen.plan.ts';
import { findingOf, flagItem, flagRowsOf, outcomeFlag, planScreenings, recordScreenings } from './screening.ts';
import type { ExposureLeg, ExposureReport, Finding } from './screening.rules.ts';

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

export type SubmitOptions = {
  channel: 'public' | 'staff';
  /** From the Idempotency-Key header; the body's idempotencyKey is used when absent. */
  idempotencyKey?: string | null;
  now: Date;
  ip: string | null;
  requestId: string | null;
};

/** The registry's view of the declarant (matched by identity number, else by phone with the same name and a
 * compatible birth year; else registered): see people/batch.ts. */
function wantedOf(f: DeclarationForm): PersonWanted {
  return {
    fullName: f.fullName, birthYear: f.birthYear ?? null, sex: f.sex ?? null, idType: f.idType ?? null, idNumber: f.idNumber ?? null,
    phone: f.phone, address: f.address ?? null, communeCode: f.communeCode, nationality: f.nationality,
  };
}

const hashOf = (form: DeclarationForm) => crypto.createHash('sha256').update(JSON.stringify(form)).digest('hex');

/** The current communes (checked on every declaration): kept a minute per process. */
const communeCache = new Map<string, { ok: boolean; at: number }>();
async function knownCommune(db: Db, code: string): Promise<boolean> {
  const hit = communeCache.get(code);
  if (hit && Date.now() - hit.at < 60_000) return hit.ok;
  const ok = await communeExists(db, code);
  if (communeCache.size > 20_000) communeCache.clear();
  communeCache.set(code, { ok, at: Date.now() });
  return ok;
}

/** A declaration checked and ready to be written (prepareDeclaration), alone or in a batch (writeDeclarations). */
export type PreparedDeclaration = {
  key: string; hash: string; form: DeclarationForm; declaredOn: string; channel: 'public' | 'staff'; now: Date;
  /** Who submits (the public actor with the client's address, or the officer), for the audit row. */
  actor: Actor; staff: Actor | null;
};

/** The checks that need no write: dates inside the declaration's window, a current commune, the officer's area. */
export async function prepareDeclaration(db: Db, staff: Actor | null, input: DeclarationInput, opts: SubmitOptions): Promise<PreparedDeclaration> {
  const { idempotencyKey: bodyKey, ...form } = input;
  const key = opts.idempotencyKey ?? bodyKey ?? crypto.randomUUID();
  const declaredOn = vnDate(opts.now);
  checkWindow(form, declaredOn);
  // The address is where the person lives now, in the current list of units (as the registry keeps it).
  if (!(await knownCommune(db, form.communeCode))) {
    throw invalid('declaration.unknown_commune', { fields: [{ path: 'communeCode', code: 'declaration.unknown_commune', message: form.communeCode }] });
  }
  if (staff && !inArea(staff, form.communeCode)) {
    await audit(db, staff, { action: 'declaration.submit', entity: 'declaration', outcome: 'denied', details: { reason: 'outside_area', communeCode: form.communeCode } });
    throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { communeCode: form.communeCode } });
  }
  return { key, hash: hashOf(form), form, declaredOn, channel: opts.channel, now: opts.now, actor: staff ?? publicActor(opts.ip, opts.requestId), staff };
}

/** Submits a declaration: the same key again returns the first result (a different form under the same key
 * is refused); otherwise the person is found or registered, the form screened, and the declaration, its flags
 * and their work items written in one transaction. `staff` is the officer entering it for the citizen. */
export async function submitDeclaration(db: Db, staff: Actor | null, input: DeclarationInput, opts: SubmitOptions): Promise<DeclarationOutcome> {
  const item = await prepareDeclaration(db, staff, input, opts);
  const [out] = await writeDeclarations(db, [item], item.actor);
  if (out instanceof Error) throw out;
  return out!;
}

/** Writes prepared declarations together (one transaction; a constant number of statements, plus a few per
 * flag): keys already stored answer their first result (or a conflict when the form differs), the declarants
 * are matched or registered as a set, screened against the rules and areas in force, and the declarations,
 * their flags, work items and audit rows written. One result per item, in order; an Error fails that item
 * only. When the batch fails as a whole, its items are written one by one, so that a bad item fails alone.
 * `actor` registers new persons (the public actor for the public form; the officer for an entry by staff). */
export async function writeDeclarations(db: Db, items: readonly PreparedDeclaration[], actor: Actor): Promise<Array<DeclarationOutcome | Error>> {
  try {
    return await writeBatch(db, items, actor);
  } catch (e) {
    if (items.length === 1) return [e instanceof Error ? e : new Error(String(e))];
    const out: Array<DeclarationOutcome | Error> = [];
    for (const it of items) out.push(...(await writeDeclarations(db, [it], actor)));
    return out;
  }
}

type Shown = Pick<Finding, 'flag' | 'rule' | 'details' | 'actions'>;

async function writeBatch(db: Db, items: readonly PreparedDeclaration[], actor: Actor): Promise<Array<DeclarationOutcome | Error>> {
  const first = new Map<string, number>();
  items.forEach((it, i) => { if (!first.has(it.key)) first.set(it.key, i); });
  const earlier = new Map((await rowsByKeys(db, [...first.keys()])).map((r) => [r.idempotency_key, r]));
  const fresh = [...first.values()].filter((i) => !earlier.has(items[i]!.key));
  const written = new Map<string, { row: Row; flags: Shown[] }>();
  if (fresh.length) {
    await db.transaction().execute(async (t) => {
      const tx = intakeTx(t);
      const persons = await matchOrRegisterPersons(t, actor, fresh.map((i) => wantedOf(items[i]!.form)), { purpose: 'registry' });
      const reports = fresh.map((i, j) => exposureOf(items[i]!.form, { personId: persons[j]!.id, declarationId: null }, items[i]!.declaredOn));
      // An area declared meanwhile waits for this commit, then has this batch screened again (rescreen.plan.ts).
      await sql`select pg_advisory_xact_lock_shared(${AREA_SCREEN_LOCK}::bigint)`.execute(t);
      const findings = await planScreenings(t, reports);
      const rows = await tx.insertInto('declarations').values(fresh.map((i, j) => {
        const it = items[i]!;
        return {
          idempotency_key: it.key, payload_hash: it.hash, kind: it.form.kind, channel: it.channel, submitted_at: it.now, declared_on: it.declaredOn,
          person_id: persons[j]!.id, person_match: persons[j]!.match, commune_code: it.form.communeCode, form: JSON.stringify(it.form),
          outcome: findings[j]!.length ? 'flagged' : 'clear', entered_by: it.staff?.id || null,
        };
      })).onConflict((oc) => oc.column('idempotency_key').doNothing()).returningAll().execute();
      // A key stored by a concurrent batch meanwhile is skipped here and answered below as a retry.
      const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
      const stored = [...fresh.entries()].flatMap(([j, i]) => {
        const row = byKey.get(items[i]!.key);
        return row ? [{ it: items[i]!, row, found: findings[j]! }] : [];
      });
      // The flags of the whole batch in two statements; their reasons name the declaration now that it has a number.
      const recorded = await recordScreenings(t, stored.map(({ it, row, found }) => {
        const report = exposureOf(it.form, { personId: row.person_id, declarationId: row.id }, it.declaredOn);
        return { report, findings: found.map((f) => ({ ...f, reason: f.reason.replace(/^Tờ khai y tế:/, `${report.sourceLabel}:`) })) };
      }));
      const entries: Array<{ actor: Actor; entry: AuditEntryInput }> = [];
      for (const [n, { it, row }] of stored.entries()) {
        const flags = recorded[n]!;
        written.set(it.key, { row, flags });
        entries.push({
          actor: it.actor,
          entry: {
            action: 'declaration.submit', entity: 'declaration', entityId: row.id,
            details: { kind: it.form.kind, channel: it.channel, personId: row.person_id, personMatch: row.person_match, flags: flags.map((f) => f.flag), workItems: flags.flatMap((f) => f.workItemIds) },
          },
        });
      }
      await auditMany(t, entries);
    });
  }
  // Retries: a key stored before this batch, by a concurrent one, or sent twice in this batch.
  for (const r of await rowsByKeys(db, [...first.keys()].filter((k) => !earlier.has(k) && !written.has(k)))) earlier.set(r.idempotency_key, r);
  const replayFlags = earlier.size ? await flagRowsOf(db, 'declaration', [...earlier.values()].map((r) => r.id)) : [];
  const codes = [...new Set([...[...written.values()].map((w) => w.row.commune_code), ...[...earlier.values()].map((r) => r.commune_code)])];
  const names = codes.length ? await communeNames(db, codes) : new Map<string, string>();
  return items.map((it, i) => {
    const w = written.get(it.key);
    if (w && first.get(it.key) === i) return outcomeFrom(w.row, w.flags, names, false);
    const row = w?.row ?? earlier.get(it.key);
    if (!row) return new AppError({ code: 'declaration.not_saved', kind: 'unavailable', details: { retryAfterSeconds: 1 } });
    if (row.payload_hash !== it.hash) return conflict('declaration.idempotency_conflict', { receipt: receiptOf(row.id) });
    const flags = w ? w.flags : replayFlags.filter((f) => f.source_id === row.id).map(findingOf);
    return outcomeFrom(row, flags, names, true);
  });
}

function outcomeFrom(row: Row, flags: readonly Shown[], names: Map<string, string>, replayed: boolean): DeclarationOutcome {
  return {
    receipt: receiptOf(row.id), kind: row.kind as DeclarationOutcome['kind'], submittedAt: row.submitted_at.toISOString(), declaredOn: row.declared_on,
    outcome: row.outcome as DeclarationOutcome['outcome'], flags: flags.map(outcomeFlag),
    communeName: names.get(row.commune_code) ?? null, replayed,
  };
}

async function rowsByKeys(db: Db, keys: readonly string[]): Promise<Row[]> {
  if (!keys.length) return [];
  return intakeDb(db).selectFrom('declarations').selectAll().where('idempotency_key', 'in', keys).execute();
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
