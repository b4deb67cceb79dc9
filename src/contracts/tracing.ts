import { z } from 'zod';
import { IsoDate } from './common.ts';
import { PURPOSES } from './people.ts';

const Instant = z.iso.datetime({ offset: true });
const PersonId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const CASE_STATUSES = ['treatment', 'recovered', 'died', 'withdrawn'] as const;

export const CaseCreate = z.strictObject({
  personId: PersonId,
  code: z.string().trim().toUpperCase().regex(/^[A-Z]{1,4}\d{1,9}$/, 'BN1234'),
  confirmedAt: Instant,
  confirmingTest: z.string().max(200).nullable().optional(),
  onsetDate: IsoDate.nullable().optional(),
  sampledAt: Instant.nullable().optional(),
  isolatedAt: Instant.nullable().optional(),
  treatmentPlace: z.string().max(300).nullable().optional(),
});
export type CaseCreate = z.infer<typeof CaseCreate>;

export const TraceSummary = z.object({
  cases: z.number(), classified: z.number(), changed: z.number(), closed: z.number(), reviews: z.number(), loadedPersons: z.number(),
  /** Milliseconds per phase of the retrace (lock, sync, scope, compute, load, engine, labels, merge, classifications, actions, reviews), and
   * fromIndex: 1 when check-ins were read from the in-memory index. For operators and benchmarks. */
  timings: z.record(z.string(), z.number()).optional(),
});

export const CaseSummary = z.object({
  id: z.number(),
  code: z.string(),
  personId: z.number(),
  personName: z.string().nullable(),
  communeCode: z.string().nullable(),
  confirmedAt: z.string(),
  infectiousFrom: z.string(),
  infectiousTo: z.string(),
  status: z.enum(CASE_STATUSES),
  f1: z.number(),
  f2: z.number(),
});
export const CaseList = z.object({ items: z.array(CaseSummary) });

export const ChainStep = z.object({
  level: z.number(),
  personId: z.number(),
  kind: z.enum(['household', 'contact', 'venue']),
  via: z.number(),
  at: z.number(),
  ref: z.number().nullable(),
  venueId: z.number().optional(),
  sourceFrom: z.number().optional(),
  sourceTo: z.number().optional(),
  targetFrom: z.number().optional(),
  targetTo: z.number().optional(),
});

export const ClassificationView = z.object({
  personId: z.number(),
  personName: z.string().nullable(),
  communeCode: z.string().nullable(),
  level: z.number(),
  exposedAt: z.string(),
  viaPersonId: z.number(),
  linkKind: z.enum(['household', 'contact', 'venue']),
  status: z.enum(['auto', 'confirmed']),
  provenance: z.object({ caseCode: z.string().nullable(), chain: z.array(ChainStep) }),
  ruleIds: z.array(z.number()),
  computedAt: z.string(),
});

export const CaseDetail = CaseSummary.extend({
  onsetDate: z.string().nullable(),
  sampledAt: z.string().nullable(),
  treatmentPlace: z.string().nullable(),
  periodRuleId: z.number().nullable(),
  classifications: z.array(ClassificationView),
  hiddenOutsideArea: z.number(),
});

export const CaseCreated = z.object({ case: CaseDetail, trace: TraceSummary });
export const CaseBatch = z.strictObject({ cases: z.array(CaseCreate).min(1).max(5000) });

export const ContactInput = z.strictObject({
  personA: PersonId,
  personB: PersonId,
  at: Instant,
  until: Instant.nullable().optional(),
  setting: z.enum(['household', 'workplace', 'school', 'vehicle', 'venue', 'other']),
  source: z.enum(['interview', 'checkin', 'proximity', 'household']).default('interview'),
  evidence: z.string().max(2000).nullable().optional(),
}).refine((c) => c.personA !== c.personB, { message: 'a person is not their own contact', path: ['personB'] });
export const ContactBatch = z.strictObject({ contacts: z.array(ContactInput).min(1).max(1000) });

export const CheckinInput = z.strictObject({
  personId: PersonId,
  venueId: z.number().int().positive(),
  timeIn: Instant,
  timeOut: Instant.nullable().optional(),
  source: z.enum(['qr', 'form', 'staff', 'import', 'interview']).default('import'),
});
export const CheckinBatch = z.strictObject({ checkins: z.array(CheckinInput).min(1).max(5000) });

export const RejectionInput = z.strictObject({ sourcePersonId: PersonId, targetPersonId: PersonId, reason: z.string().trim().min(1).max(1000) });

export const Written = z.object({ written: z.number(), trace: TraceSummary });

export const ReviewView = z.object({
  id: z.number(), sourcePersonId: z.number(), caseId: z.number(), venueId: z.number(), venueName: z.string(),
  windowFrom: z.string(), windowTo: z.string(), candidates: z.number(), status: z.enum(['open', 'accepted', 'dismissed']),
});
export const ReviewList = z.object({ items: z.array(ReviewView) });

export const TracingPurpose = z.strictObject({ purpose: z.enum(PURPOSES).optional() });

export const VENUE_KINDS = ['market', 'bus_station', 'school', 'clinic', 'office', 'factory', 'restaurant', 'shop', 'religious', 'vehicle', 'hotel', 'other'] as const;
export const VenueQuery = z.strictObject({ q: z.string().trim().max(100).optional(), commune: z.string().regex(/^\d{5}$/).optional() });
export const VenueList = z.object({
  items: z.array(z.object({ id: z.number(), name: z.string(), kind: z.enum(VENUE_KINDS), communeCode: z.string(), address: z.string().nullable() })),
});

/** A waypoint added by interview: at a registered venue (it also becomes a check-in of the case) or at an address. */
export const WaypointInput = z.strictObject({
  venueId: z.number().int().positive().nullable().optional(),
  address: z.string().trim().min(1).max(500).nullable().optional(),
  communeCode: z.string().regex(/^\d{5}$/).nullable().optional(),
  from: Instant,
  to: Instant,
  note: z.string().trim().max(2000).nullable().optional(),
}).refine((w) => Boolean(w.venueId) || Boolean(w.address), { message: 'venueId or address', path: ['venueId'] })
  .refine((w) => new Date(w.to) >= new Date(w.from), { message: 'to before from', path: ['to'] })
  .refine((w) => new Date(w.to).getTime() - new Date(w.from).getTime() <= 86_400_000, { message: 'longer than 24 hours', path: ['to'] });

export const Waypoint = z.object({
  id: z.number().nullable(),
  source: z.enum(['checkin', 'interview']),
  venueId: z.number().nullable(),
  venueName: z.string().nullable(),
  venueKind: z.string().nullable(),
  address: z.string().nullable(),
  communeCode: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  note: z.string().nullable(),
});
export const WaypointList = z.object({ items: z.array(Waypoint) });

export const HouseholdCreate = z.strictObject({
  communeCode: z.string().regex(/^\d{5}$/),
  address: z.string().trim().max(500).nullable().optional(),
  members: z.array(PersonId).min(1).max(100),
});
export const HouseholdMember = z.strictObject({ personId: PersonId });
export const HouseholdMemberParams = z.strictObject({ id: z.coerce.number().int().positive(), personId: z.coerce.number().int().positive() });
export const HouseholdOf = z.object({
  household: z.object({
    id: z.number(), communeCode: z.string(), address: z.string().nullable(),
    members: z.array(z.object({ personId: z.number(), fullName: z.string().nullable(), communeCode: z.string().nullable() })),
  }).nullable(),
});

export const ClassificationQuery = z.strictObject({
  status: z.enum(['auto', 'confirmed']).optional(),
  level: z.coerce.number().int().min(1).max(9).optional(),
  commune: z.string().regex(/^\d{5}$/).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  purpose: z.enum(PURPOSES).optional(),
});
export const ClassificationList = z.object({
  total: z.number(),
  items: z.array(z.object({
    id: z.number(), personId: z.number(), personName: z.string(), communeCode: z.string(), level: z.number(), caseId: z.number(), caseCode: z.string(),
    exposedAt: z.string(), linkKind: z.enum(['household', 'contact', 'venue']), status: z.enum(['auto', 'confirmed']), computedAt: z.string(),
  })),
});

export const ReviewDecision = z.strictObject({ decision: z.enum(['accept', 'dismiss']), reason: z.string().trim().max(1000).nullable().optional() });
