// When people who carry labels in other cases' traces become cases themselves (an F1 tests positive), those
// traces change only around them: their own labels go (a case is never labelled; each becomes a link between
// cases instead), and so do the labels one level down that came through them. When their labels sit at the
// last two levels, the labels through them are at the deepest level and pass nothing on, so the trace is
// updated in place: the lost labels are chosen again from the trace's other labels one level up, exactly as a
// full recompute would choose them (relinkLevel in rules.ts), instead of recomputing a trace that may hold
// tens of thousands of labels. Anything else (labels higher up, other data changed at once) recomputes the
// whole trace. The database property test (trace.test.ts) compares the result with a full retrace.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { int8Array } from '../../platform/db/arrays.ts';
import { checkinsOfSince, householdsAndContacts, loadCheckinsNear, type CheckinReader, type Stay } from './queries.ts';
import { insertLabels, insertSources, sortKeyOf } from './labels.ts';
import { relinkLevel, venueOverlap, venueRule, type CaseTrace, type Label, type LinkKind, type TraceCase, type TraceCheckin, type TraceInput, type TraceRules } from './rules.ts';

const MIN = 60_000;

/** The traces holding labels of `newCasePersons` (outside `exclude`): those that can be updated in place, with
 * the people removed from each, and those that need a full recompute. */
export async function planRelinks(db: Db, rules: TraceRules, newCasePersons: readonly number[], exclude: ReadonlySet<number>): Promise<{ relink: Map<number, Set<number>>; full: number[] }> {
  const rows = await sql<{ case_id: number; person_id: number; level: number }>`
    select case_id, person_id, level from case_labels where person_id = any(${int8Array(newCasePersons)}::bigint[])`.execute(db);
  const byCase = new Map<number, { persons: Set<number>; inPlace: boolean }>();
  for (const r of rows.rows) {
    if (exclude.has(r.case_id)) continue;
    const e = byCase.get(r.case_id) ?? { persons: new Set<number>(), inPlace: true };
    e.persons.add(r.person_id);
    if (r.level < rules.maxDepth - 1) e.inPlace = false;
    byCase.set(r.case_id, e);
  }
  const relink = new Map<number, Set<number>>();
  const full: number[] = [];
  for (const [id, e] of byCase) {
    if (e.inPlace) relink.set(id, e.persons);
    else full.push(id);
  }
  return { relink, full };
}

type LabelRow = {
  person_id: number; level: number; exposed_at: Date; via_person_id: number; link_kind: string; link_ref: number | null; venue_id: number | null;
  source_from: Date | null; source_to: Date | null; target_from: Date | null; target_to: Date | null; sort_key: Uint8Array;
};

const t = (d: Date | null) => (d === null ? undefined : d.getTime());

function labelOf(caseId: number, r: LabelRow): Label {
  return {
    personId: r.person_id, level: r.level, caseId, key: sortKeyOf(r.sort_key),
    link: {
      kind: r.link_kind as LinkKind, ref: r.link_ref, via: r.via_person_id, at: r.exposed_at.getTime(),
      ...(r.venue_id === null ? {} : { venueId: r.venue_id, sourceFrom: t(r.source_from), sourceTo: t(r.source_to), targetFrom: t(r.target_from), targetTo: t(r.target_to) }),
    },
  };
}

/** Updates case `c`'s kept trace for `removed` (its labelled people who are cases now; planRelinks said it can
 * be done in place); returns the people whose labels changed (their classification is merged again) and how
 * many people's links were chosen again. */
export async function relinkCase(
  db: Db, rules: TraceRules, c: TraceCase, removed: ReadonlySet<number>, casePersons: ReadonlySet<number>, caseOfPerson: ReadonlyMap<number, number>,
  index: CheckinReader = null,
): Promise<{ affected: number[]; targets: number; reviews: CaseTrace['reviews'] }> {
  const deepest = rules.maxDepth;
  const gone = int8Array([...removed]);
  const [own, kids, kidCases] = await Promise.all([
    sql<LabelRow>`select distinct on (person_id) * from case_labels where case_id = ${c.id} and person_id = any(${gone}::bigint[]) order by person_id, level`.execute(db),
    sql<{ person_id: number }>`select person_id from case_labels
      where case_id = ${c.id} and level = ${deepest} and via_person_id = any(${gone}::bigint[]) and not person_id = any(${gone}::bigint[])`.execute(db),
    sql<{ person_id: number }>`select k.person_id from case_sources s join cases k on k.id = s.case_id
      where s.source_case_id = ${c.id} and s.level = ${deepest} and s.via_person_id = any(${gone}::bigint[])`.execute(db),
  ]);
  // A removed person's link from this case is its lowest label, unless that came through another removed person.
  const copied: Label[] = [];
  const reachTargets = new Set(kidCases.rows.map((r) => r.person_id));
  for (const r of own.rows) {
    if (r.level > 1 && removed.has(r.via_person_id)) reachTargets.add(r.person_id);
    else copied.push(labelOf(c.id, r));
  }
  const labelTargets = kids.rows.map((r) => r.person_id);
  const targets = new Set([...labelTargets, ...reachTargets]);
  let relinked: { labels: Label[]; reached: Label[]; reviews: CaseTrace['reviews'] } = { labels: [], reached: [], reviews: [] };
  if (targets.size) relinked = await chooseAgain(db, rules, c, removed, targets, labelTargets, casePersons, index);

  await sql`delete from case_labels where case_id = ${c.id}
    and (person_id = any(${gone}::bigint[]) or (level = ${deepest} and person_id = any(${int8Array(labelTargets)}::bigint[])))`.execute(db);
  await insertLabels(db, relinked.labels);
  const reachedCases = [...removed, ...reachTargets].map((p) => caseOfPerson.get(p)!).filter((x) => x !== undefined);
  await sql`delete from case_sources where source_case_id = ${c.id} and case_id = any(${int8Array(reachedCases)}::bigint[])`.execute(db);
  await insertSources(db, [...copied, ...relinked.reached].map((l) => ({ ...l, reachedCase: caseOfPerson.get(l.personId)! })));
  return { affected: [...removed, ...labelTargets], targets: targets.size, reviews: relinked.reviews };
}

/** The new stays' cases that can be updated in place: those in which every person near the stays who is a
 * subject (the case, or a label below the deepest level) carries a label exactly one level above the deepest
 * (returned with those people); the others need a full recompute. A stay near such a person changes, in that
 * trace, only deepest-level labels: of the people around that person's stays there (who may gain or lose a link,
 * or whose link may fall to a crowd grown too large), and nothing below them. */
export async function planRestays(db: Db, rules: TraceRules, nearPersons: readonly number[]): Promise<{ restay: Map<number, Set<number>>; full: number[] }> {
  const frontierLevel = rules.maxDepth - 1;
  const rows = await sql<{ case_id: number; person_id: number; level: number }>`
    select case_id, person_id, min(level)::int as level from case_labels where person_id = any(${int8Array(nearPersons)}::bigint[]) and level < ${rules.maxDepth}
      group by case_id, person_id
    union all select id as case_id, person_id, 0 as level from cases where person_id = any(${int8Array(nearPersons)}::bigint[])`.execute(db);
  const byCase = new Map<number, { persons: Set<number>; inPlace: boolean }>();
  for (const r of rows.rows) {
    const e = byCase.get(r.case_id) ?? { persons: new Set<number>(), inPlace: true };
    e.persons.add(r.person_id);
    if (r.level < 1 || r.level !== frontierLevel) e.inPlace = false;
    byCase.set(r.case_id, e);
  }
  const restay = new Map<number, Set<number>>();
  const full: number[] = [];
  for (const [id, e] of byCase) {
    if (e.inPlace) restay.set(id, e.persons); else full.push(id);
  }
  return { restay, full };
}

const stayKey = (venue: number, from: number, to: number) => `${venue}:${from}:${to}`;

/** New stays prepared once per retrace for every trace updated in place (a catch-up hands on thousands):
 * by venue, sorted by time in, and as keys to tell the new check-ins among those loaded. */
export type NewStays = { byVenue: Map<number, Stay[]>; fresh: Set<string> };

export function prepareStays(stays: readonly Stay[]): NewStays {
  const byVenue = new Map<number, Stay[]>();
  for (const x of stays) { const list = byVenue.get(x.venue); if (list) list.push(x); else byVenue.set(x.venue, [x]); }
  for (const list of byVenue.values()) list.sort((a, b) => a.from - b.from);
  return { byVenue, fresh: new Set(stays.map((x) => stayKey(x.venue, x.from, x.to))) };
}

/** Whether a stay [from, to] at a venue meets one of the new stays within `margin` (a new stay lasts at most a
 * day, as touched.checkins hands it on). */
function meetsNew(ns: NewStays, venue: number, from: number, to: number, margin: number): boolean {
  const list = ns.byVenue.get(venue);
  if (!list) return false;
  let a = 0;
  let b = list.length;
  const lo = from - margin - 86_400_000;
  while (a < b) { const m = (a + b) >> 1; if (list[m]!.from < lo) a = m + 1; else b = m; }
  for (let i = a; i < list.length && list[i]!.from <= to + margin; i++) if (list[i]!.to >= from - margin) return true;
  return false;
}

/** Updates case `c`'s kept trace for new stays (`stays`, check-ins just written) near its people one level above
 * the deepest (`frontier`, planRestays said it can be done in place). A new stay changes deepest-level links only
 * through the frontier's stays that meet it: a frontier person's own new stay links everyone there; a stay of
 * theirs that a newcomer pushes over the fan-out threshold (or not) changes the links of its whole crowd; any
 * other meeting stay changes only the newcomers'. A stay too crowded (and not accepted by an officer) links
 * nobody, so it adds nobody unless it just became so. Those people's deepest-level links are chosen again
 * (chooseAgain), and their labels and links to other cases replaced. Returns the people whose labels may have
 * changed. (At a busy market the crowd is over the threshold long before and after: only the newcomers.) */
export async function restayCases(
  db: Db, rules: TraceRules, list: ReadonlyArray<{ c: TraceCase; frontier: ReadonlySet<number> }>, stays: NewStays, casePersons: ReadonlySet<number>,
  caseOfPerson: ReadonlyMap<number, number>, index: CheckinReader,
): Promise<{ affected: number[]; targets: number; reviews: CaseTrace['reviews'] }> {
  const margin = Math.max(0, ...Object.values(rules.venueKinds).map((v) => v.marginMinutes)) * MIN;
  const end = (k: TraceCheckin) => k.timeOut ?? k.timeIn + rules.checkinDefaultMinutes * MIN;
  // The frontier's stays that meet a new one, trace by trace; then what every trace needs, one query each
  // (a catch-up updates a thousand traces at once: three round trips each cost seconds).
  const plans: Array<{ c: TraceCase; meeting: TraceCheckin[] }> = [];
  for (const { c, frontier } of list) {
    const own = await checkinsOfSince(db, [...frontier], c.from - margin, index);
    const meeting = own.filter((k) => meetsNew(stays, k.venueId, k.timeIn, end(k), margin));
    if (meeting.length) plans.push({ c, meeting });
  }
  const out = { affected: [] as number[], targets: 0, reviews: [] as CaseTrace['reviews'] };
  if (!plans.length) return out;
  const all = plans.flatMap((x) => x.meeting);
  const [lowerReach, venues, acceptances] = await Promise.all([
    // Cases a trace reaches below the deepest level keep that link (a new stay near its frontier cannot change it).
    sql<{ source_case_id: number; case_id: number }>`select source_case_id, case_id from case_sources
      where source_case_id = any(${int8Array(plans.map((x) => x.c.id))}::bigint[]) and level < ${rules.maxDepth}`.execute(db),
    sql<{ id: number; kind: string }>`select id, kind from venues where id = any(${int8Array([...new Set(all.map((k) => k.venueId))])}::bigint[])`.execute(db),
    sql<{ checkin_id: number }>`select checkin_id from tracing_stay_acceptances where checkin_id = any(${int8Array([...new Set(all.map((k) => k.id))])}::bigint[])`.execute(db),
  ]);
  const keep = new Map<number, Set<number>>();
  for (const r of lowerReach.rows) { const set = keep.get(r.source_case_id); if (set) set.add(r.case_id); else keep.set(r.source_case_id, new Set([r.case_id])); }
  const lookups: RestayLookups = {
    keep, kindOf: new Map(venues.rows.map((v) => [v.id, v.kind])), accepted: new Set(acceptances.rows.map((r) => Number(r.checkin_id))),
  };
  for (const x of plans) {
    const r = await restayCase(db, rules, x.c, x.meeting, stays, lookups, casePersons, caseOfPerson, index);
    out.affected.push(...r.affected);
    out.targets += r.targets;
    out.reviews.push(...r.reviews);
  }
  return out;
}

type RestayLookups = { keep: ReadonlyMap<number, ReadonlySet<number>>; kindOf: ReadonlyMap<number, string>; accepted: ReadonlySet<number> };

async function restayCase(
  db: Db, rules: TraceRules, c: TraceCase, meeting: readonly TraceCheckin[], stays: NewStays, lookups: RestayLookups, casePersons: ReadonlySet<number>,
  caseOfPerson: ReadonlyMap<number, number>, index: CheckinReader,
): Promise<{ affected: number[]; targets: number; reviews: CaseTrace['reviews'] }> {
  const deepest = rules.maxDepth;
  const margin = Math.max(0, ...Object.values(rules.venueKinds).map((v) => v.marginMinutes)) * MIN;
  const end = (k: TraceCheckin) => k.timeOut ?? k.timeIn + rules.checkinDefaultMinutes * MIN;
  // With the in-memory index each meeting stay's crowd is scanned below, only as far as needed; from SQL, the
  // crowds of all of them are loaded at once.
  const crowd = index ? [] : await loadCheckinsNear(db, meeting.map((k) => ({ venue: k.venueId, from: k.timeIn, to: end(k) })), margin / MIN, rules.checkinDefaultMinutes, index);
  const { accepted, kindOf } = lookups;
  const keep = lookups.keep.get(c.id) ?? new Set<number>();
  // The new check-ins among those loaded: a stay is handed on as (venue, time in, time out or 24 hours).
  const isFresh = (k: TraceCheckin) => stays.fresh.has(stayKey(k.venueId, k.timeIn, k.timeOut ?? k.timeIn + 86_400_000));
  const atVenue = new Map<number, TraceCheckin[]>();
  for (const k of crowd) { const list = atVenue.get(k.venueId); if (list) list.push(k); else atVenue.set(k.venueId, [k]); }
  const around = new Set<number>();
  for (const k of meeting) {
    const rule = venueRule(rules, kindOf.get(k.venueId));
    const overlaps = (j: TraceCheckin) => j.personId !== k.personId && venueOverlap(rule, k.timeIn, end(k), j.timeIn, end(j)) !== null;
    let near: TraceCheckin[];
    if (index) {
      // A crowd already over the threshold before the new check-ins (and not accepted) stays over it, links
      // nobody, and is not crossed: past that many people the rest of it changes nothing below, so the scan
      // stops there (at a market of thousands, a few dozen rows instead of the whole crowd per stay).
      near = [];
      const earlier = new Set<number>();
      const enough = accepted.has(k.id) ? Infinity : rules.fanoutThreshold;
      index.visitNear({ venue: k.venueId, lo: k.timeIn - margin, hi: end(k) + margin }, rules.checkinDefaultMinutes, (j) => {
        if (!overlaps(j)) return true;
        near.push(j);
        if (!isFresh(j)) earlier.add(j.personId);
        return earlier.size <= enough;
      });
    } else near = (atVenue.get(k.venueId) ?? []).filter(overlaps);
    const after = new Set(near.map((j) => j.personId));
    const before = new Set(near.filter((j) => !isFresh(j)).map((j) => j.personId));
    const crossed = (before.size > rules.fanoutThreshold) !== (after.size > rules.fanoutThreshold);
    // A stay too crowded (and not accepted) links nobody: its newcomers gain nothing there.
    const crowded = after.size > rules.fanoutThreshold && !accepted.has(k.id);
    if (crossed || (isFresh(k) && !crowded)) for (const p of after) around.add(p);
    // A new stay too crowded: one person there is enough for the level step to load it and hold it for review.
    else if (isFresh(k)) { if (near.length) around.add(near[0]!.personId); }
    else if (!crowded) for (const j of near) if (isFresh(j)) around.add(j.personId);
  }
  // The case's own person, and cases this trace reaches higher up, keep their links.
  const targets = new Set<number>();
  for (const p of around) {
    const reachedCase = caseOfPerson.get(p);
    if (p !== c.personId && !(reachedCase !== undefined && keep.has(reachedCase))) targets.add(p);
  }
  if (!around.size) return { affected: [], targets: 0, reviews: [] };
  // Everyone around goes to the level step, so that each meeting stay is loaded with its whole crowd and one
  // grown too crowded is held for review even when nobody in it is relabelled; only the targets' results stay.
  const labelTargets = [...targets].filter((p) => !casePersons.has(p));
  const relinked = await chooseAgain(db, rules, c, new Set(), around, labelTargets, casePersons, index);
  await sql`delete from case_labels where case_id = ${c.id} and level = ${deepest} and person_id = any(${int8Array(labelTargets)}::bigint[])`.execute(db);
  await insertLabels(db, relinked.labels.filter((l) => targets.has(l.personId)));
  const reachedCases = [...targets].filter((p) => casePersons.has(p)).map((p) => caseOfPerson.get(p)!).filter((x) => x !== undefined);
  if (reachedCases.length) {
    await sql`delete from case_sources where source_case_id = ${c.id} and level = ${deepest} and case_id = any(${int8Array(reachedCases)}::bigint[])`.execute(db);
  }
  await insertSources(db, relinked.reached.filter((l) => targets.has(l.personId)).map((l) => ({ ...l, reachedCase: caseOfPerson.get(l.personId)! })));
  return { affected: labelTargets, targets: targets.size, reviews: relinked.reviews };
}

/** The deepest-level links into `targets` again, from the trace's labels one level up (the removed excluded):
 * loads every link into the targets — their households and contacts, the stays of the trace's people one level
 * up that overlap the targets' own stays, and the whole crowd of each such stay (whether it is too crowded
 * depends on everyone around it) — and runs the engine's level step for them alone. */
async function chooseAgain(
  db: Db, rules: TraceRules, c: TraceCase, removed: ReadonlySet<number>, targets: ReadonlySet<number>, labelTargets: readonly number[], casePersons: ReadonlySet<number>,
  index: CheckinReader,
) {
  const deepest = rules.maxDepth;
  const margin = Math.max(0, ...Object.values(rules.venueKinds).map((v) => v.marginMinutes)) * MIN;
  // Exposures along the trace never precede the case's window: stays from then on.
  const since = c.from - margin;
  const [frontierRows, earliestRows, links, targetStays] = await Promise.all([
    sql<{ person_id: number; exposed_at: Date; sort_key: Uint8Array }>`select person_id, exposed_at, sort_key from case_labels
      where case_id = ${c.id} and level = ${deepest - 1} and not person_id = any(${int8Array([...removed])}::bigint[])`.execute(db),
    sql<{ person_id: number; at: Date }>`select person_id, min(exposed_at) as at from case_labels
      where case_id = ${c.id} and level < ${deepest} and person_id = any(${int8Array(labelTargets)}::bigint[]) group by person_id`.execute(db),
    householdsAndContacts(db, [...targets]),
    checkinsOfSince(db, [...targets], since, index),
  ]);
  const end = (k: TraceCheckin) => k.timeOut ?? k.timeIn + rules.checkinDefaultMinutes * MIN;
  const byVenue = new Map<number, TraceCheckin[]>();
  for (const k of targetStays) { const list = byVenue.get(k.venueId); if (list) list.push(k); else byVenue.set(k.venueId, [k]); }
  const sourceStays = byVenue.size ? (await checkinsOfSince(db, frontierRows.rows.map((r) => r.person_id), since, index))
    .filter((k) => byVenue.get(k.venueId)?.some((j) => j.timeIn <= end(k) + margin && end(j) >= k.timeIn - margin)) : [];
  const present = new Set<number>(sourceStays.map((k) => k.personId));
  for (const h of links.households) for (const m of h.members) present.add(m);
  for (const k of links.contacts) { present.add(k.a); present.add(k.b); }
  const frontier = frontierRows.rows.filter((r) => present.has(r.person_id));
  const sources = frontier.map((r) => r.person_id);
  const [crowds, isolations, rejections, accepted] = await Promise.all([
    loadCheckinsNear(db, sourceStays.map((k) => ({ venue: k.venueId, from: k.timeIn, to: end(k) })), margin / MIN, rules.checkinDefaultMinutes, index),
    sql<{ person_id: number; isolated_at: Date }>`select person_id, isolated_at from isolations where person_id = any(${int8Array(sources)}::bigint[])`.execute(db),
    sql<{ source_person_id: number; target_person_id: number }>`select source_person_id, target_person_id from tracing_rejections
      where source_person_id = any(${int8Array(sources)}::bigint[])`.execute(db),
    sql<{ checkin_id: number }>`select checkin_id from tracing_stay_acceptances where person_id = any(${int8Array(sources)}::bigint[])`.execute(db),
  ]);
  const checkins = new Map<number, TraceCheckin>();
  for (const k of [...targetStays, ...sourceStays, ...crowds]) checkins.set(k.id, k);
  const venueIds = [...new Set(sourceStays.map((k) => k.venueId))];
  const venues = venueIds.length ? (await sql<{ id: number; kind: string }>`select id, kind from venues where id = any(${int8Array(venueIds)}::bigint[])`.execute(db)).rows : [];
  const input: TraceInput = {
    cases: [], ...links, checkins: [...checkins.values()], venues,
    isolations: isolations.rows.map((i) => ({ personId: i.person_id, at: i.isolated_at.getTime() })),
    rejections: rejections.rows.map((r) => ({ source: r.source_person_id, target: r.target_person_id })),
    accepted: accepted.rows.map((r) => r.checkin_id),
  };
  const earliest = new Map(earliestRows.rows.map((r) => [r.person_id, r.at.getTime()]));
  return relinkLevel(input, rules, c.id, deepest, frontier.map((r) => ({ personId: r.person_id, from: r.exposed_at.getTime(), key: sortKeyOf(r.sort_key) })), targets, casePersons, earliest);
}
