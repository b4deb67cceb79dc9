// Automatic F1/F2/Fn classification (pure): the definition that the database engine must reproduce.
//
// F1 = close contact of an F0 during the F0's infectious period: a household member, a recorded contact, or a
// person present at the same venue with an overlapping stay (the margin and minimum overlap depend on the
// venue kind: a closed room counts ±60 min, an open market only a stay of 15 min or more). F(n+1) = close
// contact of an Fn from the Fn's exposure until the Fn was isolated (QĐ 3638/QĐ-BYT), up to the depth rule.
// A person's level is the lowest reachable; among links of that level the earliest exposure wins (then the
// lowest via-person, link kind, reference and source stay, then the same for the via's own link and so on back to the case,
// so that the result never depends on the order data arrived). Each case is traced on its own and the traces
// merged: the database keeps each case's trace, so that new data recomputes only the cases it touches.
// A venue stay whose co-presence would classify more people than the fan-out threshold is held for review
// instead ("quá rộng — cần xem xét"). An officer's rejection of source → target removes that link.

export type Millis = number;
export type VenueRule = { contact: boolean; marginMinutes: number; minOverlapMinutes: number };
export type TraceRules = {
  venueKinds: Record<string, VenueRule>;
  fanoutThreshold: number;
  maxDepth: number;
  checkinDefaultMinutes: number;
};

export type TraceCase = { id: number; code: string; personId: number; from: Millis; to: Millis };
export type TraceCheckin = { id: number; personId: number; venueId: number; timeIn: Millis; timeOut: Millis | null };
export type TraceInput = {
  cases: TraceCase[];
  households: Array<{ id: number; members: number[] }>;
  contacts: Array<{ id: number; a: number; b: number; at: Millis }>;
  checkins: TraceCheckin[];
  venues: Array<{ id: number; kind: string }>;
  isolations: Array<{ personId: number; at: Millis }>;
  rejections: Array<{ source: number; target: number }>;
  /** Crowded stays (check-in ids) an officer reviewed and accepted: classified despite the fan-out threshold. */
  accepted?: number[];
};

export type LinkKind = 'household' | 'contact' | 'venue';
export const LINK_ORDER: Record<LinkKind, number> = { household: 0, contact: 1, venue: 2 };

/** How a person was reached from the one before them on the chain. */
export type Link = {
  kind: LinkKind;
  ref: number | null; // household id, contact id, or the target's check-in id
  via: number; // the source person
  at: Millis; // exposure time
  venueId?: number;
  sourceFrom?: Millis; // the source's stay (clipped to its window) and the target's stay, for venue links
  sourceTo?: Millis;
  targetFrom?: Millis;
  targetTo?: Millis;
};

export type Classification = { personId: number; level: number; caseId: number; link: Link };
/** A stay too crowded to classify automatically: who, where, when (the whole stay), how many were there. */
export type Review = { sourcePersonId: number; caseId: number; venueId: number; checkinId: number; stayFrom: Millis; stayTo: Millis; candidates: number };
/** `labels` holds the labels on the chains of the classifications (`${person}:${level}`); `traces` each case's. */
export type TraceResult = { classifications: Map<number, Classification>; reviews: Review[]; labels?: Map<string, Classification>; traces?: Map<number, CaseTrace> };

const MIN = 60_000;

/** Lexicographic order of two candidate links for the same person at the same level. */
export function better(a: Link, b: Link): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.via !== b.via) return a.via < b.via;
  if (a.kind !== b.kind) return LINK_ORDER[a.kind] < LINK_ORDER[b.kind];
  if ((a.ref ?? -1) !== (b.ref ?? -1)) return (a.ref ?? -1) < (b.ref ?? -1);
  if ((a.sourceFrom ?? -1) !== (b.sourceFrom ?? -1)) return (a.sourceFrom ?? -1) < (b.sourceFrom ?? -1);
  return (a.sourceTo ?? -1) < (b.sourceTo ?? -1);
}

/** The order of links: exposure, via-person, kind, reference, then the source's stay (two stays of the source at
 * the same venue can reach the same check-in). */
export const hopKey = (l: Link) => [l.at, l.via, LINK_ORDER[l.kind], l.ref ?? -1, l.sourceFrom ?? -1, l.sourceTo ?? -1];

export function checkinEnd(c: TraceCheckin, rules: TraceRules): Millis {
  return c.timeOut ?? c.timeIn + rules.checkinDefaultMinutes * MIN;
}

export function venueRule(rules: TraceRules, kind: string | undefined): VenueRule {
  return rules.venueKinds[kind ?? 'other'] ?? rules.venueKinds.other ?? { contact: true, marginMinutes: 60, minOverlapMinutes: 0 };
}

/** Whether another stay overlaps a source's stay [s, e] closely enough under the venue's rule, and from when:
 * the exposure is never before `notBefore` (the start of the source's window), so exposures along a chain
 * never go back in time. */
export function venueOverlap(rule: VenueRule, s: Millis, e: Millis, from: Millis, to: Millis, notBefore = -Infinity): Millis | null {
  if (!rule.contact) return null;
  const lo = s - rule.marginMinutes * MIN;
  const hi = e + rule.marginMinutes * MIN;
  const overlap = Math.min(hi, to) - Math.max(lo, from);
  if (overlap < 0 || overlap < rule.minOverlapMinutes * MIN) return null;
  return Math.max(lo, from, notBefore);
}

type Subject = { personId: number; caseId: number; from: Millis; to: Millis; level: number };

/** Edges out of one subject (a person with an infectious/exposure window), using indexes of the input. */
function edgesFrom(
  subj: Subject,
  ix: Index,
  rules: TraceRules,
  review: (r: Review) => void,
  emit: (target: number, link: Link) => void,
): void {
  const rejected = ix.rejected.get(subj.personId);
  const ok = (t: number) => t !== subj.personId && !rejected?.has(t);
  const hh = ix.householdOf.get(subj.personId);
  if (hh) for (const m of hh.members) if (ok(m)) emit(m, { kind: 'household', ref: hh.id, via: subj.personId, at: subj.from });
  for (const c of ix.contactsOf.get(subj.personId) ?? []) {
    const other = c.a === subj.personId ? c.b : c.a;
    if (c.at >= subj.from && c.at <= subj.to && ok(other)) emit(other, { kind: 'contact', ref: c.id, via: subj.personId, at: c.at });
  }
  for (const k of ix.checkinsOf.get(subj.personId) ?? []) {
    const s = Math.max(k.timeIn, subj.from);
    const e = Math.min(checkinEnd(k, rules), subj.to);
    if (s > e) continue;
    const rule = venueRule(rules, ix.venueKind.get(k.venueId));
    // "Too broad" is a property of the stay (how many were there), not of the window that reached it.
    const crowd = crowdOf(k, ix, rules);
    if (crowd > rules.fanoutThreshold && !ix.accepted.has(k.id)) {
      review({ sourcePersonId: subj.personId, caseId: subj.caseId, venueId: k.venueId, checkinId: k.id, stayFrom: k.timeIn, stayTo: checkinEnd(k, rules), candidates: crowd });
      continue;
    }
    // Links from one stay differ only in time and target check-in: the best per person is the earliest, then the
    // lowest check-in id (what better() would choose), and a Link is made only for that one.
    const best = new Map<number, TraceCheckin>();
    const bestAt = new Map<number, Millis>();
    const list = ix.checkinsAt.get(k.venueId)!;
    const hi = e + rule.marginMinutes * MIN;
    for (let i = firstNear(ix, k.venueId, s - rule.marginMinutes * MIN); i < list.length && list[i]!.timeIn <= hi; i++) {
      const j = list[i]!;
      if (!ok(j.personId)) continue;
      const at = venueOverlap(rule, s, e, j.timeIn, checkinEnd(j, rules), subj.from);
      if (at === null) continue;
      const prevAt = bestAt.get(j.personId);
      if (prevAt !== undefined && (prevAt < at || (prevAt === at && best.get(j.personId)!.id < j.id))) continue;
      best.set(j.personId, j);
      bestAt.set(j.personId, at);
    }
    for (const [target, j] of best) {
      emit(target, { kind: 'venue', ref: j.id, via: subj.personId, at: bestAt.get(target)!, venueId: k.venueId, sourceFrom: s, sourceTo: e, targetFrom: j.timeIn, targetTo: checkinEnd(j, rules) });
    }
  }
}

/** How many other people were close to a stay under the venue's rule (cached per check-in). */
function crowdOf(k: TraceCheckin, ix: Index, rules: TraceRules): number {
  const cached = ix.crowd.get(k.id);
  if (cached !== undefined) return cached;
  const rule = venueRule(rules, ix.venueKind.get(k.venueId));
  const end = checkinEnd(k, rules);
  const people = new Set<number>();
  const list = ix.checkinsAt.get(k.venueId)!;
  const hi = end + rule.marginMinutes * MIN;
  for (let i = firstNear(ix, k.venueId, k.timeIn - rule.marginMinutes * MIN); i < list.length && list[i]!.timeIn <= hi; i++) {
    const j = list[i]!;
    if (j.personId !== k.personId && venueOverlap(rule, k.timeIn, end, j.timeIn, checkinEnd(j, rules)) !== null) people.add(j.personId);
  }
  ix.crowd.set(k.id, people.size);
  return people.size;
}

/** The first of a venue's check-ins (sorted by time in) that can overlap a range starting at lo: the first that
 * began no earlier than lo minus the venue's longest stay (binary search). Callers stop at the range's end. */
function firstNear(ix: Index, venueId: number, lo: Millis): number {
  const at = ix.checkinsAt.get(venueId)!;
  const from = lo - (ix.longestStay.get(venueId) ?? 0);
  let a = 0;
  let b = at.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (at[m]!.timeIn < from) a = m + 1;
    else b = m;
  }
  return a;
}

type Index = {
  householdOf: Map<number, { id: number; members: number[] }>;
  contactsOf: Map<number, TraceInput['contacts']>;
  checkinsOf: Map<number, TraceCheckin[]>;
  checkinsAt: Map<number, TraceCheckin[]>;
  venueKind: Map<number, string>;
  isolatedAt: Map<number, Millis>;
  rejected: Map<number, Set<number>>;
  accepted: Set<number>;
  crowd: Map<number, number>;
  longestStay: Map<number, Millis>;
};

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

function index(input: TraceInput, rules: TraceRules): Index {
  const ix: Index = {
    householdOf: new Map(), contactsOf: new Map(), checkinsOf: new Map(), checkinsAt: new Map(),
    venueKind: new Map(input.venues.map((v) => [v.id, v.kind])), isolatedAt: new Map(), rejected: new Map(), accepted: new Set(input.accepted ?? []), crowd: new Map(),
    longestStay: new Map(),
  };
  for (const h of input.households) for (const m of h.members) ix.householdOf.set(m, h);
  for (const c of input.contacts) {
    push(ix.contactsOf, c.a, c);
    push(ix.contactsOf, c.b, c);
  }
  for (const k of input.checkins) {
    push(ix.checkinsOf, k.personId, k);
    push(ix.checkinsAt, k.venueId, k);
    const len = checkinEnd(k, rules) - k.timeIn;
    if (len > (ix.longestStay.get(k.venueId) ?? -1)) ix.longestStay.set(k.venueId, len);
  }
  for (const list of ix.checkinsAt.values()) list.sort((x, y) => x.timeIn - y.timeIn || x.id - y.id);
  for (const i of input.isolations) ix.isolatedAt.set(i.personId, Math.min(i.at, ix.isolatedAt.get(i.personId) ?? Infinity));
  for (const r of input.rejections) {
    const s = ix.rejected.get(r.source) ?? new Set<number>();
    s.add(r.target);
    ix.rejected.set(r.source, s);
  }
  return ix;
}

/** The earliest exposure of a person at one level within one case's trace (a label). A person keeps a label
 * per level only while it is earlier than every label at a lower level: a later exposure at a higher level
 * opens no window that a lower one has not opened already. Every label opens a window. `key` orders labels of
 * the same person and level (from any case): the link's (time, via, kind, reference), then the key of the
 * via's label — the chain compared from its last hop back to the case. */
export type Label = { personId: number; level: number; caseId: number; link: Link; key: number[] };

/** The trace of one case: its labels (`${person}:${level}`) and the crowded stays it reached. */
/** `reached`: the people of other cases this case reached (their best label, never propagated): the
 * transmission links between cases, whatever order the cases were recorded in. */
export type CaseTrace = { caseId: number; labels: Map<string, Label>; reviews: Array<Review & { level: number; key: number[] }>; reached: Map<number, Label> };


/** Lexicographic comparison of two keys (number arrays). */
export function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length;
}

/** Level-synchronous breadth-first trace of one case over non-dominated (level, exposure) labels. No person
 * who is a case (of any case in `casePersons`) is ever labelled. */
function traceOne(c: TraceCase, ix: Index, rules: TraceRules, casePersons: ReadonlySet<number>): CaseTrace {
  const earliest = new Map<number, Millis>(); // the earliest exposure over a person's labels so far
  const labels = new Map<string, Label>();
  const reviews: CaseTrace['reviews'] = [];
  const reached = new Map<number, Label>();
  let frontier: Array<Subject & { key: number[] }> = [{ personId: c.personId, caseId: c.id, from: c.from, to: c.to, level: 0, key: [] }];
  for (let level = 1; level <= rules.maxDepth && frontier.length; level++) {
    const best = new Map<number, { link: Link; key: number[] }>();
    for (const subj of frontier) {
      edgesFrom(subj, ix, rules, (r) => reviews.push({ ...r, level: subj.level, key: subj.key }), (target, link) => {
        if (casePersons.has(target)) {
          if (target === c.personId) return;
          const prev = reached.get(target);
          if (!prev || (prev.level === level && better(link, prev.link))) reached.set(target, { personId: target, level, caseId: c.id, link, key: [...hopKey(link), ...subj.key] });
          return;
        }
        if (link.at >= (earliest.get(target) ?? Infinity)) return; // dominated by a lower level
        const prev = best.get(target);
        if (!prev || better(link, prev.link)) best.set(target, { link, key: subj.key });
      });
    }
    frontier = [];
    for (const [personId, { link, key }] of [...best].sort((a, b) => a[0] - b[0])) {
      const label: Label = { personId, level, caseId: c.id, link, key: [...hopKey(link), ...key] };
      labels.set(`${personId}:${level}`, label);
      earliest.set(personId, link.at);
      frontier.push({ personId, caseId: c.id, from: link.at, to: ix.isolatedAt.get(personId) ?? Infinity, level, key: label.key });
    }
  }
  return { caseId: c.id, labels, reviews, reached };
}

/** One level of one case's trace again, for some people only: the best link at `level` to each of `targets`
 * from the case's labels one level up (`frontier`: person, exposure, key), exactly as traceOne chooses it —
 * a label for an ordinary target (unless dominated by its earliest label at a lower level, `earliest`), a
 * reached entry for a target who is a case. The input needs only the targets' neighbourhood (every link into
 * them) and the crowds of the frontier's stays there. Used when people of a trace became cases and only the
 * deepest level, which passes nothing on, lost the links through them (service.relink.ts). */
export function relinkLevel(
  input: TraceInput, rules: TraceRules, caseId: number, level: number,
  frontier: ReadonlyArray<{ personId: number; from: Millis; key: number[] }>, targets: ReadonlySet<number>,
  casePersons: ReadonlySet<number>, earliest: ReadonlyMap<number, Millis>,
): { labels: Label[]; reached: Label[]; reviews: CaseTrace['reviews'] } {
  const ix = index(input, rules);
  const best = new Map<number, { link: Link; key: number[] }>();
  const reached = new Map<number, Label>();
  const reviews: CaseTrace['reviews'] = [];
  for (const f of frontier) {
    const subj: Subject = { personId: f.personId, caseId, from: f.from, to: ix.isolatedAt.get(f.personId) ?? Infinity, level: level - 1 };
    edgesFrom(subj, ix, rules, (r) => reviews.push({ ...r, level: level - 1, key: f.key }), (target, link) => {
      if (!targets.has(target)) return;
      if (casePersons.has(target)) {
        const prev = reached.get(target);
        if (!prev || better(link, prev.link)) reached.set(target, { personId: target, level, caseId, link, key: [...hopKey(link), ...f.key] });
        return;
      }
      if (link.at >= (earliest.get(target) ?? Infinity)) return;
      const prev = best.get(target);
      if (!prev || better(link, prev.link)) best.set(target, { link, key: f.key });
    });
  }
  const labels = [...best].map(([personId, { link, key }]) => ({ personId, level, caseId, link, key: [...hopKey(link), ...key] }));
  return { labels, reached: [...reached.values()], reviews };
}

/** The traces of `cases` (default: all of the input's), each computed on its own. `casePersons` are the people
 * who are cases (default: those of the input), never labelled. */
export function traceCases(input: TraceInput, rules: TraceRules, cases = input.cases, casePersons: ReadonlySet<number> = new Set(input.cases.map((c) => c.personId))): CaseTrace[] {
  const ix = index(input, rules);
  return [...cases].sort((a, b) => a.id - b.id).map((c) => traceOne(c, ix, rules, casePersons));
}

/** A person's classification is their best label over all cases: the lowest level, then the smallest key (the
 * best chain), then the lowest case. A crowded stay is reported once, for the best label that reached it. */
export function mergeTraces(traces: readonly CaseTrace[]): TraceResult {
  const out = new Map<number, Label>();
  const labels = new Map<string, Label>();
  for (const t of traces) {
    for (const l of t.labels.values()) {
      const prev = out.get(l.personId);
      if (!prev || l.level < prev.level || (l.level === prev.level && (compareKeys(l.key, prev.key) || l.caseId - prev.caseId) < 0)) out.set(l.personId, l);
    }
  }
  const byCase = new Map(traces.map((t) => [t.caseId, t]));
  const classifications = new Map<number, Classification>();
  for (const [p, l] of [...out].sort((a, b) => a[0] - b[0])) {
    classifications.set(p, { personId: p, level: l.level, caseId: l.caseId, link: l.link });
    for (const x of chainIn(byCase.get(l.caseId)!, l)) labels.set(`${x.personId}:${x.level}`, x);
  }
  return { classifications, reviews: mergeReviews(traces), labels, traces: byCase };
}

/** Each crowded stay once, named by the best label that reached it (lowest level, key, case). */
export function mergeReviews(traces: readonly CaseTrace[]): Review[] {
  const stays = new Map<number, CaseTrace['reviews'][number]>();
  for (const t of traces) {
    for (const r of t.reviews) {
      const prev = stays.get(r.checkinId);
      if (!prev || r.level < prev.level || (r.level === prev.level && (compareKeys(r.key, prev.key) || r.caseId - prev.caseId) < 0)) stays.set(r.checkinId, r);
    }
  }
  return [...stays.values()].sort((a, b) => a.checkinId - b.checkinId)
    .map(({ sourcePersonId, caseId, venueId, checkinId, stayFrom, stayTo, candidates }) => ({ sourcePersonId, caseId, venueId, checkinId, stayFrom, stayTo, candidates }));
}

/** Classification of everyone reachable from the input's cases. */
export function classify(input: TraceInput, rules: TraceRules): TraceResult {
  return mergeTraces(traceCases(input, rules));
}

/** The chain of labels of one case from level 1 to `label`. */
export function chainIn(trace: CaseTrace, label: Label): Label[] {
  const chain: Label[] = [label];
  for (let l = label; l.level > 1;) {
    l = trace.labels.get(`${l.link.via}:${l.level - 1}`)!;
    chain.unshift(l);
  }
  return chain;
}

/** The chain from the case to a classified person: one entry per level, each with the link that reached it. */
export function chainOf(result: TraceResult, personId: number): Classification[] {
  const c = result.classifications.get(personId);
  if (!c) return [];
  const trace = result.traces?.get(c.caseId);
  const label = trace?.labels.get(`${personId}:${c.level}`);
  return trace && label ? chainIn(trace, label) : [c];
}
