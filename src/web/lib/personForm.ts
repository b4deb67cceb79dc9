// Pure logic of the person form: text inputs ⇄ PersonInput, client validation with the shared zod schema,
// and the partial body of the "possible duplicates" check. Field errors are kept as codes (API error codes
// or catalogue keys) so that they follow a language switch.
import type { z } from 'zod';
import { PersonInput, type PersonDetail } from '../../contracts/people.ts';
import type { IdType, Sex } from '../../contracts/identity.ts';

export interface PersonFormValues {
  fullName: string;
  birthDate: string;
  birthYear: string;
  sex: '' | Sex;
  idType: IdType;
  idNumber: string;
  phone: string;
  address: string;
  communeCode: string;
  nationality: string;
}
export type PersonField = keyof PersonFormValues;
export type FieldErrors = Partial<Record<PersonField, string>>;

export const PERSON_FIELDS: readonly PersonField[] = [
  'fullName', 'birthDate', 'birthYear', 'sex', 'idType', 'idNumber', 'phone', 'address', 'communeCode', 'nationality',
];

export function emptyPersonForm(communeCode = ''): PersonFormValues {
  return {
    fullName: '', birthDate: '', birthYear: '', sex: '', idType: 'cccd', idNumber: '', phone: '', address: '',
    communeCode, nationality: 'VN',
  };
}

export function personToForm(p: PersonDetail): PersonFormValues {
  return {
    fullName: p.fullName,
    birthDate: p.birthDate ?? '',
    birthYear: p.birthYear == null ? '' : String(p.birthYear),
    sex: p.sex ?? '',
    idType: p.idType ?? 'cccd',
    idNumber: p.idNumber ?? '',
    phone: p.phone ?? '',
    address: p.address ?? '',
    communeCode: p.communeCode,
    nationality: p.nationality || 'VN',
  };
}

const blankToNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());

/** The raw JSON the form stands for (before the schema's normalisation). */
export function formToRaw(v: PersonFormValues): Record<string, unknown> {
  const year = v.birthYear.trim();
  const idNumber = blankToNull(v.idNumber);
  return {
    fullName: v.fullName,
    birthDate: blankToNull(v.birthDate),
    // A non-numeric year becomes NaN so the schema rejects it rather than silently dropping it.
    birthYear: year === '' ? null : /^\d+$/.test(year) ? Number(year) : Number.NaN,
    sex: v.sex === '' ? null : v.sex,
    idType: idNumber === null ? null : v.idType,
    idNumber,
    phone: blankToNull(v.phone),
    address: blankToNull(v.address),
    communeCode: v.communeCode,
    nationality: v.nationality.trim().toUpperCase() || 'VN',
  };
}

/** The error code shown when an issue carries none (type or format errors of the plain schema). */
const FALLBACK_CODES: Partial<Record<PersonField, string>> = {
  fullName: 'person.invalid_name',
  birthDate: 'person.invalid_birth',
  birthYear: 'person.invalid_birth',
  idType: 'person.invalid_id_number',
  idNumber: 'person.invalid_id_number',
  phone: 'person.invalid_phone',
  communeCode: 'person.unknown_commune',
  nationality: 'person.invalidNationality',
};

const isPersonField = (k: unknown): k is PersonField => typeof k === 'string' && (PERSON_FIELDS as readonly string[]).includes(k);

export type Validation = { ok: true; data: PersonInput } | { ok: false; errors: FieldErrors };

/** Stand-ins for fields that failed the plain schema, so a second pass reaches the cross-field checks. */
const NEUTRAL: Record<PersonField, unknown> = {
  fullName: 'A', birthDate: null, birthYear: null, sex: null, idType: null, idNumber: null, phone: null, address: null,
  communeCode: '00000', nationality: 'VN',
};

function collect(issues: readonly z.core.$ZodIssue[], errors: FieldErrors): void {
  for (const issue of issues) {
    const field = issue.path[0];
    if (!isPersonField(field) || errors[field]) continue;
    const code = (issue as { params?: { code?: unknown } }).params?.code;
    errors[field] = typeof code === 'string' ? code : (FALLBACK_CODES[field] ?? 'request.invalid');
  }
}

/** Client-side check with the shared schema; returns the normalised person or per-field error codes. */
export function validatePersonForm(v: PersonFormValues): Validation {
  const errors: FieldErrors = {};
  if (v.fullName.trim() === '') errors.fullName = 'common.required';
  if (v.communeCode === '') errors.communeCode = 'common.required';
  const raw = formToRaw(v);
  const parsed = PersonInput.safeParse(raw);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, data: parsed.data };
  if (!parsed.success) {
    collect(parsed.error.issues, errors);
    // Zod skips the normalising transform (phone, ID number, birth consistency) while a plain field is
    // invalid; check again with neutral values in the failed fields so every error shows at once.
    const patched = { ...raw };
    for (const f of PERSON_FIELDS) if (errors[f]) patched[f] = NEUTRAL[f];
    const again = PersonInput.safeParse(patched);
    if (!again.success) collect(again.error.issues, errors);
    if (Object.keys(errors).length === 0) errors.fullName = 'request.invalid';
  }
  return { ok: false, errors };
}

/** Splits server field errors (path → code) into the form's fields and the rest (shown above the form). */
export function formErrorsFromServer(fields: Record<string, string>): { errors: FieldErrors; other: string[] } {
  const errors: FieldErrors = {};
  const other: string[] = [];
  for (const [path, code] of Object.entries(fields)) {
    if (isPersonField(path)) errors[path] = code;
    else other.push(code);
  }
  return { errors, other };
}

export interface DuplicateCheck {
  fullName?: string;
  birthYear?: number | null;
  communeCode?: string;
  idType?: IdType | null;
  idNumber?: string | null;
}

/** Body of POST /api/people/duplicates for what has been typed so far, or null when too little to check. */
export function duplicateCheckBody(v: PersonFormValues): DuplicateCheck | null {
  const name = v.fullName.normalize('NFC').replace(/\s+/g, ' ').trim();
  const idNumber = v.idNumber.replace(/[\s.-]/g, '');
  const hasName = name.length >= 3;
  const hasId = idNumber.length >= 6;
  if (!hasName && !hasId) return null;
  const body: DuplicateCheck = {};
  if (hasName) body.fullName = name;
  const year = v.birthDate.match(/^(\d{4})-\d{2}-\d{2}$/)?.[1] ?? v.birthYear.trim();
  if (/^\d{4}$/.test(year)) body.birthYear = Number(year);
  if (/^\d{5}$/.test(v.communeCode)) body.communeCode = v.communeCode;
  if (hasId) {
    body.idType = v.idType;
    body.idNumber = idNumber;
  }
  return body;
}
