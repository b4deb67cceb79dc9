// Check-ins: a citizen scans a venue's poster and taps once (public, rate-limited), or an officer types the
// phone of someone without a smartphone. Every check-in is validated before it joins a batch (a bad one is
// refused alone), gathered with its neighbours by the group committer, and answered only after its batch's
// COMMIT (synchronous_commit on). Idempotency keys make retries safe: a retry answers the first check-in.
// Tracing hears of new check-ins through the catch-up loop (catchup.ts), not per request.
import type { CheckinAck, PublicCheckinBody, StaffCheckinBody } from '../../../contracts/intake.checkins.ts';
import type { App, Actor } from '../../platform/context.ts';
import { inArea } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { audit } from '../../platform/audit.ts';
import { groupCommitter, type GroupCommitter, type GroupCommitStats } from './groupCommit.ts';
import { checkOut, existingByKeys, insertBatch, insertBatchQuery, type CheckinRow, type StoredCheckin } from './checkins.queries.ts';
import { personsForPhones, phoneCache, primePhoneCache, type PhoneCache, type PhoneWanted } from './checkins.persons.ts';
import { DEFAULT_LIMITS, rateLimiter, type CheckinLimits, type RateLimiter } from './checkins.limits.ts';
import { effectiveStay, stayRule, venueByToken, venueRow, type VenueRow } from './venues.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far back an officer may date a check-in typed later (the longest tracing window). */
const STAFF_MAX_AGE_MS = 14 * DAY;

export type VenueRef = { id: number; name: string; kind: string; communeCode: string; active: boolean; stayMinutes: number; address: string | null };

type Item = {
  key: string; phone: string; personId: number; venue: VenueRef; timeIn: number; timeOut: number;
  source: 'qr'; outKind: 'default';
};

export type CheckinService = {
  /** The venue of a poster token (cached for `venueTtlMs`), null when unknown. */
  venueForToken: (token: string) => Promise<VenueRef | null>;
  publicCheckin: (body: PublicCheckinBody, client: string) => Promise<CheckinAck>;
  staffCheckin: (actor: Actor, body: StaffCheckinBody) => Promise<CheckinAck>;
  publicCheckout: (key: string) => Promise<{ checkinId: number; timeIn: string; timeOut: string }>;
  /** 0 when the client may call a public endpoint now, else milliseconds to wait. */
  limitAddress: (client: string) => number;
  forgetVenue: (token?: string) => void;
  phones: PhoneCache;
  /** Caches the phones of the latest check-ins (done once at start, in the background). */
  prime: () => Promise<number>;
  stats: () => GroupCommitStats;
  resolverStats: () => GroupCommitStats;
  close: () => Promise<void>;
};

export type CheckinOptions = {
  limits?: CheckinLimits | 'off';
  venueTtlMs?: number;
  maxBatch?: number;
  maxWaitMs?: number;
  maxInFlight?: number;
  maxQueue?: number;
};

const busy = () => new AppError({ code: 'checkin.busy', kind: 'unavailable', details: { retryAfterSeconds: 2 } });
const notSaved = () => new AppError({ code: 'checkin.not_saved', kind: 'unavailable', details: { retryAfterSeconds: 1 } });
const tooMany = (ms: number) => new AppError({ code: 'request.rate_limited', kind: 'rate_limited', details: { retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) } });

function ack(id: number, timeIn: number, timeOut: number, venueName: string, duplicate: boolean): CheckinAck {
  return { checkinId: id, timeIn: new Date(timeIn).toISOString(), expectedOut: new Date(timeOut).toISOString(), venueName, duplicate };
}

export function checkinService(app: App, opts: CheckinOptions = {}): CheckinService {
  const db = app.db;
  const phones = phoneCache();
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const byAddress: RateLimiter | null = limits === 'off' ? null : rateLimiter(limits.perAddress);
  const byPhone: RateLimiter | null = limits === 'off' ? null : rateLimiter(limits.perPhone);
  const venueTtl = opts.venueTtlMs ?? 30_000;
  const venues = new Map<string, { at: number; ref: Promise<VenueRef | null>; value?: VenueRef | null }>();

  const refOf = async (row: VenueRow): Promise<VenueRef> => ({
    id: row.id, name: row.name, kind: row.kind, communeCode: row.commune_code, active: row.active, address: row.address,
    stayMinutes: effectiveStay(await stayRule(db), row),
  });

  const venueForToken = (token: string): Promise<VenueRef | null> => {
    const now = Date.now();
    const hit = venues.get(token);
    if (hit && now - hit.at < venueTtl) return hit.ref;
    if (venues.size > 50_000) venues.clear();
    // Concurrent misses of one token share one query; unknown tokens are remembered too (a flood of made-up
    // tokens costs one query each per TTL at most, and the address limit bounds how many).
    const entry: { at: number; ref: Promise<VenueRef | null>; value?: VenueRef | null } = { at: now, ref: Promise.resolve(null) };
    entry.ref = venueByToken(db, token).then((row) => (row ? refOf(row) : null)).then((v) => { entry.value = v; return v; });
    venues.set(token, entry);
    entry.ref.catch(() => venues.delete(token));
    return entry.ref;
  };
  /** The venue when it is cached and resolved (no promise on the hot path), else undefined. */
  const venueNow = (token: string): VenueRef | null | undefined => {
    const hit = venues.get(token);
    return hit && hit.value !== undefined && Date.now() - hit.at < venueTtl ? hit.value : undefined;
  };

  // Two stages. Phones seen recently are answered from memory; the others (a first check-in, or any after a
  // restart) go through a resolver that looks up or creates their persons in batches of its own, so that the
  // check-in batches themselves never wait for person work.
  const resolver: GroupCommitter<PhoneWanted, number> = groupCommitter<PhoneWanted, number>({
    flush: async (wanted) => {
      const { ids } = await personsForPhones(db, phones, wanted);
      return wanted.map((w) => ids.get(w.phone) ?? notSaved());
    },
    batchError: notSaved,
    busyError: busy,
    maxBatch: 1_000,
    maxWaitMs: opts.maxWaitMs ?? 2,
    maxInFlight: 2,
    maxQueue: opts.maxQueue ?? 20_000,
    onBatchError: (cause, size) => app.log.error(`phone look-up batch of ${size} failed: ${(cause as Error)?.message ?? cause}`),
  });
  const personFor = (w: PhoneWanted): number | Promise<number> => phones.get(w.phone) ?? resolver.submit(w);

  const flush = async (items: Item[]): Promise<Array<CheckinAck | Error>> => {
    // One row per key; a key sent twice in one batch (a double tap that raced) gets one check-in.
    const first = new Map<string, number>();
    const rows: CheckinRow[] = [];
    items.forEach((it, i) => {
      if (first.has(it.key)) return;
      first.set(it.key, i);
      rows.push({ key: it.key, personId: it.personId, venueId: it.venue.id, timeIn: it.timeIn, timeOut: it.timeOut, source: it.source, outKind: it.outKind });
    });
    const inserted = await insertBatch(db, app.pool, rows);
    const missing = rows.filter((r) => !inserted.has(r.key)).map((r) => r.key);
    const earlier = missing.length ? new Map((await existingByKeys(db, missing)).map((s) => [s.key, s])) : new Map<string, StoredCheckin>();
    return items.map((it, i) => {
      const id = inserted.get(it.key);
      if (id !== undefined) return ack(id, it.timeIn, it.timeOut, it.venue.name, first.get(it.key) !== i);
      const e = earlier.get(it.key);
      if (!e) return notSaved();
      // A retry carries the same phone and venue; anything else reused a key it should not have.
      if (e.venueId !== it.venue.id || (e.phone !== null && e.phone !== it.phone)) return new AppError({ code: 'checkin.key_reused', kind: 'conflict' });
      return ack(e.id, e.timeIn.getTime(), (e.timeOut ?? e.timeIn).getTime(), it.venue.name, true);
    });
  };

  const committer: GroupCommitter<Item, CheckinAck> = groupCommitter<Item, CheckinAck>({
    flush,
    batchError: notSaved,
    busyError: busy,
    maxBatch: opts.maxBatch ?? 400,
    maxWaitMs: opts.maxWaitMs ?? 2,
    maxInFlight: opts.maxInFlight ?? 3,
    maxQueue: opts.maxQueue ?? 20_000,
    onBatchError: (cause, size) => app.log.error(`check-in batch of ${size} failed: ${(cause as Error)?.message ?? cause}`),
  });

  const limitPhone = (phone: string) => {
    const wait = byPhone?.take(phone) ?? 0;
    if (wait) throw tooMany(wait);
  };

  return {
    venueForToken,
    phones,
    prime: () => primePhoneCache(db, phones),
    stats: () => committer.stats(),
    resolverStats: () => resolver.stats(),
    limitAddress: (client) => byAddress?.take(client) ?? 0,
    forgetVenue: (token) => (token ? venues.delete(token) : venues.clear()),

    async publicCheckin(body, _client) {
      const cached = venueNow(body.venueToken);
      const venue = cached === undefined ? await venueForToken(body.venueToken) : cached;
      if (!venue) throw new AppError({ code: 'checkin.venue_not_found', kind: 'not_found' });
      if (!venue.active) throw new AppError({ code: 'checkin.venue_inactive', kind: 'conflict' });
      limitPhone(body.phone);
      const now = Date.now();
      const p = personFor({ phone: body.phone, name: body.name ?? null, communeCode: venue.communeCode });
      const personId = typeof p === 'number' ? p : await p;
      return committer.submit({
        key: body.idempotencyKey, phone: body.phone, personId, venue,
        timeIn: now, timeOut: now + venue.stayMinutes * MINUTE, source: 'qr', outKind: 'default',
      });
    },

    async staffCheckin(actor, body) {
      const row = await venueRow(db, body.venueId);
      if (!row) throw new AppError({ code: 'venue.not_found', kind: 'not_found', details: { id: body.venueId } });
      if (!inArea(actor, row.commune_code)) {
        await audit(db, actor, { action: 'checkin.create', entity: 'venue', entityId: row.id, outcome: 'denied', details: { reason: 'outside_area' } });
        throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { venueId: row.id } });
      }
      const venue = await refOf(row);
      const now = Date.now();
      const timeIn = body.timeIn ? new Date(body.timeIn).getTime() : now;
      const given = body.timeOut ? new Date(body.timeOut).getTime() : null;
      if (timeIn > now + 5 * MINUTE || timeIn < now - STAFF_MAX_AGE_MS || (given !== null && (given < timeIn || given > timeIn + DAY))) {
        throw new AppError({ code: 'checkin.invalid_time', kind: 'invalid', details: { timeIn: body.timeIn ?? null, timeOut: body.timeOut ?? null } });
      }
      const timeOut = given ?? Math.min(timeIn + venue.stayMinutes * MINUTE, timeIn + DAY);
      // An officer's entry is a write of personal data: the check-in and its audit row commit together (one at a
      // time is fine here: a person types it).
      const { ids } = await personsForPhones(db, phones, [{ phone: body.phone, name: body.name ?? null, communeCode: venue.communeCode }], actor);
      const personId = ids.get(body.phone)!;
      const out = await db.transaction().execute(async (tx) => {
        const r = await insertBatchQuery([{ key: body.idempotencyKey, personId, venueId: venue.id, timeIn, timeOut, source: 'staff', outKind: given === null ? 'default' : 'given' }]).execute(tx);
        const id = r.rows[0]?.id;
        if (id !== undefined) {
          await audit(tx, actor, { action: 'checkin.create', entity: 'person', entityId: personId, purpose: 'checkin', details: { checkinId: Number(id), venueId: venue.id, source: 'staff' } });
        }
        return id === undefined ? null : Number(id);
      });
      if (out !== null) return ack(out, timeIn, timeOut, venue.name, false);
      const [e] = await existingByKeys(db, [body.idempotencyKey]);
      if (!e) throw notSaved();
      if (e.venueId !== venue.id || (e.phone !== null && e.phone !== body.phone)) throw new AppError({ code: 'checkin.key_reused', kind: 'conflict' });
      return ack(e.id, e.timeIn.getTime(), (e.timeOut ?? e.timeIn).getTime(), venue.name, true);
    },

    async publicCheckout(key) {
      const r = await checkOut(db, key, new Date());
      if (!r) throw new AppError({ code: 'checkin.not_found', kind: 'not_found' });
      if (r.status === 'too_late') throw new AppError({ code: 'checkin.checkout_too_late', kind: 'conflict' });
      if (r.status === 'given') throw new AppError({ code: 'checkin.already_out', kind: 'conflict', details: { timeOut: r.timeOut.toISOString() } });
      return { checkinId: r.id, timeIn: r.timeIn.toISOString(), timeOut: r.timeOut.toISOString() };
    },

    close: async () => { await resolver.close(); await committer.close(); },
  };
}
