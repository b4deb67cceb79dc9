// Pure logic of the declaration and report forms: text inputs ⇄ the request body, client validation with the
// shared zod schema (errors kept as codes under their field path, so they follow a language switch), the
// idempotency key and the pending submission kept on the device across a lost connection, the advice shown
// for a screening outcome, and the grouping of epidemic areas for the public list.
import type { z } from 'zod';
import {
  DeclarationInput, PublicReportInput, type DeclarationKind, type DeclarationOutcome, type PublicArea, type ScreeningAction,
} from '../../contracts/intake.declarations.ts';
import type { IdType, Sex } from '../../contracts/identity.ts';

export interface LegValues {
  countryCode: string;
  provinceCode: string;
  place: string;
  from: string;
  to: string;
}

export interface DeclarationValues {
  kind: DeclarationKind;
  fullName: string;
  birthYear: string;
  sex: '' | Sex;
  nationality: string;
  idType: '' | IdType;
  idNumber: string;
  phone: string;
  email: string;
  healthInsurance: boolean;
  communeCode: string;
  address: string;
  travel: LegValues[];
  symptoms: string[];
  exposures: string[];
  conditions: string[];
  domestic: {
    vehicle: string; plate: string; seat: string; fromProvinceCode: string; fromPlace: string; toProvinceCode: string; toPlace: string;
    departOn: string; arriveOn: string;
  };
  entry: { fromCountry: string; entryOn: string; borderGate: string; viaOfficialGate: boolean; vehicle: string; flightOrPlate: string; seat: string };
  truthful: boolean;
}

/** Field path ('fullName', 'travel.0.from', 'domestic.departOn') → error code. */
export type FormErrors = Record<string, string>;

export function emptyLeg(): LegValues {
  return { countryCode: 'VN', provinceCode: '', place: '', from: '', to: '' };
}

export function emptyDeclaration(provinceCode = ''): DeclarationValues {
  return {
    kind: 'everyone', fullName: '', birthYear: '', sex: '', nationality: 'VN', idType: 'cccd', idNumber: '', phone: '', email: '',
    healthInsurance: false, communeCode: '', address: '', travel: [], symptoms: [], exposures: [], conditions: [],
    domestic: { vehicle: 'bus', plate: '', seat: '', fromProvinceCode: '', fromPlace: '', toProvinceCode: provinceCode, toPlace: '', departOn: '', arriveOn: '' },
    entry: { fromCountry: '', entryOn: '', borderGate: '', viaOfficialGate: true, vehicle: '', flightOrPlate: '', seat: '' },
    truthful: false,
  };
}

const blank = (s: string): string | null => (s.trim() === '' ? null : s.trim());

/** The JSON the form stands for, before the schema's normalisation. */
export function declarationBody(v: DeclarationValues): Record<string, unknown> {
  const year = v.birthYear.trim();
  return {
    kind: v.kind,
    fullName: v.fullName,
    // A year that is not a number becomes -1, which the schema refuses as an invalid year.
    birthYear: year === '' ? null : /^\d+$/.test(year) ? Number(year) : -1,
    sex: v.sex === '' ? null : v.sex,
    nationality: v.nationality.trim().toUpperCase() || 'VN',
    idType: v.idType === '' || blank(v.idNumber) === null ? null : v.idType,
    idNumber: v.idType === '' ? null : blank(v.idNumber),
    phone: v.phone,
    email: blank(v.email),
    healthInsurance: v.healthInsurance,
    communeCode: v.communeCode,
    address: v.address,
    travel: v.travel.map((l) => ({
      countryCode: l.countryCode.trim().toUpperCase() || 'VN',
      provinceCode: l.countryCode === 'VN' ? blank(l.provinceCode) : null,
      place: blank(l.place),
      from: l.from,
      to: l.to || l.from,
    })),
    symptoms: v.symptoms,
    exposures: v.exposures,
    conditions: v.conditions,
    domestic: v.kind === 'domestic' ? {
      vehicle: v.domestic.vehicle, plate: blank(v.domestic.plate), seat: blank(v.domestic.seat),
      fromProvinceCode: v.domestic.fromProvinceCode, fromPlace: blank(v.domestic.fromPlace),
      toProvinceCode: v.domestic.toProvinceCode, toPlace: blank(v.domestic.toPlace),
      departOn: v.domestic.departOn, arriveOn: v.domestic.arriveOn || v.domestic.departOn,
    } : null,
    entry: v.kind === 'entry' ? {
      fromCountry: v.entry.fromCountry.trim().toUpperCase(), entryOn: v.entry.entryOn, borderGate: blank(v.entry.borderGate),
      viaOfficialGate: v.entry.viaOfficialGate, vehicle: v.entry.vehicle === '' ? null : v.entry.vehicle,
      flightOrPlate: blank(v.entry.flightOrPlate), seat: blank(v.entry.seat),
    } : null,
    truthful: v.truthful,
  };
}

type Issue = { path: PropertyKey[]; code: string; params?: unknown; message: string };

/** Issues of a zod parse as field path → code: the domain code the schema gives, else request.invalid. */
export function issuesToErrors(issues: readonly Issue[]): FormErrors {
  const out: FormErrors = {};
  for (const i of issues) {
    const path = i.path.map(String).join('.');
    if (path in out) continue;
    const domain = (i.params as { code?: unknown } | undefined)?.code;
    out[path] = typeof domain === 'string' ? domain : 'request.invalid';
  }
  return out;
}

export function validateDeclaration(v: DeclarationValues): { ok: true; data: z.output<typeof DeclarationInput> } | { ok: false; errors: FormErrors } {
  const r = DeclarationInput.safeParse(declarationBody(v));
  if (r.success) return { ok: true, data: r.data };
  return { ok: false, errors: issuesToErrors(r.error.issues as Issue[]) };
}

/** Server field errors (details.fields[{ path, code }]) in the same shape. */
export function serverErrors(details: unknown): FormErrors {
  const fields = (details as { fields?: unknown } | null)?.fields;
  if (!Array.isArray(fields)) return {};
  const out: FormErrors = {};
  for (const f of fields as Array<{ path?: unknown; code?: unknown }>) {
    if (typeof f.path === 'string' && typeof f.code === 'string' && !(f.path in out)) out[f.path] = f.code;
  }
  return out;
}

export interface ReportValues {
  kind: string;
  communeCode: string;
  place: string;
  happenedOn: string;
  description: string;
  subject: string;
  reporterName: string;
  reporterPhone: string;
}

export function emptyReport(): ReportValues {
  return { kind: 'illegal_entry', communeCode: '', place: '', happenedOn: '', description: '', subject: '', reporterName: '', reporterPhone: '' };
}

export function reportBody(v: ReportValues): Record<string, unknown> {
  return {
    kind: v.kind, communeCode: v.communeCode, place: blank(v.place), happenedOn: blank(v.happenedOn), description: v.description,
    subject: blank(v.subject), reporterName: blank(v.reporterName), reporterPhone: blank(v.reporterPhone),
  };
}

export function validateReport(v: ReportValues): { ok: true; data: z.output<typeof PublicReportInput> } | { ok: false; errors: FormErrors } {
  const r = PublicReportInput.safeParse(reportBody(v));
  if (r.success) return { ok: true, data: r.data };
  return { ok: false, errors: issuesToErrors(r.error.issues as Issue[]) };
}

/** A key the same on every retry of one submission. */
export function newIdempotencyKey(random: () => string = () => globalThis.crypto.randomUUID()): string {
  return random();
}

export type Pending<B> = { key: string; body: B; savedAt: string };
type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** A submission not yet answered, kept on the device so that a reload or a new try sends it with the same key
 * (the server then returns the first result instead of recording it twice). */
export function savePending<B>(storage: Storage | undefined, name: string, p: Pending<B>): void {
  try {
    storage?.setItem(`phongdich.pending.${name}`, JSON.stringify(p));
  } catch {
    // storage full or disabled: the submission is still retried from memory
  }
}

export function loadPending<B>(storage: Storage | undefined, name: string): Pending<B> | null {
  try {
    const raw = storage?.getItem(`phongdich.pending.${name}`);
    if (!raw) return null;
    const p = JSON.parse(raw) as Pending<B>;
    return typeof p?.key === 'string' && p.body ? p : null;
  } catch {
    return null;
  }
}

export function clearPending(storage: Storage | undefined, name: string): void {
  try {
    storage?.removeItem(`phongdich.pending.${name}`);
  } catch {
    // nothing to clear
  }
}

/** One line of advice: a catalogue key and its parameters (dates already formatted by the caller). */
export type Advice = { key: string; params: Record<string, string> };

/** What the citizen should do, from the actions of the flags: the strongest measure first, each kind once
 * (with its latest end date). */
export function adviceFor(outcome: Pick<DeclarationOutcome, 'flags'>, formatDate: (iso: string) => string): Advice[] {
  const order: ScreeningAction['kind'][] = ['quarantine_concentrated', 'quarantine_home', 'test', 'interview', 'self_monitoring', 'other'];
  const byKind = new Map<ScreeningAction['kind'], ScreeningAction>();
  for (const f of outcome.flags) {
    for (const a of f.actions) {
      const prev = byKind.get(a.kind);
      if (!prev || (a.dueTo ?? '') > (prev.dueTo ?? '')) byKind.set(a.kind, a);
    }
  }
  // Concentrated quarantine includes the home quarantine and the self-monitoring of the same days.
  if (byKind.has('quarantine_concentrated')) byKind.delete('quarantine_home');
  return order.filter((k) => byKind.has(k)).map((k) => {
    const a = byKind.get(k)!;
    return { key: `decl.action.${k}${a.dueTo ? '' : '.open'}`, params: { to: a.dueTo ? formatDate(a.dueTo) : '', from: formatDate(a.dueFrom) } };
  });
}

/** Areas in force on a day or announced to start (riskiest first), and those already over (latest first). */
export function groupAreas(areas: readonly PublicArea[], today: string): { current: PublicArea[]; past: PublicArea[] } {
  const current = areas.filter((a) => a.dateTo === null || a.dateTo >= today)
    .sort((a, b) => b.riskLevel - a.riskLevel || a.name.localeCompare(b.name, 'vi'));
  const past = areas.filter((a) => a.dateTo !== null && a.dateTo < today).sort((a, b) => (a.dateTo! < b.dateTo! ? 1 : a.dateTo! > b.dateTo! ? -1 : 0));
  return { current, past };
}

/** Mantine colour of a Resolution 128 level (always shown with its written label, never alone). */
export function riskColor(level: number): string {
  return level >= 4 ? 'red' : level === 3 ? 'orange' : level === 2 ? 'yellow' : 'green';
}
