// Transmission chains between cases, and the graph of a chain for the chains page.
//
// A case's source is the other case whose trace reaches its person best (lowest level, then the best chain),
// kept by the engine in case_sources whatever order the cases were recorded in (a case person is reached but
// never labelled): that is the transmission link. Contacts go both ways, so a source must have become
// infectious before the case it infected (then the lower id): links point forward in time and chains have no cycles. A cluster is a connected component of cases under these links, found in
// memory with a union-find over all active cases (one indexed lookup per case, a few thousand at most): a
// recursive CTE would have to walk the links in both directions and dedupe its own cycles, for no gain.
//
// The graph of a cluster: its cases and the current F1/F2… of its cases (one set-based query), the links that
// reached them, and the transmissions between cases. Each person has one current classification and a case
// person none, so every node has at most one incoming edge. Names are shown only for people in the reader's
// area; everyone else is 'F1 #id', and never an address, phone or identity number.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { inArea, type Actor } from '../../platform/context.ts';
import { audit, auditRead } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { vnDayStart } from '../../platform/time.ts';

const DAY = 86_400_000;
/** A graph stops at this many nodes (cases first, then contacts by level and exposure) and says it was cut. */
export const MAX_GRAPH_NODES = 20_000;
const MAX_CLUSTERS = 1000;

type LinkKind = 'household' | 'contact' | 'venue';
type Filters = { from?: string; to?: string; commune?: string };

/** An active case and the classification that linked it to an earlier case (nulls when none). */
type CaseLink = {
  id: number;
  code: string;
  person_id: number;
  confirmed_at: Date;
  commune_code: string;
  source_case_id: number | null;
  source_level: number | null;
  via_person_id: number | null;
  link_kind: LinkKind | null;
  link_at: Date | null;
};

async function caseLinks(db: Db): Promise<CaseLink[]> {
  const r = await sql<CaseLink>`
    select c.id, c.code, c.person_id, c.confirmed_at, p.commune_code,
      s.case_id as source_case_id, s.level as source_level, s.via_person_id, s.link_kind, s.exposed_at as link_at
    from cases c
    join persons p on p.id = c.person_id
    left join lateral (
      select k.source_case_id as case_id, k.level, k.via_person_id, k.link_kind, k.exposed_at
      from case_sources k join cases sc on sc.id = k.source_case_id
      where k.case_id = c.id and sc.status <> 'withdrawn'
        and (sc.infectious_from, sc.id) < (c.infectious_from, c.id)
      order by k.level, k.sort_key, k.source_case_id limit 1
    ) s on true
    where c.status <> 'withdrawn'`.execute(db);
  return r.rows;
}

/** The cluster of each case: the id of the earliest case (by confirmation, then id) of its connected
 * component, cases linked to their source case. Links to cases not in the list are ignored. */
export function groupClusters(cases: ReadonlyArray<{ id: number; confirmedAt: number; sourceCaseId: number | null }>): Map<number, number> {
  const parent = new Map<number, number>(cases.map((c) => [c.id, c.id]));
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    while (x !== root) { const next = parent.get(x)!; parent.set(x, root); x = next; }
    return root;
  };
  for (const c of cases) {
    if (c.sourceCaseId === null || !parent.has(c.sourceCaseId)) continue;
    const a = find(c.id);
    const b = find(c.sourceCaseId);
    if (a !== b) parent.set(a, b);
  }
  const earliest = new Map<number, { id: number; at: number }>();
  for (const c of cases) {
    const root = find(c.id);
    const e = earliest.get(root);
    if (!e || c.confirmedAt < e.at || (c.confirmedAt === e.at && c.id < e.id)) earliest.set(root, { id: c.id, at: c.confirmedAt });
  }
  return new Map(cases.map((c) => [c.id, earliest.get(find(c.id))!.id]));
}

const clustersOf = (links: CaseLink[]) =>
  groupClusters(links.map((c) => ({ id: c.id, confirmedAt: c.confirmed_at.getTime(), sourceCaseId: c.source_case_id })));

/** [from, to) of the Vietnamese days of a filter (both ends included). */
function dayRange(f: Filters): { lo: Date | null; hi: Date | null } {
  return { lo: f.from ? vnDayStart(f.from) : null, hi: f.to ? new Date(vnDayStart(f.to).getTime() + DAY) : null };
}

function matches(f: Filters, at: Date, commune: string): boolean {
  const { lo, hi } = dayRange(f);
  return (!lo || at >= lo) && (!hi || at < hi) && (!f.commune || commune === f.commune);
}

/** Clusters having at least one case confirmed in the date range and in the commune (when given); the
 * figures are those of the whole cluster. Latest activity first. No names: codes, counts, dates, communes. */
export async function clusters(db: Db, actor: Actor, filters: Filters & { purpose?: string }) {
  const [links, counts] = await Promise.all([
    caseLinks(db),
    sql<{ case_id: number; n: number }>`select case_id, count(*)::int as n from classifications where superseded_at is null group by case_id`
      .execute(db).then((r) => new Map(r.rows.map((x) => [x.case_id, x.n]))),
  ]);
  const clusterOf = clustersOf(links);
  const byCluster = new Map<number, CaseLink[]>();
  for (const c of links) {
    const id = clusterOf.get(c.id)!;
    const list = byCluster.get(id);
    if (list) list.push(c);
    else byCluster.set(id, [c]);
  }
  const items = [...byCluster].filter(([, cs]) => cs.some((c) => matches(filters, c.confirmed_at, c.commune_code))).map(([id, cs]) => {
    const times = cs.map((c) => c.confirmed_at.getTime());
    return {
      id,
      indexCaseCode: cs.find((c) => c.id === id)!.code,
      caseCount: cs.length,
      personCount: cs.length + cs.reduce((n, c) => n + (counts.get(c.id) ?? 0), 0),
      firstConfirmedAt: new Date(Math.min(...times)).toISOString(),
      lastConfirmedAt: new Date(Math.max(...times)).toISOString(),
      communes: [...new Set(cs.map((c) => c.commune_code))].sort(),
    };
  }).sort((a, b) => b.lastConfirmedAt.localeCompare(a.lastConfirmedAt) || b.caseCount - a.caseCount || a.id - b.id);
  const shown = items.slice(0, MAX_CLUSTERS);
  await auditRead(db, actor, {
    action: 'tracing.clusters', entity: 'cluster', recordCount: shown.length, purpose: filters.purpose ?? 'tracing',
    details: { filters: { from: filters.from ?? null, to: filters.to ?? null, commune: filters.commune ?? null } },
  });
  return { items: shown, truncated: items.length > shown.length };
}

type ContactRow = {
  person_id: number;
  level: number;
  case_id: number;
  via_person_id: number;
  link_kind: LinkKind;
  exposed_at: Date;
  commune_code: string;
  name: string | null;
  matching: number;
};

export type GraphRequest = Filters & { clusterId?: number; caseId?: number; maxLevel?: number; purpose?: string; maxNodes?: number };

/** The graph of the cluster of `clusterId` (or of the cluster holding `caseId`; any case id of a cluster
 * works for either). Filters keep the nodes that match them (cases by confirmation, contacts by exposure, both
 * by commune; contacts up to `maxLevel`); edges join the nodes kept. */
export async function clusterGraph(db: Db, actor: Actor, q: GraphRequest) {
  const links = await caseLinks(db);
  const clusterOf = clustersOf(links);
  const wanted = q.clusterId ?? q.caseId ?? 0;
  const clusterId = clusterOf.get(wanted);
  if (clusterId === undefined) throw notFound('tracing.case_not_found', { id: wanted });
  const members = links.filter((c) => clusterOf.get(c.id) === clusterId);
  const cap = q.maxNodes ?? MAX_GRAPH_NODES;
  const matchingCases = members.filter((c) => matches(q, c.confirmed_at, c.commune_code))
    .sort((a, b) => a.confirmed_at.getTime() - b.confirmed_at.getTime() || a.id - b.id);
  const caseNodes = matchingCases.slice(0, cap);

  // Names come back only for the reader's area: the rest never leave the database.
  const { lo, hi } = dayRange(q);
  const province = actor.areaScope === 'province';
  const contacts = (await sql<ContactRow>`
    select k.person_id, k.level, k.case_id, k.via_person_id, k.link_kind, k.exposed_at, p.commune_code,
      case when ${province} or p.commune_code = any(${[...actor.areaCommunes]}::text[]) then p.full_name end as name,
      count(*) over ()::int as matching
    from classifications k
    join persons p on p.id = k.person_id
    where k.superseded_at is null and k.case_id = any(${members.map((c) => c.id)}::bigint[]) and k.level <= ${q.maxLevel ?? 9}
      and (${lo}::timestamptz is null or k.exposed_at >= ${lo}) and (${hi}::timestamptz is null or k.exposed_at < ${hi})
      and (${q.commune ?? null}::text is null or p.commune_code = ${q.commune ?? null})
    order by k.level, k.exposed_at, k.person_id
    limit ${Math.max(0, cap - caseNodes.length) + 1}`.execute(db)).rows;
  const matching = matchingCases.length + (contacts[0]?.matching ?? 0);
  const truncated = matching > cap;
  if (contacts.length > cap - caseNodes.length) contacts.length = Math.max(0, cap - caseNodes.length);

  const nodes = [
    ...caseNodes.map((c) => ({
      id: c.person_id, kind: 'case' as const, level: 0, caseId: c.id, caseCode: c.code, label: c.code, communeCode: c.commune_code,
      date: c.confirmed_at.toISOString(), hidden: !inArea(actor, c.commune_code),
    })),
    ...contacts.map((k) => ({
      id: k.person_id, kind: 'contact' as const, level: k.level, caseId: k.case_id, label: k.name ?? `F${k.level} #${k.person_id}`,
      communeCode: k.commune_code, date: k.exposed_at.toISOString(), hidden: k.name === null,
    })),
  ];
  const present = new Set(nodes.map((n) => n.id));
  const edges: Array<{ source: number; target: number; kind: LinkKind | 'transmission'; at: string }> = [];
  for (const k of contacts) {
    if (present.has(k.via_person_id)) edges.push({ source: k.via_person_id, target: k.person_id, kind: k.link_kind, at: k.exposed_at.toISOString() });
  }
  const personOfCase = new Map(members.map((c) => [c.id, c.person_id]));
  for (const c of caseNodes) {
    const sourcePerson = c.source_case_id === null ? undefined : personOfCase.get(c.source_case_id);
    if (sourcePerson === undefined) continue;
    // From the person who exposed them when they are in the graph (an F1 of the source case), else from the case.
    const from = c.via_person_id !== null && present.has(c.via_person_id) ? c.via_person_id : sourcePerson;
    if (from !== c.person_id && present.has(from)) edges.push({ source: from, target: c.person_id, kind: 'transmission', at: c.link_at!.toISOString() });
  }

  const byLevel: Record<string, number> = {};
  for (const n of nodes) byLevel[n.level] = (byLevel[n.level] ?? 0) + 1;
  const named = nodes.filter((n) => n.kind === 'contact' && !n.hidden).map((n) => n.id);
  await auditRead(db, actor, {
    action: 'tracing.graph', entity: 'cluster', entityId: clusterId, recordCount: nodes.length, purpose: q.purpose ?? 'tracing',
    details: {
      caseId: q.caseId ?? null, truncated, hidden: nodes.filter((n) => n.hidden).length, ids: named,
      filters: { from: q.from ?? null, to: q.to ?? null, commune: q.commune ?? null, maxLevel: q.maxLevel ?? null },
    },
  });
  return {
    clusterId, nodes, edges, truncated,
    counts: { cases: caseNodes.length, byLevel, hidden: nodes.filter((n) => n.hidden).length, edges: edges.length, matching },
  };
}

type Step = { level: number; personId: number; kind: LinkKind; via: number; at: number; ref: number | null; venueId?: number };
const chainOf = (provenance: unknown): Step[] => ((provenance as { chain?: Step[] } | null)?.chain ?? []);

/** The side panel of a node: the person (refused outside the reader's area, and the refusal audited), their
 * current classification with its chain, and their case with the classification that linked it to an earlier
 * case. People on the chains are named only inside the reader's area. */
export async function nodeDetail(db: Db, actor: Actor, personId: number, purpose?: string) {
  const person = await db.selectFrom('persons').select(['id', 'full_name', 'commune_code']).where('id', '=', personId).executeTakeFirst();
  if (!person) throw notFound('person.not_found', { id: personId });
  if (!inArea(actor, person.commune_code)) {
    await audit(db, actor, { action: 'tracing.node', entity: 'person', entityId: personId, outcome: 'denied', details: { reason: 'outside_area' } });
    throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { personId } });
  }
  const [current, kase] = await Promise.all([
    db.selectFrom('classifications').selectAll().where('person_id', '=', personId).where('superseded_at', 'is', null).executeTakeFirst(),
    db.selectFrom('cases').selectAll().where('person_id', '=', personId).where('status', '<>', 'withdrawn').executeTakeFirst(),
  ]);
  const [source, counts] = kase
    ? await Promise.all([
      sql<{ case_id: number; code: string; level: number; via_person_id: number; link_kind: LinkKind; exposed_at: Date; provenance: unknown }>`
        select k.case_id, c.code, k.level, k.via_person_id, k.link_kind, k.exposed_at, k.provenance
        from classifications k join cases c on c.id = k.case_id
        where k.person_id = ${personId} and k.case_id <> ${kase.id} and c.status <> 'withdrawn'
        order by k.id desc limit 1`.execute(db).then((r) => r.rows[0]),
      sql<{ level: number; n: number }>`select level, count(*)::int as n from classifications
        where case_id = ${kase.id} and superseded_at is null group by level`.execute(db).then((r) => new Map(r.rows.map((x) => [x.level, x.n]))),
    ])
    : [undefined, new Map<number, number>()];

  const chain = chainOf(current?.provenance);
  const sourceChain = chainOf(source?.provenance);
  const steps = [...chain, ...sourceChain];
  const others = [...new Set([...steps.flatMap((s) => [s.personId, s.via]), ...(current ? [current.via_person_id] : []), ...(source ? [source.via_person_id] : [])])]
    .filter((id) => id !== personId);
  const venueIds = [...new Set(steps.flatMap((s) => (s.venueId === undefined ? [] : [s.venueId])))];
  const [people, venues] = await Promise.all([
    others.length
      ? db.selectFrom('persons').select(['id', 'full_name', 'commune_code']).where(sql<boolean>`id = any(${others}::bigint[])`).execute()
      : Promise.resolve([]),
    venueIds.length
      ? db.selectFrom('venues').select(['id', 'name']).where(sql<boolean>`id = any(${venueIds}::bigint[])`).orderBy('id').execute()
      : Promise.resolve([]),
  ]);
  const shown = people.filter((p) => inArea(actor, p.commune_code));
  const nameOf = new Map(shown.map((p) => [p.id, p.full_name]));
  await auditRead(db, actor, {
    action: 'tracing.node', entity: 'person', entityId: personId, recordCount: 1 + shown.length, purpose: purpose ?? 'tracing',
    details: { ids: shown.map((p) => p.id) },
  });
  return {
    person: { id: person.id, fullName: person.full_name, communeCode: person.commune_code },
    classification: current ? {
      level: current.level, caseId: current.case_id, caseCode: (current.provenance as { caseCode?: string | null }).caseCode ?? null,
      exposedAt: current.exposed_at.toISOString(), viaPersonId: current.via_person_id, linkKind: current.link_kind as LinkKind,
      status: current.status as 'auto' | 'confirmed', computedAt: current.computed_at.toISOString(), chain,
    } : null,
    case: kase ? {
      id: kase.id, code: kase.code, confirmedAt: kase.confirmed_at.toISOString(), infectiousFrom: kase.infectious_from.toISOString(),
      infectiousTo: kase.infectious_to.toISOString(), status: kase.status as 'treatment', f1: counts.get(1) ?? 0, f2: counts.get(2) ?? 0,
      source: source ? {
        caseId: source.case_id, caseCode: source.code, level: source.level, viaPersonId: source.via_person_id, linkKind: source.link_kind,
        exposedAt: source.exposed_at.toISOString(), chain: sourceChain,
      } : null,
    } : null,
    people: others.sort((a, b) => a - b).map((id) => ({ id, name: nameOf.get(id) ?? null })),
    venues,
  };
}
