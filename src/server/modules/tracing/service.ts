// Use cases of tracing. Each case's trace is kept (case_labels); new data recomputes only the traces of the
// cases it touches (retrace with a scope), a full retrace all of them. A trace is computed on the case's
// neighbourhood, loaded level by level, by the pure engine of rules.ts. A person's classification is their
// best label over all cases; a changed classification gets a new row and the old one is closed (history is
// never erased).
import { sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import type { Actor } from '../../platform/context.ts';
import { audit } from '../../platform/audit.ts';
import { float8Array, int4Array, int8Array, textArray } from '../../platform/db/arrays.ts';
import { ruleInForce } from '../reference/index.ts';
import { activeCases, loadAround, personsNear, type CheckinReader, type Stay } from './queries.ts';
import { checkinIndexOf } from './checkinIndex.ts';
import { vnDate } from '../../platform/time.ts';
import { insertLabels, insertSources } from './labels.ts';
import { pipelined } from '../../platform/db/pipelined.ts';
import { planRelinks, planRestays, prepareStays, relinkCase, restayCases } from './service.relink.ts';
import { chainIn, mergeReviews, traceCases, type CaseTrace, type Label, type LinkKind, type TraceCase, type TraceInput, type TraceRules } from './rules.ts';

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

const widestMargin = (rules: TraceRules) => Math.max(0, ...Object.values(rules.venueKinds).map((v) => v.marginMinutes));

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
  into.accepted = [...new Set([...(into.accepted ?? []), ...(add.accepted ?? [])])];
  const rej = new Set(into.rejections.map((r) => `${r.source}:${r.target}`));
  for (const r of add.rejections) if (!rej.has(`${r.source}:${r.target}`)) { into.rejections.push(r); rej.add(`${r.source}:${r.target}`); }
}

/** The traces of `cases`, from the database. A person's data is loaded once a label can pass exposure on (a
 * label below the deepest level), from the start of their earliest window, until nothing new is needed. */
export async function computeTraces(db: Db, rules: TraceRules, cases: TraceCase[], casePersons: ReadonlySet<number>, index: CheckinReader = null): Promise<{ traces: CaseTrace[]; loadedPersons: number; loadMs: number; engineMs: number }> {
  const input: TraceInput = { cases, households: [], contacts: [], checkins: [], venues: [], isolations: [], rejections: [] };
  const loadedFrom = new Map<number, number>();
  let toLoad = new Map<number, { from: number; to: number }>();
  for (const c of cases) {
    const w = toLoad.get(c.personId);
    toLoad.set(c.personId, { from: Math.min(c.from, w?.from ?? Infinity), to: Math.max(c.to, w?.to ?? -Infinity) });
  }
  let traces: CaseTrace[] = [];
  let loadMs = 0;
  let engineMs = 0;
  // Labels of level L are final once the data of every label below L is loaded: round r traces to level r + 1
  // only, and loads the people whose labels can pass exposure on.
  for (let round = 0; ; round++) {
    const t0 = performance.now();
    if (toLoad.size) {
      const subjects = [...toLoad].map(([personId, w]) => ({ personId, ...w }));
      merge(input, await loadAround(db, subjects, widestMargin(rules), rules.checkinDefaultMinutes, index));
      for (const s of subjects) loadedFrom.set(s.personId, Math.min(s.from, loadedFrom.get(s.personId) ?? Infinity));
    }
    const t1 = performance.now();
    loadMs += t1 - t0;
    const depth = Math.min(rules.maxDepth, round + 1);
    traces = traceCases(input, depth === rules.maxDepth ? rules : { ...rules, maxDepth: depth }, cases, casePersons);
    engineMs += performance.now() - t1;
    toLoad = new Map();
    for (const t of traces) {
      for (const l of t.labels.values()) {
        if (l.level >= rules.maxDepth || l.link.at >= (loadedFrom.get(l.personId) ?? Infinity)) continue;
        toLoad.set(l.personId, { from: Math.min(l.link.at, toLoad.get(l.personId)?.from ?? Infinity), to: Infinity });
      }
    }
    if ((depth === rules.maxDepth && !toLoad.size) || round > rules.maxDepth + 1) break;
  }
  return { traces, loadedPersons: loadedFrom.size, loadMs: Math.round(loadMs), engineMs: Math.round(engineMs) };
}

/** What new data touched: the cases whose traces must be recomputed are those of these people (as cases or
 * as labels), and of the people who were at these venues around these times. */
export type TraceScope = {
  cases?: number[]; persons?: number[]; stays?: Stay[];
  /** People who have just become cases (nothing else about them changed): the traces that labelled them
   * change only around them (service.relink.ts). */
  newCasePersons?: number[];
  /** The stays are existing check-ins whose time out changed (a check-out can shorten a stay, which the
   * in-place update for new stays cannot follow): every trace near them is recomputed. */
  staysChanged?: boolean;
};

/** The scope of a retrace after each kind of new data (what the write touched). */
export const touched = {
  case: (c: { id: number; personId: number }): TraceScope => ({ cases: [c.id], newCasePersons: [c.personId] }),
  /** New cases, written together (a laboratory's batch). */
  cases: (cs: ReadonlyArray<{ id: number; personId: number }>): TraceScope => ({ cases: cs.map((c) => c.id), newCasePersons: cs.map((c) => c.personId) }),
  contacts: (cs: ReadonlyArray<{ a: number; b: number }>): TraceScope => ({ persons: [...new Set(cs.flatMap((c) => [c.a, c.b]))] }),
  /** A check-in without a time out is looked up as a stay of up to 24 hours (longer than any default stay). */
  checkins: (ks: ReadonlyArray<{ venueId: number; timeIn: number; timeOut: number | null }>): TraceScope => ({
    stays: ks.map((k) => ({ venue: k.venueId, from: k.timeIn, to: k.timeOut ?? k.timeIn + 86_400_000 })),
  }),
  /** Check-ins whose time out was set (check-outs): looked up as stays of up to 24 hours, recomputed. */
  checkouts: (ks: ReadonlyArray<{ venueId: number; timeIn: number }>): TraceScope => ({
    stays: ks.map((k) => ({ venue: k.venueId, from: k.timeIn, to: k.timeIn + 86_400_000 })), staysChanged: true,
  }),
  household: (members: readonly number[]): TraceScope => ({ persons: [...members] }),
  isolation: (personId: number): TraceScope => ({ persons: [personId] }),
  rejection: (source: number): TraceScope => ({ persons: [source] }),
  /** An accepted crowded stay changes the traces that reach its person. */
  acceptance: (personId: number): TraceScope => ({ persons: [personId] }),
};

type Winner = { case_id: number; person_id: number; level: number; exposed_at: Date; via_person_id: number; link_kind: string; link_ref: number | null };
type LabelRow = Winner & { venue_id: number | null; source_from: Date | null; source_to: Date | null; target_from: Date | null; target_to: Date | null };

const ts = (ms: number | undefined) => (ms === undefined ? null : new Date(ms));

function chainEntry(l: Pick<Label, 'level' | 'personId' | 'link'>) {
  return { level: l.level, personId: l.personId, ...l.link };
}

function rowLink(r: LabelRow) {
  return {
    level: r.level, personId: r.person_id, kind: r.link_kind as LinkKind, ref: r.link_ref, via: r.via_person_id, at: r.exposed_at.getTime(),
    ...(r.venue_id === null ? {} : {
      venueId: r.venue_id, sourceFrom: r.source_from?.getTime(), sourceTo: r.source_to?.getTime(), targetFrom: r.target_from?.getTime(), targetTo: r.target_to?.getTime(),
    }),
  };
}

/** Provenance chains of labels of cases that were not recomputed now: walked up in case_labels. */
async function chainsFromDb(db: Db, winners: Winner[]): Promise<Map<number, ReturnType<typeof rowLink>[]>> {
  const out = new Map<number, ReturnType<typeof rowLink>[]>();
  if (!winners.length) return out;
  const rows = await sql<LabelRow>`select l.* from unnest(${int8Array(winners.map((w) => w.case_id))}::bigint[], ${int8Array(winners.map((w) => w.person_id))}::bigint[], ${int4Array(winners.map((w) => w.level))}::int[]) as k(c, p, lv)
    join case_labels l on l.case_id = k.c and l.person_id = k.p and l.level = k.lv`.execute(db);
  let pending = rows.rows.map((r) => ({ owner: r.person_id, row: r }));
  for (const p of pending) out.set(p.owner, [rowLink(p.row)]);
  while (pending.length) {
    const up = pending.filter((p) => p.row.level > 1);
    if (!up.length) break;
    const parents = await sql<LabelRow>`select distinct l.* from unnest(${int8Array(up.map((p) => p.row.case_id))}::bigint[], ${int8Array(up.map((p) => p.row.via_person_id))}::bigint[], ${int4Array(up.map((p) => p.row.level - 1))}::int[]) as k(c, p, lv)
      join case_labels l on l.case_id = k.c and l.person_id = k.p and l.level = k.lv`.execute(db);
    const byKey = new Map(parents.rows.map((r) => [`${r.case_id}:${r.person_id}:${r.level}`, r]));
    pending = up.flatMap((p) => {
      const parent = byKey.get(`${p.row.case_id}:${p.row.via_person_id}:${p.row.level - 1}`);
      if (!parent) return [];
      out.get(p.owner)!.unshift(rowLink(parent));
      return [{ owner: p.owner, row: parent }];
    });
  }
  return out;
}

/** After a crash PostgreSQL empties the unlogged case_labels: rebuilt by a full retrace before serving. */
export async function ensureTraces(db: Db, log: (m: string) => void): Promise<void> {
  const r = await sql<{ cases: boolean; labels: boolean }>`select exists (select 1 from cases where status <> 'withdrawn') as cases,
    exists (select 1 from case_labels) as labels`.execute(db);
  if (!r.rows[0]!.cases || r.rows[0]!.labels) return;
  const t = Date.now();
  const s = await retrace(db, null);
  log(`Đã dựng lại truy vết của ${s.cases} ca bệnh / traces of ${s.cases} cases rebuilt (${s.classified} classified) in ${Date.now() - t} ms`);
}

/** The actions the quarantine rule in force on the exposure date prescribes (quarantine.f1 for F1, quarantine.f2
 * beyond), as one work item per classification for the commune of residence. A new classification at the same
 * level as the one it replaces takes over its open items (an officer may already be acting on them); one that
 * changes level, or ends, cancels them. */
async function orderActions(db: Db, changed: Array<Winner & { prev?: Winner & { id: number } }>, newIds: Map<number, number>, closed: number[], codes: ReadonlyMap<number, string>) {
  const carried = changed.filter((w) => w.prev && w.prev.level === w.level);
  if (carried.length) {
    await sql`update work_items w set classification_id = m.new_id
      from unnest(${int8Array(carried.map((w) => w.prev!.id))}::bigint[], ${int8Array(carried.map((w) => newIds.get(w.person_id)!))}::bigint[]) as m(old_id, new_id)
      where w.classification_id = m.old_id and w.status in ('open', 'in_progress')`.execute(db);
  }
  const carriedIds = new Set(carried.map((w) => w.prev!.id));
  const cancel = closed.filter((id) => !carriedIds.has(id));
  if (cancel.length) {
    await sql`update work_items set status = 'cancelled', status_note = 'Phân loại đã thay đổi hoặc không còn hiệu lực / classification changed or ended', updated_at = now()
      where classification_id = any(${int8Array(cancel)}::bigint[]) and status in ('open', 'in_progress')`.execute(db);
  }
  const fresh = changed.filter((w) => !(w.prev && w.prev.level === w.level));
  await pipelined(Math.ceil(fresh.length / 20_000), (j) => {
    const b = fresh.slice(j * 20_000, (j + 1) * 20_000);
    // The classifications just written, from memory (not read back). The plan depends only on the rule and the
    // day: computed once per (level kind, day), then joined.
    return sql`with c as (
        select id, person_id, level, code, (to_timestamp(at / 1000.0) at time zone 'Asia/Ho_Chi_Minh')::date as day
        from unnest(${int8Array(b.map((w) => newIds.get(w.person_id)!))}::bigint[], ${int8Array(b.map((w) => w.person_id))}::bigint[], ${int4Array(b.map((w) => w.level))}::int[],
          ${textArray(b.map((w) => codes.get(w.case_id) ?? null))}::text[], ${float8Array(b.map((w) => w.exposed_at.getTime()))}::float8[]) as u(id, person_id, level, code, at)),
      days as (select distinct c.level > 1 as f2, c.day from c),
      rp as (
        select d.f2, d.day, r.id as rule_id, r.legal_ref, r.value->>'mode' as mode, (r.value->>'days')::int as days,
          r.value || jsonb_build_object('testDates', coalesce((select jsonb_agg(d.day + (x::int - 1) order by x::int) from jsonb_array_elements_text(r.value->'testDays') x), '[]'::jsonb)) as plan
        from days d join policy_rules r on r.key = case when d.f2 then 'quarantine.f2' else 'quarantine.f1' end
          and daterange(r.valid_from, r.valid_to, '[)') @> d.day)
      insert into work_items (kind, person_id, commune_code, due_from, due_to, plan, reason, source, classification_id, rule_id)
      select case rp.mode when 'concentrated' then 'quarantine_concentrated' when 'home' then 'quarantine_home' else 'self_monitoring' end,
        c.person_id, p.commune_code, c.day, c.day + greatest(rp.days - 1, 0), rp.plan,
        'F' || c.level || ' của ' || coalesce(c.code, '?') || ': ' ||
          case rp.mode when 'concentrated' then 'cách ly tập trung ' || rp.days || ' ngày'
            when 'home' then 'cách ly tại nhà ' || rp.days || ' ngày' else 'tự theo dõi sức khỏe' end || ' (' || rp.legal_ref || ')',
        'classification', c.id, rp.rule_id
      from c join rp on rp.f2 = (c.level > 1) and rp.day = c.day
      join persons p on p.id = c.person_id`.execute(db);
  });
}

/** `timings`: milliseconds per phase (lock, scope, compute, labels, merge, classifications, actions, reviews). */
export type RetraceStats = { cases: number; classified: number; changed: number; closed: number; reviews: number; loadedPersons: number; timings: Record<string, number> };

/** Recomputes the traces of the cases in scope (all active cases without a scope) and stores what changed,
 * in one transaction; one retrace at a time (advisory lock). The scope is resolved to cases inside the lock,
 * so that a retrace never misses the labels of another that committed just before. */
export async function retrace(db: Db, actor: Actor | null, scope?: TraceScope): Promise<RetraceStats> {
  const { rules, ruleIds } = await rulesInForce(db);
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => { const t = performance.now(); timings[name] = Math.round(t - t0); t0 = t; };
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${TRACE_LOCK})`.execute(tx);
    lap('lock');
    // Check-ins from memory when the index could be brought up to the table now (checkinIndex.ts), else SQL.
    const index = checkinIndexOf(db);
    const reader: CheckinReader = index && (await index.sync(tx)) ? index : null;
    timings.fromIndex = reader ? 1 : 0;
    lap('sync');
    const active = await activeCases(tx);
    const casePersons = new Set(active.map((c) => c.personId));
    const codes = new Map(active.map((c) => [c.id, c.code]));
    let target: Set<number> | null = null;
    let relinks = new Map<number, Set<number>>();
    let restays = new Map<number, Set<number>>();
    if (scope) {
      const persons = [...(scope.persons ?? [])];
      target = new Set(scope.cases ?? []);
      // New stays: the traces whose people near them sit one level above the deepest are updated in place
      // (service.relink.ts restayCases); any other trace they touch is recomputed.
      if (scope.stays?.length) {
        const near = await personsNear(tx, scope.stays, widestMargin(rules), rules.checkinDefaultMinutes, reader);
        if (near.length) {
          const plan = await planRestays(tx, rules, near);
          for (const id of plan.full) target.add(id);
          if (scope.staysChanged) for (const id of plan.restay.keys()) target.add(id);
          else restays = plan.restay;
        }
      }
      if (persons.length) {
        // New data around a person changes a trace only through the trace's subjects: its case, and its labels
        // below the deepest level (a deepest-level label passes nothing on, and the links into a person come
        // from subjects, who are in scope themselves). Most labelled people are at the deepest level.
        const touching = await sql<{ id: number }>`select distinct case_id as id from case_labels
            where person_id = any(${int8Array(persons)}::bigint[]) and level < ${rules.maxDepth}
          union select id from cases where person_id = any(${int8Array(persons)}::bigint[])`.execute(tx);
        for (const r of touching.rows) target.add(r.id);
      }
      if (scope.newCasePersons?.length) {
        const plan = await planRelinks(tx, rules, scope.newCasePersons, target);
        for (const id of plan.full) target.add(id);
        // A trace of a case no longer active is dropped by the full path.
        for (const [id] of plan.relink) if (active.some((c) => c.id === id)) relinks.set(id, plan.relink.get(id)!); else target.add(id);
      }
      // In place only when nothing else touched the trace (else recomputed; a trace of a case no longer active
      // is dropped by the full path).
      for (const id of [...restays.keys()]) {
        if (target.has(id) || relinks.has(id) || !active.some((c) => c.id === id)) { restays.delete(id); relinks.delete(id); target.add(id); }
      }
    }
    const cases = target ? active.filter((c) => target.has(c.id)) : active;
    lap('scope');
    const { traces, loadedPersons, loadMs, engineMs } = await computeTraces(tx, rules, cases, casePersons, reader);
    lap('compute');
    timings.load = loadMs;
    timings.engine = engineMs;

    // Replace the labels of the recomputed cases; the people concerned are those of the old and new labels.
    const affected = new Set<number>();
    if (target) {
      const old = await sql<{ person_id: number }>`delete from case_labels where case_id = any(${int8Array([...target])}::bigint[]) returning person_id`.execute(tx);
      for (const r of old.rows) affected.add(r.person_id);
    } else {
      await sql`truncate case_labels`.execute(tx);
      const current = await sql<{ person_id: number }>`select person_id from classifications where superseded_at is null`.execute(tx);
      for (const r of current.rows) affected.add(r.person_id);
    }
    for (const t of traces) for (const l of t.labels.values()) affected.add(l.personId);
    await insertLabels(tx, traces.flatMap((t) => [...t.labels.values()]));
    if (target) await sql`delete from case_sources where source_case_id = any(${int8Array([...target])}::bigint[])`.execute(tx);
    else await sql`truncate case_sources`.execute(tx);
    const caseOfPerson = new Map(active.map((c) => [c.personId, c.id]));
    const reached = traces.flatMap((t) => [...t.reached.values()].map((l) => ({ ...l, reachedCase: caseOfPerson.get(l.personId)! })));
    await insertSources(tx, reached);
    const activeById = new Map(active.map((c) => [c.id, c]));
    let rederived = 0;
    // Crowded stays met by the traces updated in place (the recomputed ones carry their own).
    const inPlaceReviews: CaseTrace['reviews'] = [];
    for (const [caseId, removed] of relinks) {
      const r = await relinkCase(tx, rules, activeById.get(caseId)!, removed, casePersons, caseOfPerson, reader);
      for (const p of r.affected) affected.add(p);
      inPlaceReviews.push(...r.reviews);
      rederived += r.targets;
    }
    if (restays.size) {
      const list = [...restays].map(([caseId, frontier]) => ({ c: activeById.get(caseId)!, frontier }));
      const r = await restayCases(tx, rules, list, prepareStays(scope!.stays!), casePersons, caseOfPerson, reader);
      for (const p of r.affected) affected.add(p);
      inPlaceReviews.push(...r.reviews);
      rederived += r.targets;
    }
    timings.relinked = relinks.size;
    timings.restayed = restays.size;
    timings.rederived = rederived;
    lap('labels');

    const ids = [...affected];
    const [winners, current] = await Promise.all([
      sql<Winner>`select distinct on (person_id) case_id, person_id, level, exposed_at, via_person_id, link_kind, link_ref
        from case_labels where person_id = any(${int8Array(ids)}::bigint[]) order by person_id, level, sort_key, case_id`.execute(tx).then((r) => r.rows),
      sql<Winner & { id: number }>`select id, case_id, person_id, level, exposed_at, via_person_id, link_kind, link_ref
        from classifications where superseded_at is null and person_id = any(${int8Array(ids)}::bigint[])`.execute(tx).then((r) => r.rows),
    ]);
    const byPerson = new Map(current.map((c) => [c.person_id, c]));
    const same = (a: Winner, b: Winner) => a.level === b.level && a.case_id === b.case_id && a.via_person_id === b.via_person_id
      && a.link_kind === b.link_kind && (a.link_ref ?? null) === (b.link_ref ?? null) && a.exposed_at.getTime() === b.exposed_at.getTime();
    const close: number[] = [];
    const changed: Array<Winner & { prev?: Winner & { id: number } }> = [];
    for (const w of winners) {
      const prev = byPerson.get(w.person_id);
      byPerson.delete(w.person_id);
      if (prev && same(prev, w)) continue;
      if (prev) close.push(prev.id);
      changed.push({ ...w, prev });
    }
    for (const gone of byPerson.values()) close.push(gone.id);
    lap('merge');

    // Provenance: the chain of the winning label within its case.
    const recomputed = new Map(traces.map((t) => [t.caseId, t]));
    const fromDb = await chainsFromDb(tx, changed.filter((w) => !recomputed.has(w.case_id)));
    const provenance = (w: Winner) => {
      const t = recomputed.get(w.case_id);
      const label = t?.labels.get(`${w.person_id}:${w.level}`);
      const chain = t && label ? chainIn(t, label).map(chainEntry) : fromDb.get(w.person_id) ?? [];
      return JSON.stringify({ caseCode: codes.get(w.case_id) ?? null, chain });
    };
    const now = new Date();
    // The current row of a person closes before its successor goes in (a unique index).
    if (close.length) await sql`update classifications set superseded_at = ${now} where id = any(${int8Array(close)}::bigint[])`.execute(tx);
    const inserted: Array<{ id: number; person_id: number }> = [];
    // Each statement's provenance and arrays are built while PostgreSQL writes the one before (labels.ts).
    await pipelined(Math.ceil(changed.length / 10_000), async (j) => {
      const b = changed.slice(j * 10_000, (j + 1) * 10_000);
      const q = sql<{ id: number; person_id: number }>`insert into classifications (person_id, level, case_id, exposed_at, via_person_id, link_kind, link_ref, rule_ids, provenance)
        select p, lv, c, to_timestamp(at / 1000.0), via, kind, ref, ${int8Array(ruleIds)}::bigint[], prov::jsonb
        from unnest(${int8Array(b.map((w) => w.person_id))}::bigint[], ${int4Array(b.map((w) => w.level))}::int[],
          ${int8Array(b.map((w) => w.case_id))}::bigint[], ${float8Array(b.map((w) => w.exposed_at.getTime()))}::float8[], ${int8Array(b.map((w) => w.via_person_id))}::bigint[],
          ${textArray(b.map((w) => w.link_kind))}::text[], ${int8Array(b.map((w) => w.link_ref))}::bigint[], ${textArray(b.map(provenance))}::text[]) as u(p, lv, c, at, via, kind, ref, prov)
        returning id, person_id`.execute(tx);
      inserted.push(...(await q).rows);
    });
    const newIds = new Map(inserted.map((r) => [r.person_id, r.id]));
    // A confirmation by an officer stays with a same-level replacement (the person is still that level's contact).
    const kept = changed.filter((w) => w.prev && w.prev.level === w.level);
    if (kept.length) {
      await sql`update classifications n set status = 'confirmed', confirmed_by = o.confirmed_by
        from unnest(${int8Array(kept.map((w) => w.prev!.id))}::bigint[], ${int8Array(kept.map((w) => newIds.get(w.person_id)!))}::bigint[]) as m(old_id, new_id)
        join classifications o on o.id = m.old_id
        where n.id = m.new_id and o.status = 'confirmed'`.execute(tx);
    }
    lap('classifications');
    await orderActions(tx, changed, newIds, close, codes);
    lap('actions');

    const reviews = mergeReviews([...traces, { caseId: 0, labels: new Map(), reached: new Map(), reviews: inPlaceReviews }]);
    for (let i = 0; i < reviews.length; i += 5000) {
      const b = reviews.slice(i, i + 5000);
      await sql`insert into tracing_reviews (source_person_id, case_id, venue_id, window_from, window_to, candidates, checkin_id)
        select s, c, v, to_timestamp(f / 1000.0), to_timestamp(t / 1000.0), n, k from unnest(${int8Array(b.map((r) => r.sourcePersonId))}::bigint[], ${int8Array(b.map((r) => r.caseId))}::bigint[], ${int8Array(b.map((r) => r.venueId))}::bigint[],
          ${float8Array(b.map((r) => r.stayFrom))}::float8[], ${float8Array(b.map((r) => r.stayTo))}::float8[], ${int4Array(b.map((r) => r.candidates))}::int[], ${int8Array(b.map((r) => r.checkinId))}::bigint[]) as u(s, c, v, f, t, n, k)
        on conflict (source_person_id, venue_id, window_from) do nothing`.execute(tx);
    }
    // A full retrace rewrites the derived tables: fresh statistics at once (a server with autovacuum off would
    // otherwise plan the next incremental retraces on the sizes of before; measured: merge 13 → 172 ms p50).
    if (!target) await sql`analyze case_labels, case_sources, classifications, work_items`.execute(tx);
    if (actor) {
      await audit(tx, actor, { action: 'tracing.retrace', entity: 'classification', recordCount: changed.length + close.length, details: { cases: cases.length, changed: changed.length, closed: close.length } });
    }
    lap('reviews');
    return { cases: cases.length, classified: winners.length, changed: changed.length, closed: close.length, reviews: reviews.length, loadedPersons, timings };
  });
}
