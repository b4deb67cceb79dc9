import { z } from 'zod';
import { CommuneCode } from './common.ts';
import { checkIdNumber, isValidIsoDate, NAME_PATTERN, normalizeName, normalizePhone } from './identity.ts';
import type { ErrorCode } from './errors.ts';

export const SEXES = ['male', 'female'] as const;
export const ID_TYPES = ['cccd', 'cmnd', 'passport'] as const;

const issue = (ctx: z.RefinementCtx, path: string, code: ErrorCode, message: string) =>
  ctx.addIssue({ code: 'custom', path: [path], message, params: { code } });

const personFields = {
  fullName: z.string().max(200),
  // Shape only here: refinePerson checks the calendar date and answers person.invalid_birth.
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').nullable().optional(),
  birthYear: z.number().int().nullable().optional(),
  sex: z.enum(SEXES).nullable().optional(),
  idType: z.enum(ID_TYPES).nullable().optional(),
  idNumber: z.string().max(40).nullable().optional(),
  phone: z.string().max(30).nullable().optional(),
  address: z.string().max(500).nullable().optional(),
  communeCode: CommuneCode,
  nationality: z.string().regex(/^[A-Z]{2}$/).default('VN'),
};

type RawPerson = {
  fullName: string;
  birthDate?: string | null;
  birthYear?: number | null;
  sex?: 'male' | 'female' | null;
  idType?: 'cccd' | 'cmnd' | 'passport' | null;
  idNumber?: string | null;
  phone?: string | null;
  address?: string | null;
  communeCode: string;
  nationality: string;
};

/** Validates and normalises a person: NFC name, 10-digit phone, consistent birth date/year, plausible CCCD. */
function refinePerson<T extends RawPerson>(p: T, ctx: z.RefinementCtx): T {
  const out = { ...p };
  out.fullName = normalizeName(p.fullName);
  // Lengths are checked again after NFC, which can lengthen a string.
  if (!out.fullName || out.fullName.length > 200 || !NAME_PATTERN.test(out.fullName)) issue(ctx, 'fullName', 'person.invalid_name', 'invalid name');
  const thisYear = new Date().getUTCFullYear();
  if (p.birthDate != null) {
    if (!isValidIsoDate(p.birthDate) || p.birthDate > new Date().toISOString().slice(0, 10) || p.birthDate < '1880-01-01') {
      issue(ctx, 'birthDate', 'person.invalid_birth', 'invalid birth date');
    } else {
      const y = Number(p.birthDate.slice(0, 4));
      if (p.birthYear != null && p.birthYear !== y) issue(ctx, 'birthYear', 'person.invalid_birth', 'birth year differs from birth date');
      out.birthYear = y;
    }
  }
  if (out.birthYear != null && (out.birthYear < 1880 || out.birthYear > thisYear)) {
    issue(ctx, 'birthYear', 'person.invalid_birth', 'invalid birth year');
  }
  if (p.phone != null && p.phone.trim() !== '') {
    const n = normalizePhone(p.phone);
    if (!n) issue(ctx, 'phone', 'person.invalid_phone', 'invalid phone');
    else out.phone = n;
  } else out.phone = null;
  const hasId = p.idNumber != null && p.idNumber.trim() !== '';
  if (hasId && !p.idType) issue(ctx, 'idType', 'person.invalid_id_number', 'identity type missing');
  if (!hasId) {
    out.idNumber = null;
    out.idType = null;
  } else if (p.idType) {
    const r = checkIdNumber(p.idType, p.idNumber!, { birthYear: out.birthYear, sex: p.sex });
    if (!r.ok) issue(ctx, 'idNumber', 'person.invalid_id_number', `invalid identity number (${r.problem})`);
    else out.idNumber = r.value;
  }
  if (p.address != null) out.address = p.address.normalize('NFC').trim() || null;
  if (out.address && out.address.length > 500) issue(ctx, 'address', 'request.invalid', 'address longer than 500 characters');
  return out;
}

export const PersonInput = z
  .strictObject({ ...personFields, confirmNotDuplicate: z.boolean().optional() })
  .transform((p, ctx) => refinePerson(p, ctx));
export type PersonInput = z.output<typeof PersonInput>;

export const PersonUpdate = z
  .strictObject({ ...personFields, version: z.number().int().positive() })
  .transform((p, ctx) => refinePerson(p, ctx));
export type PersonUpdate = z.output<typeof PersonUpdate>;

export const PersonSummary = z.object({
  id: z.number(),
  fullName: z.string(),
  birthDate: z.string().nullable(),
  birthYear: z.number().nullable(),
  sex: z.enum(SEXES).nullable(),
  idType: z.enum(ID_TYPES).nullable(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  communeCode: z.string(),
  communeName: z.string().nullable(),
  nationality: z.string(),
});
export type PersonSummary = z.infer<typeof PersonSummary>;

export const DuplicateCandidate = PersonSummary.extend({ reason: z.enum(['same_id', 'same_name_year_commune']) });
export type DuplicateCandidate = z.infer<typeof DuplicateCandidate>;

export const PersonHistoryEntry = z.object({
  version: z.number(),
  change: z.enum(['create', 'update', 'merged_into', 'absorbed']),
  data: z.record(z.string(), z.unknown()),
  otherPersonId: z.number().nullable(),
  changedAt: z.string(),
  changedBy: z.string().nullable(),
});

export const PersonDetail = PersonSummary.extend({
  version: z.number(),
  mergedInto: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  history: z.array(PersonHistoryEntry),
  duplicates: z.array(DuplicateCandidate),
});
export type PersonDetail = z.infer<typeof PersonDetail>;

export const PURPOSES = ['registry', 'tracing', 'testing', 'quarantine', 'support', 'audit'] as const;

export const PersonSearchQuery = z.strictObject({
  q: z.string().max(100).optional(),
  commune: CommuneCode.optional(),
  sex: z.enum(SEXES).optional(),
  birthYear: z.coerce.number().int().min(1880).max(2200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  purpose: z.enum(PURPOSES).optional(),
});
export type PersonSearchQuery = z.infer<typeof PersonSearchQuery>;

export const PersonSearchResult = z.object({
  items: z.array(PersonSummary),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
  totalIsEstimate: z.boolean(),
});

export const PurposeQuery = z.strictObject({ purpose: z.enum(PURPOSES).optional() });

export const DuplicateCheckBody = z.strictObject({
  fullName: z.string().max(200).optional(),
  birthYear: z.number().int().min(1880).max(2200).nullable().optional(),
  communeCode: CommuneCode.optional(),
  idType: z.enum(ID_TYPES).nullable().optional(),
  idNumber: z.string().max(40).nullable().optional(),
});
export const DuplicateList = z.object({ items: z.array(DuplicateCandidate) });

export const MergeBody = z.strictObject({ duplicateId: z.number().int().positive(), version: z.number().int().positive() });
