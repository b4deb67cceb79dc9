// Work items: what must happen to a person (quarantine, tests, monitoring), for the commune where they live.
import { z } from 'zod';
import { CommuneCode, IsoDate } from './common.ts';
import { PURPOSES } from './people.ts';

export const WORK_KINDS = ['quarantine_concentrated', 'quarantine_home', 'self_monitoring', 'test', 'interview', 'other'] as const;
export const WORK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;

export const WorkQuery = z.strictObject({
  commune: CommuneCode.optional(),
  status: z.enum(WORK_STATUSES).optional(),
  kind: z.enum(WORK_KINDS).optional(),
  dueBy: IsoDate.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  purpose: z.enum(PURPOSES).optional(),
});
export type WorkQuery = z.infer<typeof WorkQuery>;

export const WorkItem = z.object({
  id: z.number(),
  kind: z.enum(WORK_KINDS),
  personId: z.number(),
  personName: z.string().nullable(),
  communeCode: z.string(),
  dueFrom: z.string(),
  dueTo: z.string().nullable(),
  plan: z.record(z.string(), z.unknown()),
  reason: z.string(),
  source: z.string(),
  classificationId: z.number().nullable(),
  ruleId: z.number().nullable(),
  status: z.enum(WORK_STATUSES),
  statusNote: z.string().nullable(),
  createdAt: z.string(),
});
export const WorkList = z.object({ items: z.array(WorkItem), total: z.number(), counts: z.record(z.string(), z.number()) });

export const WorkUpdate = z.strictObject({
  status: z.enum(['in_progress', 'done', 'cancelled']),
  note: z.string().trim().max(1000).nullable().optional(),
});
