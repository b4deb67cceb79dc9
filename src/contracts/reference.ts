import { z } from 'zod';
import { IsoDate } from './common.ts';

export const UNIT_LEVELS = ['province', 'district', 'commune'] as const;

export const AdminUnit = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  level: z.enum(UNIT_LEVELS),
  parentCode: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  successors: z.array(z.object({ code: z.string(), name: z.string(), effectiveOn: z.string() })),
});
export type AdminUnit = z.infer<typeof AdminUnit>;

export const UnitQuery = z.strictObject({
  level: z.enum(UNIT_LEVELS).optional(),
  parent: z.string().regex(/^\d{2,5}$/).optional(),
  q: z.string().max(100).optional(),
  at: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export const UnitList = z.object({ items: z.array(AdminUnit) });

export const ImportReport = z.object({
  rows: z.number(),
  inserted: z.number(),
  renamed: z.number(),
  unchanged: z.number(),
  retired: z.number(),
  errors: z.array(z.object({ line: z.number(), message: z.string() })),
  byLevel: z.record(z.string(), z.number()),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportQuery = z.strictObject({ validFrom: IsoDate.optional(), dryRun: z.enum(['true', 'false']).optional() });

export const Agency = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.string(),
  communeCode: z.string().nullable(),
  aliases: z.array(z.string()),
});
export const AgencyList = z.object({ items: z.array(Agency) });

export const PolicyRule = z.object({
  id: z.number(),
  key: z.string(),
  version: z.string(),
  value: z.unknown(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  legalRef: z.string(),
  note: z.string().nullable(),
});
export type PolicyRule = z.infer<typeof PolicyRule>;
export const RuleQuery = z.strictObject({ key: z.string().max(100).optional() });
export const RuleList = z.object({ items: z.array(PolicyRule) });
export const RuleInForceQuery = z.strictObject({ key: z.string().min(1).max(100), at: IsoDate });
