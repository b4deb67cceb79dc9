// The HTTP API of venues and check-ins (intake): venue registry with QR posters, the public one-tap check-in,
// staff check-ins, CSV import, the venue map. Shared by the server (validation, OpenAPI) and the web app.
import { z } from 'zod';
import { CommuneCode } from './common.ts';
import { NAME_PATTERN, normalizeName, normalizePhone } from './identity.ts';
import type { ErrorCode } from './errors.ts';

/** Kinds of venue. Co-presence rules per kind are the policy rule 'tracing.venue_kinds' (a kind it does not
 * name, such as 'hotel', counts as 'other': a closed space, ±60 min). */
export const VENUE_KINDS = ['market', 'bus_station', 'school', 'hotel', 'clinic', 'office', 'factory', 'restaurant', 'shop', 'religious', 'vehicle', 'other'] as const;
export type VenueKind = (typeof VENUE_KINDS)[number];

/** Names of the kinds (on posters, in lists), Vietnamese first. */
export const VENUE_KIND_LABELS: Record<VenueKind, { vi: string; en: string }> = {
  market: { vi: 'Chợ', en: 'Market' },
  bus_station: { vi: 'Bến xe', en: 'Bus station' },
  school: { vi: 'Trường học', en: 'School' },
  hotel: { vi: 'Khách sạn, nhà nghỉ', en: 'Hotel, guesthouse' },
  clinic: { vi: 'Cơ sở y tế', en: 'Clinic' },
  office: { vi: 'Cơ quan, văn phòng', en: 'Office' },
  factory: { vi: 'Nhà máy, xí nghiệp', en: 'Factory' },
  restaurant: { vi: 'Nhà hàng, quán ăn', en: 'Restaurant' },
  shop: { vi: 'Cửa hàng, siêu thị', en: 'Shop, supermarket' },
  religious: { vi: 'Cơ sở tôn giáo', en: 'Place of worship' },
  vehicle: { vi: 'Phương tiện vận tải', en: 'Vehicle' },
  other: { vi: 'Khác', en: 'Other' },
};

/** A QR token as printed on the poster (base64url, no padding). */
export const QrToken = z.string().regex(/^[A-Za-z0-9_-]{16,43}$/);
export const IdempotencyKey = z.uuid();

const issue = (ctx: z.RefinementCtx, code: ErrorCode, message: string) => ctx.addIssue({ code: 'custom', message, params: { code } });

/** A Vietnamese mobile number in any written form → 10 digits; anything else answers checkin.invalid_phone. */
export const CheckinPhone = z.string().max(30).transform((raw, ctx) => {
  const p = normalizePhone(raw);
  if (!p) {
    issue(ctx, 'checkin.invalid_phone', 'not a Vietnamese mobile number');
    return z.NEVER;
  }
  return p;
});

/** An optional name given with a first check-in (used only when the phone is not in the registry yet). */
export const CheckinName = z.string().max(200).transform((raw, ctx) => {
  const n = normalizeName(raw);
  if (n === '') return null;
  if (!NAME_PATTERN.test(n)) {
    issue(ctx, 'checkin.invalid_name', 'letters, spaces and . \' - only');
    return z.NEVER;
  }
  return n;
});

const Lat = z.number().min(-90).max(90);
const Lon = z.number().min(-180).max(180);

export const VenueInput = z.strictObject({
  name: z.string().trim().min(1).max(300),
  kind: z.enum(VENUE_KINDS),
  communeCode: CommuneCode,
  address: z.string().trim().max(500).nullable().optional(),
  lat: Lat.nullable().optional(),
  lon: Lon.nullable().optional(),
  defaultStayMinutes: z.number().int().min(5).max(1440).nullable().optional(),
  active: z.boolean().optional(),
}).refine((v) => (v.lat == null) === (v.lon == null), { message: 'lat and lon together', path: ['lon'], params: { code: 'venue.invalid_coordinates' } });
export type VenueInput = z.infer<typeof VenueInput>;

export const VenueView = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(VENUE_KINDS),
  communeCode: z.string(),
  communeName: z.string().nullable(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  defaultStayMinutes: z.number().nullable(),
  /** The stay counted when nobody checks out: the venue's own, else its kind's by rule. */
  effectiveStayMinutes: z.number(),
  active: z.boolean(),
  qrToken: z.string(),
  checkinUrl: z.string(),
  checkinsToday: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type VenueView = z.infer<typeof VenueView>;

export const VenueListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  commune: CommuneCode.optional(),
  kind: z.enum(VENUE_KINDS).optional(),
  active: z.enum(['true', 'false', 'all']).default('true'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const VenueListResult = z.object({ items: z.array(VenueView), total: z.number() });

export const PosterQuery = z.strictObject({ format: z.enum(['svg', 'pdf']).default('svg') });

/** What the public check-in page shows before the tap: nothing personal, nothing internal but the venue. */
export const PublicVenue = z.object({
  name: z.string(),
  kind: z.enum(VENUE_KINDS),
  communeName: z.string().nullable(),
  address: z.string().nullable(),
  stayMinutes: z.number(),
});
export const TokenParam = z.strictObject({ token: QrToken });

export const PublicCheckinBody = z.strictObject({
  venueToken: QrToken,
  phone: CheckinPhone,
  name: CheckinName.optional(),
  idempotencyKey: IdempotencyKey,
});
export type PublicCheckinBody = z.infer<typeof PublicCheckinBody>;

// The common case of PublicCheckinBody checked without zod (the server's hot path): exactly the three required
// fields, canonical UUID and token, a phone normalizePhone accepts. Anything else, including a name, answers
// undefined and goes through the schema. Stricter than the schema, never looser (property-tested).
const FAST_TOKEN = /^[A-Za-z0-9_-]{16,43}$/;
const FAST_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
export function fastPublicCheckin(data: unknown): PublicCheckinBody | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const keys = Object.keys(data);
  if (keys.length !== 3) return undefined;
  const { venueToken, phone, idempotencyKey } = data as Record<string, unknown>;
  if (typeof venueToken !== 'string' || typeof phone !== 'string' || typeof idempotencyKey !== 'string') return undefined;
  if (!Object.hasOwn(data, 'venueToken') || !Object.hasOwn(data, 'phone') || !Object.hasOwn(data, 'idempotencyKey')) return undefined;
  if (phone.length > 30 || !FAST_TOKEN.test(venueToken) || !FAST_UUID.test(idempotencyKey)) return undefined;
  const p = normalizePhone(phone);
  return p ? { venueToken, phone: p, idempotencyKey } : undefined;
}

/** The answer to a check-in, sent only after its batch committed. `duplicate`: a retry of a check-in already
 * recorded under the same idempotency key (the first one is returned). */
export const CheckinAck = z.object({
  checkinId: z.number(),
  timeIn: z.string(),
  expectedOut: z.string(),
  venueName: z.string(),
  duplicate: z.boolean(),
});
export type CheckinAck = z.infer<typeof CheckinAck>;

/** A check-out proves ownership with the idempotency key of the check-in (a 122-bit secret the phone kept). */
export const PublicCheckoutBody = z.strictObject({ idempotencyKey: IdempotencyKey });
export const CheckoutAck = z.object({ checkinId: z.number(), timeIn: z.string(), timeOut: z.string() });

const Instant = z.iso.datetime({ offset: true });

export const StaffCheckinBody = z.strictObject({
  venueId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  phone: CheckinPhone,
  name: CheckinName.optional(),
  timeIn: Instant.optional(),
  timeOut: Instant.nullable().optional(),
  idempotencyKey: IdempotencyKey,
});
export type StaffCheckinBody = z.infer<typeof StaffCheckinBody>;

export const CheckinImportBody = z.strictObject({
  csv: z.string().min(1).max(1_000_000),
  dryRun: z.boolean().default(false),
});
export const ImportRowError = z.object({ line: z.number(), field: z.string(), code: z.string(), message: z.string() });
export const CheckinImportReport = z.object({
  rows: z.number(),
  valid: z.number(),
  inserted: z.number(),
  duplicates: z.number(),
  personsCreated: z.number(),
  errors: z.array(ImportRowError),
  dryRun: z.boolean(),
});
export type CheckinImportReport = z.infer<typeof CheckinImportReport>;

/** Venue map: commune outlines projected to an SVG view box, and venue points in the same frame. */
export const VenueMap = z.object({
  available: z.boolean(),
  viewBox: z.string(),
  communes: z.array(z.object({ code: z.string(), name: z.string(), path: z.string() })),
  venues: z.array(z.object({ id: z.number(), name: z.string(), kind: z.enum(VENUE_KINDS), x: z.number(), y: z.number() })),
  /** Venues without coordinates (not drawn). */
  unplaced: z.number(),
});
export type VenueMap = z.infer<typeof VenueMap>;
export const VenueMapQuery = z.strictObject({ commune: CommuneCode.optional(), kind: z.enum(VENUE_KINDS).optional() });

export const CatchupStatus = z.object({
  cursor: z.number(),
  latestCheckinId: z.number(),
  pending: z.number(),
  checkoutCursor: z.number(),
  pendingCheckouts: z.number(),
});
