import { z } from 'zod';
import { isValidIsoDate } from './identity.ts';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine(isValidIsoDate, 'not a calendar date');
export const IdParam = z.strictObject({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
export const CommuneCode = z.string().regex(/^\d{5}$/);
export const Ok = z.object({ ok: z.literal(true) });

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown(),
    requestId: z.string(),
  }),
});

export const Health = z.object({
  status: z.literal('ok'),
  database: z.object({ kind: z.enum(['embedded', 'external']), version: z.string() }),
  version: z.string(),
});
