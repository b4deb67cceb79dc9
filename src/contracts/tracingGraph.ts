// Transmission chains: clusters of linked cases and the graph of a cluster (cases, their F1/F2, the links),
// for the chains page. A node never carries identity beyond a name the reader may see (area scope).
import { z } from 'zod';
import { CommuneCode, IsoDate } from './common.ts';
import { PURPOSES } from './people.ts';
import { CASE_STATUSES, ChainStep } from './tracing.ts';

const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const LINK_KINDS = ['household', 'contact', 'venue'] as const;

/** Dates are Vietnamese calendar days, both ends included. */
const DateRange = {
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  commune: CommuneCode.optional(),
  purpose: z.enum(PURPOSES).optional(),
};
const fromNotAfterTo = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;

export const ClusterQuery = z.strictObject(DateRange).refine(fromNotAfterTo, { message: 'from after to', path: ['to'] });
export type ClusterQuery = z.infer<typeof ClusterQuery>;

export const ClusterSummary = z.object({
  /** The id of its earliest case (by confirmation). */
  id: z.number(),
  indexCaseCode: z.string(),
  caseCount: z.number(),
  /** Cases and the current F1/F2… of its cases. */
  personCount: z.number(),
  firstConfirmedAt: z.string(),
  lastConfirmedAt: z.string(),
  /** Communes of its cases. */
  communes: z.array(z.string()),
});
export const ClusterList = z.object({ items: z.array(ClusterSummary), truncated: z.boolean() });

export const GraphQuery = z.strictObject({
  clusterId: Id.optional(),
  caseId: Id.optional(),
  ...DateRange,
  maxLevel: z.coerce.number().int().min(1).max(9).optional(),
})
  .refine((q) => (q.clusterId === undefined) !== (q.caseId === undefined), { message: 'give clusterId or caseId', path: ['clusterId'] })
  .refine(fromNotAfterTo, { message: 'from after to', path: ['to'] });
export type GraphQuery = z.infer<typeof GraphQuery>;

export const GraphNode = z.object({
  id: z.number(),
  kind: z.enum(['case', 'contact']),
  /** 0 for cases, 1 for F1, 2 for F2… */
  level: z.number(),
  caseId: z.number(),
  caseCode: z.string().optional(),
  /** The case code, the person's name, or 'F1 #id' when the reader may not see the person. */
  label: z.string(),
  communeCode: z.string(),
  /** Confirmation (cases) or exposure (contacts). */
  date: z.string(),
  /** Outside the reader's area: no name, and the side panel is refused. */
  hidden: z.boolean(),
});
export const GraphEdge = z.object({
  source: z.number(),
  target: z.number(),
  kind: z.enum([...LINK_KINDS, 'transmission']),
  at: z.string(),
});
export const Graph = z.object({
  clusterId: z.number(),
  nodes: z.array(GraphNode),
  edges: z.array(GraphEdge),
  truncated: z.boolean(),
  counts: z.object({
    cases: z.number(),
    /** Nodes by level ('0' cases, '1' F1…). */
    byLevel: z.record(z.string(), z.number()),
    hidden: z.number(),
    edges: z.number(),
    /** Nodes matching the filters before the cap. */
    matching: z.number(),
  }),
});

export const NodeParams = z.strictObject({ personId: Id });

const PersonName = z.object({ id: z.number(), name: z.string().nullable() });
const VenueName = z.object({ id: z.number(), name: z.string() });

export const NodeDetail = z.object({
  person: z.object({ id: z.number(), fullName: z.string(), communeCode: z.string() }),
  classification: z.object({
    level: z.number(),
    caseId: z.number(),
    caseCode: z.string().nullable(),
    exposedAt: z.string(),
    viaPersonId: z.number(),
    linkKind: z.enum(LINK_KINDS),
    status: z.enum(['auto', 'confirmed']),
    computedAt: z.string(),
    chain: z.array(ChainStep),
  }).nullable(),
  case: z.object({
    id: z.number(),
    code: z.string(),
    confirmedAt: z.string(),
    infectiousFrom: z.string(),
    infectiousTo: z.string(),
    status: z.enum(CASE_STATUSES),
    f1: z.number(),
    f2: z.number(),
    /** How this case's person had been classified by an earlier case, before being confirmed. */
    source: z.object({
      caseId: z.number(),
      caseCode: z.string(),
      level: z.number(),
      viaPersonId: z.number(),
      linkKind: z.enum(LINK_KINDS),
      exposedAt: z.string(),
      chain: z.array(ChainStep),
    }).nullable(),
  }).nullable(),
  /** Names of the people on the chains: null when outside the reader's area. */
  people: z.array(PersonName),
  venues: z.array(VenueName),
});
