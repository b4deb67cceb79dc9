// Phone → person for check-ins, set-based: a batch of phones is resolved by one look-up, and the phones that
// nobody in the registry holds become minimal person records in one insert. Recently seen phones are answered
// from memory (most check-ins come from phones seen before), so the hot path does no person query at all.
//
// The minimal person: `persons` needs a name (1-200 characters) and a commune (not null). A check-in gives a
// phone, maybe a name, and the venue: the name is the one typed, else the placeholder 'Chưa rõ tên (0912…)'
// (the folded search key finds every such record by "chua ro ten"); the commune is the venue's, because
// residence is unknown and the officers of that commune are the ones who will follow the person up. An officer
// completes the record later (the people module's edit), which keeps its history.
//
// A phone held by several registered people (a family listed on one number) links to the earliest registered
// of them: the holder who scans is most often the one who registered it first. Merged records are skipped.
//
// These writes touch the people module's tables directly on purpose (the hot path cannot afford a call per
// person); they belong in people/index.ts as `personsForPhones` once that module offers a batch API.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { textArray } from '../../platform/db/arrays.ts';
import { audit } from '../../platform/audit.ts';
import type { Actor } from '../../platform/context.ts';

/** Advisory-lock namespace for "creating a person for this phone" (second key: hashtext(phone)). */
const PHONE_LOCK_NS = 74_014_002;

export function placeholderName(phone: string): string {
  return `Chưa rõ tên (${phone.slice(0, 4)}…)`;
}

export type PhoneCache = {
  get: (phone: string) => number | undefined;
  set: (phone: string, id: number) => void;
  size: () => number;
  clear: () => void;
};

/** Phone → person id for `ttlMs` (a merge or a correction in the registry is seen after at most that long),
 * at most `max` entries (the oldest go first). */
export function phoneCache(opts: { max?: number; ttlMs?: number; now?: () => number } = {}): PhoneCache {
  const max = opts.max ?? 500_000;
  const ttl = opts.ttlMs ?? 10 * 60_000;
  const now = opts.now ?? Date.now;
  const map = new Map<string, { id: number; at: number }>();
  return {
    get(phone) {
      const e = map.get(phone);
      if (!e) return undefined;
      if (now() - e.at > ttl) { map.delete(phone); return undefined; }
      return e.id;
    },
    set(phone, id) {
      map.delete(phone);
      map.set(phone, { id, at: now() });
      if (map.size > max) {
        const drop = Math.ceil(max / 10);
        let i = 0;
        for (const k of map.keys()) { if (i++ >= drop) break; map.delete(k); }
      }
    },
    size: () => map.size,
    clear: () => map.clear(),
  };
}

export type PhoneWanted = { phone: string; name: string | null; communeCode: string };

/** Person ids for these phones: from the cache, else the registry, else new minimal persons (committed here,
 * before the check-ins that use them: a person whose check-in then fails stays, as a phone holder who tried).
 * Concurrent creators of the same phone (other batches, other processes) wait on an advisory lock per phone. */
export async function personsForPhones(db: Db, cache: PhoneCache, wanted: readonly PhoneWanted[], actor: Actor | null = null): Promise<{ ids: Map<string, number>; created: number[] }> {
  const ids = new Map<string, number>();
  const missing = new Map<string, PhoneWanted>();
  for (const w of wanted) {
    if (ids.has(w.phone)) continue;
    const hit = cache.get(w.phone);
    if (hit !== undefined) ids.set(w.phone, hit);
    else {
      const m = missing.get(w.phone);
      if (!m) missing.set(w.phone, w);
      else if (!m.name && w.name) missing.set(w.phone, { ...m, name: w.name });
    }
  }
  if (!missing.size) return { ids, created: [] };
  const found = await lookup(db, [...missing.keys()]);
  for (const [phone, id] of found) { ids.set(phone, id); cache.set(phone, id); missing.delete(phone); }
  if (!missing.size) return { ids, created: [] };

  const toCreate = [...missing.values()].sort((a, b) => (a.phone < b.phone ? -1 : 1));
  const created = await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${PHONE_LOCK_NS}, hashtext(p)) from unnest(${textArray(toCreate.map((w) => w.phone))}::text[]) as u(p) order by p`.execute(tx);
    const meanwhile = await lookup(tx, toCreate.map((w) => w.phone));
    const fresh = toCreate.filter((w) => !meanwhile.has(w.phone));
    for (const [phone, id] of meanwhile) ids.set(phone, id);
    if (!fresh.length) return [] as Array<{ id: number; phone: string }>;
    const rows = await sql<{ id: number; phone: string }>`
      insert into persons (full_name, phone, commune_code)
      select n.v, u.p, u.c
      from jsonb_array_elements_text(${JSON.stringify(fresh.map((w) => w.name ?? placeholderName(w.phone)))}::jsonb) with ordinality as n(v, i)
      join unnest(${textArray(fresh.map((w) => w.phone))}::text[], ${textArray(fresh.map((w) => w.communeCode))}::text[]) with ordinality as u(p, c, i) using (i)
      returning id, phone`.execute(tx);
    await sql`insert into person_history (person_id, version, change, data)
      select id, 1, 'create', jsonb_build_object('fullName', full_name, 'birthDate', null, 'birthYear', null, 'sex', null, 'idType', null,
        'idNumber', null, 'phone', phone, 'address', null, 'communeCode', commune_code, 'nationality', nationality)
      from persons where id = any(${`{${rows.rows.map((r) => r.id).join(',')}}`}::bigint[])`.execute(tx);
    await audit(tx, actor, {
      action: 'person.create', entity: 'person', recordCount: rows.rows.length, purpose: 'checkin',
      details: { source: 'checkin', ids: rows.rows.map((r) => r.id) },
    });
    return rows.rows;
  });
  for (const r of created) ids.set(r.phone, r.id);
  // Cached only once committed: a batch that failed must not hand out ids that do not exist.
  for (const [phone, id] of ids) cache.set(phone, id);
  return { ids, created: created.map((r) => r.id) };
}

/** Fills the cache with the phones of the people behind the latest `recent` check-ins (the regulars), so that a
 * restarted server does not send its first minutes of check-ins through the resolver. Same rule as a look-up:
 * the earliest registered holder of each phone. Returns how many phones were cached. */
export async function primePhoneCache(db: Db, cache: PhoneCache, recent = 300_000): Promise<number> {
  const r = await sql<{ phone: string; id: number }>`
    select distinct on (p.phone) p.phone, p.id from persons p
    where p.phone in (select q.phone from persons q where q.id in (
        select person_id from checkins where id > (select coalesce(max(id), 0) from checkins) - ${recent}) and q.phone is not null)
      and p.merged_into is null
    order by p.phone, p.id`.execute(db);
  for (const row of r.rows) cache.set(row.phone, row.id);
  return r.rows.length;
}

async function lookup(db: Db, phones: readonly string[]): Promise<Map<string, number>> {
  const r = await sql<{ phone: string; id: number }>`
    select distinct on (phone) phone, id from persons
    where phone = any(${textArray(phones)}::text[]) and merged_into is null
    order by phone, id`.execute(db);
  return new Map(r.rows.map((x) => [x.phone, x.id]));
}
