// Contracts of intake: epidemic areas, health declarations (what tokhaiyte.vn asked, DOMAIN.md §1.2, in its
// three kinds), the screening outcome, citizens' reports. Validation and normalisation happen here once, with
// the identity rules of identity.ts; the web form parses with the same schema.
import { z } from 'zod';
import { CommuneCode } from './common.ts';
import { checkIdNumber, isValidIsoDate, NAME_PATTERN, normalizeName, normalizePhone } from './identity.ts';
import { ID_TYPES, PURPOSES, SEXES } from './people.ts';
import { WORK_KINDS } from './work.ts';
import type { ErrorCode } from './errors.ts';

export const DECLARATION_KINDS = ['everyone', 'domestic', 'entry'] as const;
export type DeclarationKind = (typeof DECLARATION_KINDS)[number];
/** Symptoms in the past 14 days (sốt, ho, khó thở, viêm phổi, đau họng, mệt mỏi; VOH adds buồn nôn, tiêu chảy). */
export const SYMPTOMS = ['fever', 'cough', 'breathing_difficulty', 'pneumonia', 'sore_throat', 'fatigue', 'nausea', 'diarrhea'] as const;
/** Exposures in the past 14 days. */
export const EXPOSURES = ['confirmed_case', 'suspected_case', 'from_affected_country', 'symptomatic_person', 'animal_market'] as const;
/** Underlying conditions (later versions of the form). */
export const CONDITIONS = ['liver', 'blood', 'lung', 'kidney', 'heart', 'hypertension', 'immunodeficiency', 'transplant', 'diabetes', 'cancer', 'pregnancy'] as const;
export const VEHICLES = ['plane', 'train', 'bus', 'car', 'motorbike', 'ship', 'other'] as const;
export const FLAGS = ['epidemic_area', 'symptoms', 'case_contact', 'illegal_entry'] as const;
export type FlagKind = (typeof FLAGS)[number];
export const RISK_LEVELS = [1, 2, 3, 4] as const;

/** At most this many travel legs in one declaration (14 days, several places a day, is far below). */
export const MAX_TRAVEL_LEGS = 40;
/** Travel dates may lie this far back from the day of the declaration (a directive may ask about returns
 * from a month before) or ahead (a domestic movement declared before the trip). The server checks them
 * against its clock; the schema only refuses dates that cannot be right on any day. */
export const TRAVEL_DAYS_BACK = 90;
export const TRAVEL_DAYS_AHEAD = 30;
/** No date of this epidemic lies before December 2019. */
export const EARLIEST_DATE = '2019-12-01';

const issue = (ctx: z.RefinementCtx, path: (string | number)[], code: ErrorCode, message: string) =>
  ctx.addIssue({ code: 'custom', path, message, params: { code } });

const DateText = z.string().max(30);
const Country = z.string().regex(/^[A-Z]{2}$/);
const ProvinceCode = z.string().regex(/^\d{2}$/);
const Text = (max: number) => z.string().max(max).nullable().optional();
/** Client-generated, the same on every retry of one submission (a UUID is fine). */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/);

export const TravelLeg = z.strictObject({
  countryCode: Country.default('VN'),
  provinceCode: ProvinceCode.nullable().optional(),
  communeCode: CommuneCode.nullable().optional(),
  venueId: z.number().int().positive().nullable().optional(),
  place: Text(200),
  from: DateText,
  to: DateText,
});
export type TravelLeg = z.output<typeof TravelLeg>;

const Domestic = z.strictObject({
  vehicle: z.enum(VEHICLES),
  plate: Text(30),
  seat: Text(10),
  // Shapes are loose where a person types or picks, so that every problem of a form is found in one pass
  // (the refinement below runs only when the shape holds); the refinement checks them.
  fromProvinceCode: z.string().max(2),
  fromPlace: Text(200),
  toProvinceCode: z.string().max(2),
  toPlace: Text(200),
  departOn: DateText,
  arriveOn: DateText,
});

const Entry = z.strictObject({
  fromCountry: z.string().max(2),
  entryOn: DateText,
  borderGate: Text(200),
  /** False: crossed by a trail or an unofficial opening (đường mòn, lối mở), not through a border gate. */
  viaOfficialGate: z.boolean(),
  vehicle: z.enum(VEHICLES).nullable().optional(),
  flightOrPlate: Text(30),
  seat: Text(10),
});

const declarationFields = {
  kind: z.enum(DECLARATION_KINDS),
  idempotencyKey: IdempotencyKey.optional(),
  fullName: z.string().max(200),
  birthYear: z.number().int().nullable(),
  sex: z.enum(SEXES).nullable(),
  nationality: Country.default('VN'),
  idType: z.enum(ID_TYPES).nullable().optional(),
  idNumber: z.string().max(40).nullable().optional(),
  phone: z.string().max(30),
  email: z.string().max(200).nullable().optional(),
  healthInsurance: z.boolean().nullable().optional(),
  communeCode: z.string().max(10),
  address: z.string().max(500),
  // Checked for its length before any leg is parsed: 10,000 legs get one clear error, not 10,000.
  travel: z.array(z.unknown()).superRefine((legs, ctx) => {
    if (legs.length > MAX_TRAVEL_LEGS) issue(ctx, [], 'declaration.too_many_legs', `at most ${MAX_TRAVEL_LEGS} travel legs`);
  }).pipe(z.array(TravelLeg)),
  symptoms: z.array(z.enum(SYMPTOMS)).max(SYMPTOMS.length),
  exposures: z.array(z.enum(EXPOSURES)).max(EXPOSURES.length),
  conditions: z.array(z.enum(CONDITIONS)).max(CONDITIONS.length),
  domestic: Domestic.nullable().optional(),
  entry: Entry.nullable().optional(),
  /** "Tôi cam kết những thông tin trên là đúng sự thật" (false declarations are fined, NĐ 117/2020/NĐ-CP). */
  truthful: z.boolean(),
};

export const addDays = (iso: string, days: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** Today in Vietnam (UTC+7). */
export function vnToday(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

const RawDeclaration = z.strictObject(declarationFields);
type RawDeclaration = z.output<typeof RawDeclaration>;

/** Validates and normalises a declaration: NFC name, 10-digit phone, plausible CCCD, calendar dates within
 * the window travel may take, each kind's own details present. */
function refineDeclaration(d: RawDeclaration, ctx: z.RefinementCtx) {
  const today = vnToday();
  const earliest = EARLIEST_DATE;
  const latest = addDays(today, TRAVEL_DAYS_AHEAD);
  const dateOk = (s: string) => isValidIsoDate(s) && s >= earliest && s <= latest;
  const checkDate = (s: string, path: (string | number)[]) => {
    if (!dateOk(s)) issue(ctx, path, 'declaration.invalid_date', `not a date between ${earliest} and ${latest}`);
    return dateOk(s);
  };
  const fullName = normalizeName(d.fullName);
  if (!fullName || fullName.length > 200 || !NAME_PATTERN.test(fullName)) issue(ctx, ['fullName'], 'declaration.invalid_name', 'invalid name');
  const thisYear = Number(today.slice(0, 4));
  if (d.birthYear == null) issue(ctx, ['birthYear'], 'declaration.required', 'required');
  else if (d.birthYear < 1880 || d.birthYear > thisYear) issue(ctx, ['birthYear'], 'declaration.invalid_birth', 'invalid birth year');
  if (!d.sex) issue(ctx, ['sex'], 'declaration.required', 'required');
  if (!d.communeCode) issue(ctx, ['communeCode'], 'declaration.required', 'required');
  else if (!/^\d{5}$/.test(d.communeCode)) issue(ctx, ['communeCode'], 'declaration.unknown_commune', 'not a commune code');
  const phone = normalizePhone(d.phone);
  if (!phone) issue(ctx, ['phone'], 'declaration.invalid_phone', 'invalid phone');
  let idType = d.idType ?? null;
  let idNumber: string | null = d.idNumber?.trim() ? d.idNumber : null;
  if (idNumber && !idType) issue(ctx, ['idType'], 'declaration.invalid_id_number', 'identity type missing');
  else if (idNumber && idType) {
    const r = checkIdNumber(idType, idNumber, { birthYear: d.birthYear, sex: d.sex });
    if (!r.ok) issue(ctx, ['idNumber'], 'declaration.invalid_id_number', `invalid identity number (${r.problem})`);
    else idNumber = r.value;
  }
  if (!idNumber) idType = null;
  const email = d.email?.trim() || null;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) issue(ctx, ['email'], 'request.invalid', 'invalid e-mail');
  const address = d.address.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!address) issue(ctx, ['address'], 'declaration.address_required', 'address required');
  const travel = d.travel.map((leg, i) => {
    const okFrom = checkDate(leg.from, ['travel', i, 'from']);
    const okTo = checkDate(leg.to, ['travel', i, 'to']);
    if (okFrom && okTo && leg.to < leg.from) issue(ctx, ['travel', i, 'to'], 'declaration.invalid_leg', 'ends before it starts');
    if (leg.countryCode === 'VN' && !leg.provinceCode && !leg.communeCode && !leg.venueId) {
      issue(ctx, ['travel', i, 'provinceCode'], 'declaration.invalid_leg', 'a place in Viet Nam needs its province');
    }
    return { ...leg, place: leg.place?.normalize('NFC').trim() || null };
  });
  if (d.kind === 'domestic') {
    if (!d.domestic) issue(ctx, ['domestic'], 'declaration.kind_details_missing', 'domestic movement details missing');
    else {
      for (const k of ['fromProvinceCode', 'toProvinceCode'] as const) {
        if (!/^\d{2}$/.test(d.domestic[k])) issue(ctx, ['domestic', k], 'declaration.required', 'a province is required');
      }
      const a = checkDate(d.domestic.departOn, ['domestic', 'departOn']);
      const b = checkDate(d.domestic.arriveOn, ['domestic', 'arriveOn']);
      if (a && b && d.domestic.arriveOn < d.domestic.departOn) issue(ctx, ['domestic', 'arriveOn'], 'declaration.invalid_leg', 'arrives before departing');
    }
  }
  if (d.kind === 'entry') {
    if (!d.entry) issue(ctx, ['entry'], 'declaration.kind_details_missing', 'entry details missing');
    else {
      if (!/^[A-Z]{2}$/.test(d.entry.fromCountry)) issue(ctx, ['entry', 'fromCountry'], 'declaration.required', 'a country is required');
      checkDate(d.entry.entryOn, ['entry', 'entryOn']);
    }
  }
  if (!d.truthful) issue(ctx, ['truthful'], 'declaration.commitment_required', 'the commitment is required');
  const unique = <T>(xs: readonly T[]) => [...new Set(xs)];
  return {
    ...d,
    // Both are present whenever the declaration is accepted (issues above otherwise).
    birthYear: d.birthYear ?? 0, sex: d.sex ?? 'male',
    fullName, phone: phone ?? d.phone, idType, idNumber, email, address, travel,
    symptoms: unique(d.symptoms), exposures: unique(d.exposures), conditions: unique(d.conditions),
    domestic: d.kind === 'domestic' ? d.domestic ?? null : null,
    entry: d.kind === 'entry' ? d.entry ?? null : null,
  };
}

export const DeclarationInput = RawDeclaration.transform((d, ctx) => refineDeclaration(d, ctx));
export type DeclarationInput = z.output<typeof DeclarationInput>;
/** What the form stores (the normalised input without its idempotency key). */
export type DeclarationForm = Omit<DeclarationInput, 'idempotencyKey'>;

export const ScreeningAction = z.object({
  kind: z.enum(WORK_KINDS),
  dueFrom: z.string(),
  dueTo: z.string().nullable(),
  days: z.number().nullable(),
});
export type ScreeningAction = z.infer<typeof ScreeningAction>;

/** A flag as the citizen sees it: what was found, under which document, what to do. No personal data. */
export const OutcomeFlag = z.object({
  flag: z.enum(FLAGS),
  ruleKey: z.string(),
  ruleVersion: z.string(),
  legalRef: z.string(),
  areas: z.array(z.object({ name: z.string(), riskLevel: z.number(), dateFrom: z.string(), dateTo: z.string().nullable() })),
  symptoms: z.array(z.string()),
  actions: z.array(ScreeningAction),
});
export type OutcomeFlag = z.infer<typeof OutcomeFlag>;

export const DeclarationOutcome = z.object({
  receipt: z.string(),
  kind: z.enum(DECLARATION_KINDS),
  submittedAt: z.string(),
  declaredOn: z.string(),
  outcome: z.enum(['clear', 'flagged']),
  flags: z.array(OutcomeFlag),
  communeName: z.string().nullable(),
  /** True when this answer is the first result of an earlier submission with the same idempotency key. */
  replayed: z.boolean(),
});
export type DeclarationOutcome = z.infer<typeof DeclarationOutcome>;

const page = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  purpose: z.enum(PURPOSES).optional(),
};
const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine(isValidIsoDate, 'not a calendar date');

export const DeclarationQuery = z.strictObject({
  commune: CommuneCode.optional(),
  kind: z.enum(DECLARATION_KINDS).optional(),
  outcome: z.enum(['clear', 'flagged']).optional(),
  from: IsoDay.optional(),
  to: IsoDay.optional(),
  personId: z.coerce.number().int().positive().optional(),
  ...page,
});
export type DeclarationQuery = z.infer<typeof DeclarationQuery>;

export const DeclarationSummary = z.object({
  id: z.number(),
  receipt: z.string(),
  kind: z.enum(DECLARATION_KINDS),
  channel: z.enum(['public', 'staff']),
  submittedAt: z.string(),
  declaredOn: z.string(),
  personId: z.number(),
  fullName: z.string(),
  communeCode: z.string(),
  outcome: z.enum(['clear', 'flagged']),
  flags: z.array(z.enum(FLAGS)),
});
export const DeclarationList = z.object({ items: z.array(DeclarationSummary), total: z.number(), page: z.number(), pageSize: z.number() });

export const FlagItem = z.object({
  id: z.number(),
  source: z.enum(['declaration', 'checkpoint', 'checkin', 'report']),
  sourceId: z.number().nullable(),
  personId: z.number(),
  personName: z.string().nullable(),
  communeCode: z.string(),
  reportedOn: z.string(),
  flag: z.enum(FLAGS),
  ruleId: z.number(),
  ruleKey: z.string(),
  ruleVersion: z.string(),
  legalRef: z.string(),
  reason: z.string(),
  details: z.record(z.string(), z.unknown()),
  workItemIds: z.array(z.number()),
  createdAt: z.string(),
});
export type FlagItem = z.infer<typeof FlagItem>;

export const DeclarationDetail = DeclarationSummary.extend({
  personMatch: z.enum(['id_number', 'phone', 'created']),
  enteredBy: z.string().nullable(),
  form: z.record(z.string(), z.unknown()),
  screening: z.array(FlagItem),
});

export const FlagQuery = z.strictObject({
  commune: CommuneCode.optional(),
  flag: z.enum(FLAGS).optional(),
  from: IsoDay.optional(),
  to: IsoDay.optional(),
  ...page,
});
export type FlagQuery = z.infer<typeof FlagQuery>;
export const FlagList = z.object({ items: z.array(FlagItem), total: z.number(), page: z.number(), pageSize: z.number() });

// ---- Epidemic areas

export const AreaInput = z.strictObject({
  kind: z.enum(['unit', 'venue']),
  unitLevel: z.enum(['province', 'commune']).nullable().optional(),
  unitCode: z.string().regex(/^\d{2}$|^\d{5}$/).nullable().optional(),
  venueId: z.number().int().positive().nullable().optional(),
  dateFrom: IsoDay,
  dateTo: IsoDay.nullable().optional(),
  riskLevel: z.number().int().min(1).max(4),
  declaredBy: z.string().trim().min(1).max(300),
  legalRef: z.string().trim().min(1).max(500),
  note: z.string().trim().max(2000).nullable().optional(),
}).superRefine((a, ctx) => {
  if (a.kind === 'unit' && (!a.unitLevel || !a.unitCode)) issue(ctx, ['unitCode'], 'epidemic_area.unknown_unit', 'unit level and code needed');
  if (a.kind === 'unit' && a.unitLevel && a.unitCode && a.unitCode.length !== (a.unitLevel === 'province' ? 2 : 5)) {
    issue(ctx, ['unitCode'], 'epidemic_area.unknown_unit', 'code does not fit the level');
  }
  if (a.kind === 'venue' && !a.venueId) issue(ctx, ['venueId'], 'epidemic_area.unknown_venue', 'venue needed');
  if (a.dateTo && a.dateTo < a.dateFrom) issue(ctx, ['dateTo'], 'epidemic_area.invalid_window', 'ends before it starts');
});
export type AreaInput = z.infer<typeof AreaInput>;

export const AreaEnd = z.strictObject({
  dateTo: IsoDay.optional(),
  note: z.string().trim().max(2000).nullable().optional(),
});

export const PublicArea = z.object({
  id: z.number(),
  kind: z.enum(['unit', 'venue']),
  unitLevel: z.enum(['province', 'commune']).nullable(),
  unitCode: z.string().nullable(),
  name: z.string(),
  communeCode: z.string().nullable(),
  dateFrom: z.string(),
  dateTo: z.string().nullable(),
  riskLevel: z.number(),
  declaredBy: z.string(),
  legalRef: z.string(),
});
export type PublicArea = z.infer<typeof PublicArea>;
export const Area = PublicArea.extend({
  venueId: z.number().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
  /** The declarations received before the area, screened again against it: how far it has got. */
  rescreen: z.object({ screenedOn: z.string(), scanned: z.number(), flagged: z.number(), done: z.boolean() }).nullable(),
});
export type Area = z.infer<typeof Area>;
export const AreaQuery = z.strictObject({
  /** Areas in force on this day; without it, every area (newest first). */
  at: IsoDay.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(300),
});
export const AreaList = z.object({ items: z.array(Area) });
export const PublicAreaList = z.object({ items: z.array(PublicArea), at: z.string().nullable() });

export const PlacesQuery = z.strictObject({ at: IsoDay.optional() });
export const Places = z.object({
  at: z.string(),
  provinceCode: z.string(),
  provinces: z.array(z.object({ code: z.string(), name: z.string() })),
  communes: z.array(z.object({ code: z.string(), name: z.string() })),
});

// ---- Citizens' reports (phản ánh)

export const REPORT_KINDS = ['illegal_entry', 'suspected_case', 'returnee', 'no_mask', 'gathering', 'other'] as const;
export const REPORT_STATUSES = ['new', 'assigned', 'in_progress', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

const reportFields = {
  kind: z.enum(REPORT_KINDS),
  idempotencyKey: IdempotencyKey.optional(),
  communeCode: z.string().max(10),
  place: z.string().trim().max(300).nullable().optional(),
  happenedOn: z.string().max(30).nullable().optional(),
  description: z.string().trim().max(4000),
  subject: z.string().trim().max(300).nullable().optional(),
  reporterName: z.string().trim().max(200).nullable().optional(),
  reporterPhone: z.string().max(30).nullable().optional(),
};

function refineReport<T extends { communeCode: string; happenedOn?: string | null; reporterPhone?: string | null; description: string; place?: string | null; subject?: string | null; reporterName?: string | null }>(r: T, ctx: z.RefinementCtx) {
  const today = vnToday();
  if (!r.communeCode) issue(ctx, ['communeCode'], 'declaration.required', 'required');
  else if (!/^\d{5}$/.test(r.communeCode)) issue(ctx, ['communeCode'], 'citizen_report.unknown_commune', 'not a commune code');
  if (!r.description.trim()) issue(ctx, ['description'], 'declaration.required', 'required');
  if (r.happenedOn && (!isValidIsoDate(r.happenedOn) || r.happenedOn > today || r.happenedOn < addDays(today, -365))) {
    issue(ctx, ['happenedOn'], 'citizen_report.invalid_date', 'not a date in the past year');
  }
  let reporterPhone: string | null = null;
  if (r.reporterPhone?.trim()) {
    reporterPhone = normalizePhone(r.reporterPhone);
    if (!reporterPhone) issue(ctx, ['reporterPhone'], 'declaration.invalid_phone', 'invalid phone');
  }
  const nfc = (s: string | null | undefined) => s?.normalize('NFC').trim() || null;
  return {
    ...r, happenedOn: r.happenedOn || null, reporterPhone, description: r.description.normalize('NFC'),
    place: nfc(r.place), subject: nfc(r.subject), reporterName: nfc(r.reporterName),
  };
}

export const PublicReportInput = z.strictObject(reportFields).transform((r, ctx) => refineReport(r, ctx));
export type PublicReportInput = z.output<typeof PublicReportInput>;
export const StaffReportInput = z.strictObject({ ...reportFields, channel: z.enum(['hotline', 'staff']) }).transform((r, ctx) => refineReport(r, ctx));
export type StaffReportInput = z.output<typeof StaffReportInput>;

export const ReportReceipt = z.object({ receipt: z.string(), submittedAt: z.string(), replayed: z.boolean() });

export const ReportUpdate = z.strictObject({
  version: z.number().int().positive(),
  status: z.enum(REPORT_STATUSES).optional(),
  /** Assign to an agency (agencies.id) or a commune; null clears. */
  assignedAgencyId: z.number().int().positive().nullable().optional(),
  assignedCommuneCode: CommuneCode.nullable().optional(),
  note: z.string().trim().max(2000).nullable().optional(),
  resolution: z.string().trim().max(2000).nullable().optional(),
});
export type ReportUpdate = z.infer<typeof ReportUpdate>;

export const ReportQuery = z.strictObject({
  status: z.enum(REPORT_STATUSES).optional(),
  kind: z.enum(REPORT_KINDS).optional(),
  commune: CommuneCode.optional(),
  ...page,
});
export type ReportQuery = z.infer<typeof ReportQuery>;

export const ReportSummary = z.object({
  id: z.number(),
  receipt: z.string(),
  kind: z.enum(REPORT_KINDS),
  channel: z.enum(['public', 'hotline', 'staff']),
  communeCode: z.string(),
  place: z.string().nullable(),
  happenedOn: z.string().nullable(),
  description: z.string(),
  status: z.enum(REPORT_STATUSES),
  assignedAgencyId: z.number().nullable(),
  assignedAgencyName: z.string().nullable(),
  assignedCommuneCode: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
});
export const ReportDetail = ReportSummary.extend({
  subject: z.string().nullable(),
  reporterName: z.string().nullable(),
  reporterPhone: z.string().nullable(),
  resolution: z.string().nullable(),
  events: z.array(z.object({
    at: z.string(),
    actor: z.string().nullable(),
    status: z.string(),
    assignedAgencyId: z.number().nullable(),
    assignedCommuneCode: z.string().nullable(),
    note: z.string().nullable(),
  })),
});
export type ReportDetail = z.infer<typeof ReportDetail>;
export const ReportList = z.object({
  items: z.array(ReportSummary),
  total: z.number(),
  counts: z.record(z.string(), z.number()),
  page: z.number(),
  pageSize: z.number(),
});
export const IntakePurpose = z.strictObject({ purpose: z.enum(PURPOSES).optional() });
