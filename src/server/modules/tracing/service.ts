// Use cases of tracing. retrace() recomputes the classification of everyone reachable from the active cases,
// loading only their neighbourhood (level by level) and running the pure engine of rules.ts on it, then
// stores what changed: a new row for a changed classification, the old one closed (history is never erased).
import { sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import type { Actor } from '../../platform/context.ts';
import { audit } from '../../platform/audit.ts';
import { ruleInForce } from '../reference/index.ts';
import { activeCases, loadAround } from './queries.ts';
import { vnDate } from '../../platform/time.ts';
import { chainOf, classify, type TraceInput, type TraceResult, type TraceRules } from './rules.ts';

const TRACE_LOCK = 74_012_003;

export async function rulesInForce(db: Db, at = vnDate()): Promise<{ rules: TraceRules; ruleIds: number[] }> {
  const [kinds, fanout, depth, stay] = await Promise.all([
    ruleInForce(db, 'tracing.venue_kinds', at),
    ruleInForce(db, 'tracing.fanout_review_threshold', at),
    ruleInForce(db, 'tracing.max_depth', at),
    ruleInForce(db, 'tracing.checkin_default_minutes', at),
  ]);
  return {
    rules: {
      venueKinds: kinds.value as TraceRules['venueKinds'],
      fanoutThreshold: (fanout.value as { candidates: number }).candidates,
      maxDepth: (depth.value as { levels: number }).levels,
      checkinDefaultMinutes: (stay.value as { minutes: number }).minutes,
    },
    ruleIds: [kinds.id, fanout.id, depth.id, stay.id],
  };
}

function merge(into: TraceInput, add: Omit<TraceInput, 'cases'>) {
  const byId = <T extends { id: number }>(a: T[], b: T[]) => {
    const seen = new Set(a.map((x) => x.id));
    for (const x of b) if (!seen.has(x.id)) { a.push(x); seen.add(x.id); }
  };
  byId(into.households, add.households);
  byId(into.contacts, add.contacts);
  byId(into.checkins, add.checkins);
  byId(into.venues, add.venues);
  const iso = new Set(into.isolations.map((i) => i.personId));
  for (const i of add.isolations) if (!iso.has(i.personId)) { into.isolations.push(i); iso.add(i.personId); }
  const rej = new Set(into.rejections.map((r) => `${r.source}:${r.target}`));
  for (const r of add.rejections) if (!rej.has(`${r.source}:${r.target}`)) { into.rejections.push(r); rej.add(`${r.source}:${r.target}`); }
}

/** The classification of everyone reachable from the active cases, from the database. The data of a person is
 * loaded once they can pass exposure on (a label below the deepest level), until nothing new is needed. */
export async function computeTrace(db: Db, rules: TraceRules): Promise<{ result: TraceResult; loadedPersons: number }> {
  const cases = await activeCases(db);
  const input: TraceInput = { cases, households: [], contacts: [], checkins: [], venues: [], isolations: [], rejections: [] };
  const margin = Math.max(0, ...Object.values(rules.venueKinds).map((v) => v.marginMinutes));
  const loaded = new Set<number>();
  let toLoad = [...new Set(cases.map((c) => c.personId))];
  let result: TraceResult = { classifications: new Map(), reviews: [] };
  for (let round = 0; toLoad.length && round <= rules.maxDepth + 1; round++) {
    merge(input, await loadAround(db, toLoad, margin, rules.checkinDefaultMinutes));
    for (const p of toLoad) loaded.add(p);
    result = classify(input, rules);
    toLoad = [...new Set([...(result.labels?.values() ?? [])].filter((l) => l.level < rules.maxDepth).map((l) => l.personId))].filter((p) => !loaded.has(p));
  }
  return { result, loadedPersons: loaded.size };
}

type Stored = { id: number; person_id: number; level: number; case_id: number; via_person_id: number; link_kind: string; link_ref: number | null; exposed_at: Date };

/** Recomputes and stores the classifications; one retrace at a time (advisory lock). */
export async function retrace(db: Db, actor: Actor | null): Promise<{ classified: number; changed: number; closed: number; reviews: number; loadedPersons: number }> {
  const { rules, ruleIds } = await rulesInForce(db);
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${TRACE_LOCK})`.execute(tx);
    const { result, loadedPersons } = await computeTrace(tx, rules);
    const codes = new Map((await activeCases(tx)).map((c) => [c.id, c.code]));
    const current = (await tx.selectFrom('classifications')
      .select(['id', 'person_id', 'level', 'case_id', 'via_person_id', 'link_kind', 'link_ref', 'exposed_at'])
      .where('superseded_at', 'is', null).execute()) as Stored[];
    const byPerson = new Map(current.map((c) => [c.person_id, c]));
    const now = new Date();
    const close: number[] = [];
    const rows = [];
    for (const c of result.classifications.values()) {
      const prev = byPerson.get(c.personId);
      byPerson.delete(c.personId);
      const same = prev && prev.level === c.level && prev.case_id === c.caseId && prev.via_person_id === c.link.via
        && prev.link_kind === c.link.kind && (prev.link_ref ?? null) === c.link.ref && prev.exposed_at.getTime() === c.link.at;
      if (same) continue;
      if (prev) close.push(prev.id);
      const chain = chainOf(result, c.personId).map((x) => ({ level: x.level, personId: x.personId, ...x.link }));
      rows.push({
        person_id: c.personId, level: c.level, case_id: c.caseId, exposed_at: new Date(c.link.at), via_person_id: c.link.via,
        link_kind: c.link.kind, link_ref: c.link.ref, rule_ids: ruleIds,
        provenance: JSON.stringify({ caseCode: codes.get(c.caseId) ?? null, chain }),
      });
    }
    for (const gone of byPerson.values()) close.push(gone.id);
    if (close.length) await tx.updateTable('classifications').set({ superseded_at: now }).where('id', 'in', close).execute();
    for (let i = 0; i < rows.length; i += 1000) await tx.insertInto('classifications').values(rows.slice(i, i + 1000)).execute();
    for (const r of result.reviews) {
      await tx.insertInto('tracing_reviews').values({
        source_person_id: r.sourcePersonId, case_id: r.caseId, venue_id: r.venueId, window_from: new Date(r.stayFrom), window_to: new Date(r.stayTo), candidates: r.candidates,
      }).onConflict((oc) => oc.columns(['source_person_id', 'venue_id', 'window_from']).doNothing()).execute();
    }
    if (actor) {
      await audit(tx, actor, { action: 'tracing.retrace', entity: 'classification', recordCount: rows.length + close.length, details: { changed: rows.length, closed: close.length } });
    }
    return { classified: result.classifications.size, changed: rows.length, closed: close.length, reviews: result.reviews.length, loadedPersons };
  });
}
