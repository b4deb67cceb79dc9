import { z } from 'zod';
import { IsoDate } from './common.ts';

export const AuditQuery = z.strictObject({
  actor: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  entity: z.string().max(50).optional(),
  entityId: z.string().max(50).optional(),
  outcome: z.enum(['ok', 'denied']).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actorUsername: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  recordCount: z.number(),
  purpose: z.string().nullable(),
  outcome: z.enum(['ok', 'denied']),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});
export const AuditList = z.object({ items: z.array(AuditEntry), hasMore: z.boolean() });

export const RetentionPolicy = z.object({
  kind: z.string(),
  labelVi: z.string(),
  labelEn: z.string(),
  daysAfterEnd: z.number().nullable(),
  maxAgeDays: z.number().nullable(),
  legalBasis: z.string(),
});
export const RetentionState = z.object({
  epidemic: z.object({ declaredOn: z.string().nullable(), endedOn: z.string().nullable() }),
  policies: z.array(RetentionPolicy),
});
export const RetentionUpdate = z.strictObject({
  daysAfterEnd: z.number().int().min(0).max(36500).nullable(),
  maxAgeDays: z.number().int().min(0).max(36500).nullable(),
});
export const EpidemicUpdate = z.strictObject({ declaredOn: IsoDate.nullable(), endedOn: IsoDate.nullable() });
export const PurgeReport = z.object({ purged: z.record(z.string(), z.number()), ranAt: z.string() });
