// Use cases of tracing that officers call: cases (F0), contacts, check-ins, rejections, reviews. Each write is
// one transaction with its audit row; the classification is then brought up to date (retrace).
import { sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { inArea, type Actor } from '../../platform/context.ts';
import { audit, auditRead } from '../../platform/audit.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import type { CaseCreate } from '../../../contracts/tracing.ts';
import { ruleInForce } from '../reference/index.ts';
import { personBasics } from '../people/index.ts';
import { vnDate, vnDayStart } from '../../platform/time.ts';
import { holdCheckinWrites } from './checkinIndex.ts';
import { retrace, touched } from './service.ts';

const DAY = 86_400_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function requirePersons(db: Db, ids: number[]) {
  const found = await personBasics(db, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw invalid('tracing.person_not_found', { personIds: [...new Set(missing)].slice(0, 20) });
  return found;
}

/** The infectious period by the rule in force on the day of confirmation: from N days before onset (or the
 * sample, or confirmation) until isolation. `rules` (by day) lets a batch read each day's rule once (a batch of
 * 1,200 read it 1,200 times: 3 s). */
export async function infectiousPeriod(db: Db, c: Pick<CaseCreate, 'confirmedAt' | 'onsetDate' | 'sampledAt' | 'isolatedAt'>, rules = new Map<string, ReturnType<typeof ruleInForce>>()) {
  const day = vnDate(new Date(c.confirmedAt));
  if (!rules.has(day)) rules.set(day, ruleInForce(db, 'tracing.infectious_period', day));
  const rule = await rules.get(day)!;
  const v = rule.value as { daysBeforeOnset: number; daysBeforeSample: number };
  const start = c.onsetDate
    ? vnDayStart(c.onsetDate).getTime() - v.daysBeforeOnset * DAY
    : new Date(c.sampledAt ?? c.confirmedAt).getTime() - v.daysBeforeSample * DAY;
  const end = new Date(c.isolatedAt ?? c.confirmedAt).getTime();
  return { from: new Date(Math.min(start, end)), to: new Date(end), ruleId: rule.id };
}

/** Inserts cases (and the isolation each implies) in one transaction with their audit row; a code or a person
 * already taken is a 409 naming it, and nothing is written. */
async function insertCases(db: Db, actor: Actor, inputs: CaseCreate[]): Promise<number[]> {
  const persons = await requirePersons(db, inputs.map((c) => c.personId));
  const outside = inputs.find((c) => !inArea(actor, persons.get(c.personId)!.communeCode));
  if (outside) {
    await audit(db, actor, { action: 'case.create', entity: 'person', entityId: outside.personId, outcome: 'denied', details: { reason: 'outside_area' } });
    throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { personId: outside.personId } });
  }
  const dupCode = inputs.find((c, i) => inputs.findIndex((x) => x.code === c.code) !== i);
  if (dupCode) throw conflict('tracing.case_code_taken', { code: dupCode.code });
  const dupPerson = inputs.find((c, i) => inputs.findIndex((x) => x.personId === c.personId) !== i);
  if (dupPerson) throw conflict('tracing.case_exists', { personId: dupPerson.personId });
  const rules = new Map<string, ReturnType<typeof ruleInForce>>();
  const periods = await Promise.all(inputs.map((c) => infectiousPeriod(db, c, rules)));
  try {
    return await db.transaction().execute(async (tx) => {
      const ids: number[] = [];
      for (let i = 0; i < inputs.length; i += 1000) {
        const rows = await tx.insertInto('cases').values(inputs.slice(i, i + 1000).map((c, j) => ({
          code: c.code, person_id: c.personId, confirmed_at: c.confirmedAt, confirming_test: c.confirmingTest ?? null,
          onset_date: c.onsetDate ?? null, sampled_at: c.sampledAt ?? null, isolated_at: c.isolatedAt ?? c.confirmedAt,
          infectious_from: periods[i + j]!.from, infectious_to: periods[i + j]!.to, period_rule_id: periods[i + j]!.ruleId,
          treatment_place: c.treatmentPlace ?? null, created_by: actor.id || null,
        }))).returning('id').execute();
        ids.push(...rows.map((r) => r.id));
      }
      await sql`insert into isolations (person_id, isolated_at, reason)
        select * from unnest(${inputs.map((c) => c.personId)}::bigint[], ${periods.map((p) => p.to)}::timestamptz[], ${inputs.map((c) => `F0 ${c.code}`)}::text[])
        on conflict (person_id) do update set isolated_at = least(isolations.isolated_at, excluded.isolated_at)`.execute(tx);
      await audit(tx, actor, {
        action: 'case.create', entity: 'case', entityId: inputs.length === 1 ? ids[0] : undefined, recordCount: ids.length, purpose: 'tracing',
        details: inputs.length === 1 ? { code: inputs[0]!.code, personId: inputs[0]!.personId } : { codes: inputs.slice(0, 200).map((c) => c.code) },
      });
      return ids;
    });
  } catch (e) {
    const c = e as { code?: string; constraint?: string; detail?: string };
    if (c.code === '23505' && c.constraint === 'cases_code_key') throw conflict('tracing.case_code_taken', { code: /\((?:code)\)=\(([^)]*)\)/.exec(c.detail ?? '')?.[1] ?? inputs[0]!.code });
    if (c.code === '23505') throw conflict('tracing.case_exists', { personId: Number(/=\((\d+)\)/.exec(c.detail ?? '')?.[1] ?? inputs[0]!.personId) });
    throw e;
  }
}

export async function createCase(db: Db, actor: Actor, input: CaseCreate) {
  const [caseId] = await insertCases(db, actor, [input]);
  const trace = await retrace(db, actor, touched.case({ id: caseId!, personId: input.personId }));
  return { case: await getCase(db, actor, caseId!), trace };
}

/** A batch of confirmed cases (a laboratory's results of a day): one transaction, then one retrace of the new
 * cases and of every case whose trace holds one of their persons. */
export async function importCases(db: Db, actor: Actor, inputs: CaseCreate[]) {
  const ids = await insertCases(db, actor, inputs);
  const trace = await retrace(db, actor, touched.cases(ids.map((id, i) => ({ id, personId: inputs[i]!.personId }))));
  return { written: ids.length, trace };
}

async function caseRows(db: Db, ids?: number[]) {
  let q = db.selectFrom('cases').selectAll().orderBy('confirmed_at', 'desc').orderBy('id', 'desc').limit(500);
  if (ids) q = q.where('id', 'in', ids);
  const cases = await q.execute();
  const counts = cases.length
    ? await db.selectFrom('classifications').select(['case_id', 'level', (eb) => eb.fn.countAll<number>().as('n')])
        .where('superseded_at', 'is', null).where('case_id', 'in', cases.map((c) => c.id)).groupBy(['case_id', 'level']).execute()
    : [];
  const n = (caseId: number, level: number) => Number(counts.find((c) => c.case_id === caseId && c.level === level)?.n ?? 0);
  return { cases, n };
}

export async function listCases(db: Db, actor: Actor, purpose?: string) {
  const { cases, n } = await caseRows(db);
  const people = await personBasics(db, cases.map((c) => c.person_id));
  const visible = cases.filter((c) => inArea(actor, people.get(c.person_id)?.communeCode ?? ''));
  await auditRead(db, actor, { action: 'case.list', entity: 'case', recordCount: visible.length, purpose: purpose ?? 'tracing', details: { ids: visible.map((c) => c.id) } });
  return {
    items: visible.map((c) => ({
      id: c.id, code: c.code, personId: c.person_id, personName: people.get(c.person_id)?.fullName ?? null,
      communeCode: people.get(c.person_id)?.communeCode ?? null, confirmedAt: c.confirmed_at.toISOString(),
      infectiousFrom: c.infectious_from.toISOString(), infectiousTo: c.infectious_to.toISOString(),
      status: c.status as 'treatment', f1: n(c.id, 1), f2: n(c.id, 2),
    })),
  };
}

export async function getCase(db: Db, actor: Actor, id: number, purpose?: string) {
  const { cases, n } = await caseRows(db, [id]);
  const c = cases[0];
  if (!c) throw notFound('tracing.case_not_found', { id });
  const cls = await db.selectFrom('classifications').selectAll().where('case_id', '=', id).where('superseded_at', 'is', null)
    .orderBy('level').orderBy('exposed_at').limit(5000).execute();
  const people = await personBasics(db, [c.person_id, ...cls.map((x) => x.person_id)]);
  const self = people.get(c.person_id);
  if (!inArea(actor, self?.communeCode ?? '')) {
    await audit(db, actor, { action: 'case.read', entity: 'case', entityId: id, outcome: 'denied', details: { reason: 'outside_area' } });
    throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { caseId: id } });
  }
  const shown = cls.filter((x) => inArea(actor, people.get(x.person_id)?.communeCode ?? ''));
  await auditRead(db, actor, { action: 'case.read', entity: 'case', entityId: id, recordCount: shown.length + 1, purpose: purpose ?? 'tracing', details: { ids: shown.map((x) => x.person_id) } });
  return {
    id: c.id, code: c.code, personId: c.person_id, personName: self?.fullName ?? null, communeCode: self?.communeCode ?? null,
    confirmedAt: c.confirmed_at.toISOString(), infectiousFrom: c.infectious_from.toISOString(), infectiousTo: c.infectious_to.toISOString(),
    status: c.status as 'treatment', f1: n(c.id, 1), f2: n(c.id, 2), onsetDate: c.onset_date, sampledAt: iso(c.sampled_at),
    treatmentPlace: c.treatment_place, periodRuleId: c.period_rule_id, hiddenOutsideArea: cls.length - shown.length,
    classifications: shown.map((x) => ({
      personId: x.person_id, personName: people.get(x.person_id)?.fullName ?? null, communeCode: people.get(x.person_id)?.communeCode ?? null,
      level: x.level, exposedAt: x.exposed_at.toISOString(), viaPersonId: x.via_person_id, linkKind: x.link_kind as 'contact',
      status: x.status as 'auto', provenance: x.provenance as never, ruleIds: x.rule_ids, computedAt: x.computed_at.toISOString(),
    })),
  };
}

type ContactIn = { personA: number; personB: number; at: string; until?: string | null; setting: string; source: string; evidence?: string | null };

export async function addContacts(db: Db, actor: Actor, contacts: ContactIn[]) {
  await requirePersons(db, contacts.flatMap((c) => [c.personA, c.personB]));
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('contacts').values(contacts.map((c) => ({
      person_a: c.personA, person_b: c.personB, at: c.at, until: c.until ?? null, setting: c.setting, source: c.source,
      evidence: c.evidence ?? null, created_by: actor.id || null,
    }))).execute();
    await audit(tx, actor, { action: 'contact.create', entity: 'contact', recordCount: contacts.length, purpose: 'tracing', details: { persons: [...new Set(contacts.flatMap((c) => [c.personA, c.personB]))].slice(0, 200) } });
  });
  return { written: contacts.length, trace: await retrace(db, actor, touched.contacts(contacts.map((c) => ({ a: c.personA, b: c.personB })))) };
}

type CheckinIn = { personId: number; venueId: number; timeIn: string; timeOut?: string | null; source: string };

export async function addCheckins(db: Db, actor: Actor, checkins: CheckinIn[]) {
  await requirePersons(db, checkins.map((c) => c.personId));
  const venueIds = [...new Set(checkins.map((c) => c.venueId))];
  const venues = await db.selectFrom('venues').select('id').where('id', 'in', venueIds).execute();
  if (venues.length !== venueIds.length) {
    const have = new Set(venues.map((v) => v.id));
    throw invalid('tracing.venue_not_found', { venueIds: venueIds.filter((v) => !have.has(v)).slice(0, 20) });
  }
  const bad = checkins.findIndex((c) => c.timeOut && (c.timeOut < c.timeIn || new Date(c.timeOut).getTime() - new Date(c.timeIn).getTime() > DAY));
  if (bad >= 0) throw invalid('request.invalid', { fields: [{ path: `checkins.${bad}.timeOut`, code: 'request.invalid', message: 'time out before time in, or a stay over 24 hours' }] });
  await db.transaction().execute(async (tx) => {
    await holdCheckinWrites(tx);
    for (let i = 0; i < checkins.length; i += 1000) {
      await tx.insertInto('checkins').values(checkins.slice(i, i + 1000).map((c) => ({
        person_id: c.personId, venue_id: c.venueId, time_in: c.timeIn, time_out: c.timeOut ?? null, source: c.source,
      }))).execute();
    }
    await audit(tx, actor, { action: 'checkin.create', entity: 'checkin', recordCount: checkins.length, purpose: 'tracing' });
  });
  const scope = touched.checkins(checkins.map((c) => ({ venueId: c.venueId, timeIn: new Date(c.timeIn).getTime(), timeOut: c.timeOut ? new Date(c.timeOut).getTime() : null })));
  return { written: checkins.length, trace: await retrace(db, actor, scope) };
}

export async function rejectLink(db: Db, actor: Actor, r: { sourcePersonId: number; targetPersonId: number; reason: string }) {
  await requirePersons(db, [r.sourcePersonId, r.targetPersonId]);
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('tracing_rejections').values({
      source_person_id: r.sourcePersonId, target_person_id: r.targetPersonId, reason: r.reason, created_by: actor.id || null,
    }).onConflict((oc) => oc.columns(['source_person_id', 'target_person_id']).doNothing()).execute();
    await audit(tx, actor, { action: 'classification.reject', entity: 'person', entityId: r.targetPersonId, purpose: 'tracing', details: { source: r.sourcePersonId, reason: r.reason } });
  });
  return { written: 1, trace: await retrace(db, actor, touched.rejection(r.sourcePersonId)) };
}

export async function listReviews(db: Db) {
  const rows = await db.selectFrom('tracing_reviews as r').innerJoin('venues as v', 'v.id', 'r.venue_id')
    .select(['r.id', 'r.source_person_id', 'r.case_id', 'r.venue_id', 'v.name', 'r.window_from', 'r.window_to', 'r.candidates', 'r.status'])
    .where('r.status', '=', 'open').orderBy('r.candidates', 'desc').limit(500).execute();
  return {
    items: rows.map((r) => ({
      id: r.id, sourcePersonId: r.source_person_id, caseId: r.case_id, venueId: r.venue_id, venueName: r.name,
      windowFrom: r.window_from.toISOString(), windowTo: r.window_to.toISOString(), candidates: r.candidates, status: r.status as 'open',
    })),
  };
}

/** The current classifications an officer must act on (automatic ones to confirm, or confirmed ones), within the
 * officer's area, newest exposure first. */
export async function listClassifications(db: Db, actor: Actor, q: { status?: 'auto' | 'confirmed'; level?: number; commune?: string; page: number; pageSize: number; purpose?: string }) {
  if (q.commune && !inArea(actor, q.commune)) {
    await audit(db, actor, { action: 'classification.list', entity: 'classification', outcome: 'denied', details: { reason: 'outside_area', commune: q.commune } });
    throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { commune: q.commune } });
  }
  let base = db.selectFrom('classifications as c').innerJoin('persons as p', 'p.id', 'c.person_id').innerJoin('cases as k', 'k.id', 'c.case_id')
    .where('c.superseded_at', 'is', null);
  if (q.status) base = base.where('c.status', '=', q.status);
  if (q.level) base = base.where('c.level', '=', q.level);
  if (q.commune) base = base.where('p.commune_code', '=', q.commune);
  else if (actor.areaScope === 'communes') base = base.where('p.commune_code', 'in', actor.areaCommunes.length ? [...actor.areaCommunes] : ['']);
  const [rows, total] = await Promise.all([
    base.select(['c.id', 'c.person_id', 'p.full_name', 'p.commune_code', 'c.level', 'c.case_id', 'k.code', 'c.exposed_at', 'c.link_kind', 'c.status', 'c.computed_at'])
      .orderBy('c.exposed_at', 'desc').orderBy('c.id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await auditRead(db, actor, { action: 'classification.list', entity: 'classification', recordCount: rows.length, purpose: q.purpose ?? 'tracing', details: { persons: rows.map((r) => r.person_id) } });
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id, personId: r.person_id, personName: r.full_name, communeCode: r.commune_code, level: r.level, caseId: r.case_id, caseCode: r.code,
      exposedAt: r.exposed_at.toISOString(), linkKind: r.link_kind as 'contact', status: r.status as 'auto', computedAt: r.computed_at.toISOString(),
    })),
  };
}

/** An officer confirms a person's current automatic classification (after the interview). */
export async function confirmClassification(db: Db, actor: Actor, personId: number) {
  const person = (await requirePersons(db, [personId])).get(personId)!;
  if (!inArea(actor, person.communeCode)) {
    await audit(db, actor, { action: 'classification.confirm', entity: 'person', entityId: personId, outcome: 'denied', details: { reason: 'outside_area' } });
    throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { personId } });
  }
  return db.transaction().execute(async (tx) => {
    const r = await sql<{ id: number }>`update classifications set status = 'confirmed', confirmed_by = ${actor.id || null}
      where person_id = ${personId} and superseded_at is null returning id`.execute(tx);
    if (!r.rows.length) throw notFound('tracing.classification_not_found', { personId });
    await audit(tx, actor, { action: 'classification.confirm', entity: 'person', entityId: personId, purpose: 'tracing', details: { classificationId: r.rows[0]!.id } });
    return { ok: true as const };
  });
}

/** An officer's decision on a crowded stay held for review: accepted, the people there are classified despite
 * the fan-out threshold (the traces reaching its person are recomputed); dismissed, it leaves the queue. */
export async function decideReview(db: Db, actor: Actor, id: number, d: { decision: 'accept' | 'dismiss'; reason?: string | null }) {
  const done = await db.transaction().execute(async (tx) => {
    const r = await tx.selectFrom('tracing_reviews').select(['id', 'status', 'source_person_id', 'venue_id', 'window_from', 'checkin_id'])
      .where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r) throw notFound('tracing.review_not_found', { id });
    if (r.status !== 'open') throw conflict('tracing.review_decided', { id, status: r.status });
    const status = d.decision === 'accept' ? 'accepted' : 'dismissed';
    await sql`update tracing_reviews set status = ${status}, decided_by = ${actor.id || null}, decided_at = now(), decision_reason = ${d.reason ?? null} where id = ${id}`.execute(tx);
    if (d.decision === 'accept') {
      // Older rows have no check-in id: the stay is the source's check-in at that venue at that time.
      await sql`insert into tracing_stay_acceptances (checkin_id, person_id, review_id, accepted_by)
        select k.id, k.person_id, ${id}, ${actor.id || null} from checkins k
        where k.person_id = ${r.source_person_id} and k.venue_id = ${r.venue_id} and k.time_in = ${r.window_from}
          and (${r.checkin_id}::bigint is null or k.id = ${r.checkin_id})
        on conflict (checkin_id) do nothing`.execute(tx);
    }
    await audit(tx, actor, { action: `tracing.review.${d.decision}`, entity: 'person', entityId: r.source_person_id, purpose: 'tracing', details: { reviewId: id, venueId: r.venue_id, reason: d.reason ?? null } });
    return { accepted: d.decision === 'accept', person: r.source_person_id };
  });
  const untouched = { cases: 0, classified: 0, changed: 0, closed: 0, reviews: 0, loadedPersons: 0 };
  return { written: 1, trace: done.accepted ? await retrace(db, actor, touched.acceptance(done.person)) : untouched };
}
