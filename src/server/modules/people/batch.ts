// Find-or-register of many persons at once, for writers that handle a batch of records in one transaction
// (the group commit of health declarations). The rule is the one a declaration applies to its declarant, as
// if the batch were processed one item after another (later items see the persons registered for earlier
// ones):
//   1. the same identity number (type and number) → that person ('id_number');
//   2. else the same phone with the same folded name, a birth year that is unknown or equal, and identity
//      numbers that do not contradict (one side has none, or both are equal) → the lowest such id ('phone');
//      a phone alone is not enough, since a family often shares one;
//   3. else a new person, with its history row (version 1) and its audit row ('created').
// Merged records are never matched.
//
// Statements per call, whatever the batch size: one read (identity numbers and phones together); when some
// persons must be created, the advisory locks of their keys, the same read again under the locks, and one
// statement that inserts the persons, their history rows and the audit rows (create rows and the read row).
// When everything matched, the read and the audit row only: two statements.
//
// Concurrency. Creators lock every key a new person would be found by — its phone and, when it has one, its
// identity number — then read again: a concurrent batch that would create the same person waits for this
// transaction and then finds its person. Locks are taken in one sorted statement (namespace, key), so batches
// do not deadlock each other; the phone locks are the ones intake's check-in resolver takes (same namespace,
// same key, same order by phone), so a check-in and a declaration cannot register the same new phone twice
// either. Writers that take no lock (an officer's createPerson or updatePerson) can still register the same
// identity number in between: the insert skips the conflicting row (`on conflict do nothing`, which waits
// for that writer's transaction), the rows this attempt inserted are deleted again (nothing refers to them
// yet, and no history or audit row was written for them), and the call starts over from the read, which now
// sees that person.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../schema.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { Actor } from '../../platform/context.ts';
import { conflict } from '../../platform/errors.ts';
import { int4Array, int8Array } from '../../platform/db/arrays.ts';
import { foldVietnamese } from '../../../contracts/identity.ts';

/** Advisory-lock namespace for "registering a person with this phone" (second key: hashtext(phone)). The value
 * is intake's check-in PHONE_LOCK_NS on purpose: both creators of persons by phone exclude each other. */
export const PERSON_PHONE_LOCK_NS = 74_014_002;
/** Advisory-lock namespace for "registering a person with this identity number" (second key:
 * hashtext(id_type || ':' || id_number)). */
export const PERSON_ID_LOCK_NS = 74_013_001;

/** After this many attempts lost to writers that take no lock, the call gives up (person.duplicate_id). */
const MAX_ATTEMPTS = 4;

export type PersonWanted = {
  fullName: string;
  birthYear: number | null;
  sex: 'male' | 'female' | null;
  idType: 'cccd' | 'cmnd' | 'passport' | null;
  idNumber: string | null;
  /** Always given: 10 digits, normalised. */
  phone: string;
  address: string | null;
  communeCode: string;
  nationality: string;
};

export type PersonMatch = { id: number; match: 'id_number' | 'phone' | 'created' };

type Known = { id: number; full_name: string; birth_year: number | null; id_type: string | null; id_number: string | null; phone: string | null };

/** A person of the registry or one this call will create: `ref` is the id, or -(k+1) for the k-th new person. */
type Entry = { ref: number; fold: string; birthYear: number | null; idType: string | null; idNumber: string | null };

type Plan = { refs: number[]; kinds: Array<PersonMatch['match']>; creates: number[] };

const idKey = (type: string | null, num: string) => `${type ?? ''}:${num}`;

/** The one-after-another rule, in memory: `rows` are the registry's non-merged persons holding one of the
 * identity numbers or phones (with one of the names) of `wanted`. */
function planOf(wanted: readonly PersonWanted[], folds: readonly string[], rows: readonly Known[]): Plan {
  const byId = new Map<string, Entry>();
  const byPhone = new Map<string, Entry[]>();
  const add = (e: Entry, phone: string | null) => {
    if (e.idNumber) {
      const k = idKey(e.idType, e.idNumber);
      if (!byId.has(k)) byId.set(k, e);
    }
    if (phone) {
      const list = byPhone.get(phone);
      if (list) list.push(e); else byPhone.set(phone, [e]);
    }
  };
  // Registry rows by id, then new persons in creation order: each phone's list stays in id order.
  for (const r of [...rows].sort((a, b) => a.id - b.id)) {
    add({ ref: r.id, fold: foldVietnamese(r.full_name), birthYear: r.birth_year, idType: r.id_type, idNumber: r.id_number }, r.phone);
  }
  const plan: Plan = { refs: [], kinds: [], creates: [] };
  wanted.forEach((w, i) => {
    if (w.idNumber) {
      const hit = byId.get(idKey(w.idType, w.idNumber));
      if (hit) { plan.refs.push(hit.ref); plan.kinds.push('id_number'); return; }
    }
    const hit = byPhone.get(w.phone)?.find((p) => p.fold === folds[i]
      && (p.birthYear == null || p.birthYear === w.birthYear)
      && (!w.idNumber || !p.idNumber || (p.idNumber === w.idNumber && p.idType === w.idType)));
    if (hit) { plan.refs.push(hit.ref); plan.kinds.push('phone'); return; }
    const ref = -(plan.creates.length + 1);
    plan.creates.push(i);
    add({ ref, fold: folds[i]!, birthYear: w.birthYear, idType: w.idType, idNumber: w.idNumber }, w.phone);
    plan.refs.push(ref);
    plan.kinds.push('created');
  });
  return plan;
}

type Tx = Transaction<Database> | Db;

async function readKnown(db: Tx, idNumbers: readonly string[], phones: readonly string[], folds: readonly string[]): Promise<Known[]> {
  // Two index look-ups (persons_id_number_key, persons_phone_idx); the exact pairs are checked by planOf.
  const r = await sql<Known>`
    select id, full_name, birth_year, id_type, id_number, phone from persons
    where merged_into is null and id_number is not null
      and id_number = any(array(select jsonb_array_elements_text(${JSON.stringify(idNumbers)}::jsonb)))
    union
    select id, full_name, birth_year, id_type, id_number, phone from persons
    where merged_into is null
      and phone = any(array(select jsonb_array_elements_text(${JSON.stringify(phones)}::jsonb)))
      and search_name = any(array(select jsonb_array_elements_text(${JSON.stringify(folds)}::jsonb)))`.execute(db);
  return r.rows;
}

async function lockKeys(db: Tx, phones: readonly string[], ids: readonly string[]): Promise<void> {
  // Sorted by namespace then key, every caller alike (the phones as intake's check-in resolver sorts them).
  await sql`
    select pg_advisory_xact_lock(k.ns, hashtext(k.key)) from (
      select ${PERSON_PHONE_LOCK_NS}::int as ns, p as key from jsonb_array_elements_text(${JSON.stringify(phones)}::jsonb) as p
      union
      select ${PERSON_ID_LOCK_NS}::int, i from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) as i) k
    order by k.ns, k.key`.execute(db);
}

/** Inserts the planned persons with their history and audit rows, and the read's audit row, in one statement.
 * Returns the new ids in creation order, or null when a row met an identity number registered meanwhile
 * (nothing of this attempt is then left behind). */
async function write(db: Tx, actor: Actor, wanted: readonly PersonWanted[], plan: Plan, purpose: string): Promise<number[] | null> {
  const creates = plan.creates.map((i, k) => {
    const w = wanted[i]!;
    return {
      ord: k + 1, full_name: w.fullName, birth_year: w.birthYear, sex: w.sex, id_type: w.idNumber ? w.idType : null, id_number: w.idNumber || null,
      phone: w.phone, address: w.address, commune_code: w.communeCode, nationality: w.nationality,
    };
  });
  const matchedExisting = new Set<number>();
  const matchedNew = new Set<number>();
  plan.kinds.forEach((kind, i) => {
    if (kind === 'created') return;
    const ref = plan.refs[i]!;
    if (ref > 0) matchedExisting.add(ref); else matchedNew.add(-ref);
  });
  const by = actor.id || null;
  const auditActor = actor.id > 0 ? actor.id : null;
  // Only new persons can meet a number registered meanwhile: then the attempt is undone to this savepoint.
  const undoable = creates.length > 0;
  if (undoable) await sql`savepoint person_batch_write`.execute(db);
  const r = await sql<{ ord: number; id: number; inserted: boolean }>`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(creates)}::jsonb) as x(ord int, full_name text, birth_year int, sex text,
        id_type text, id_number text, phone text, address text, commune_code text, nationality text)
    ),
    ids as (
      select (row_number() over (order by v))::int as ord, v as id
      from (select nextval(pg_get_serial_sequence('persons', 'id')) as v from input) s
    ),
    ins as (
      insert into persons (id, full_name, birth_year, sex, id_type, id_number, phone, address, commune_code, nationality, created_by, updated_by)
      overriding system value
      select ids.id, i.full_name, i.birth_year, i.sex, i.id_type, i.id_number, i.phone, i.address, i.commune_code, i.nationality,
        ${by}::bigint, ${by}::bigint
      from input i join ids using (ord)
      on conflict (id_number, id_type) where merged_into is null and id_number is not null do nothing
      returning *
    ),
    whole as (select count(*) = ${creates.length} as ok from ins),
    history as (
      insert into person_history (person_id, version, change, data, changed_by)
      select id, 1, 'create', jsonb_build_object('fullName', full_name, 'birthDate', birth_date, 'birthYear', birth_year, 'sex', sex,
        'idType', id_type, 'idNumber', id_number, 'phone', phone, 'address', address, 'communeCode', commune_code, 'nationality', nationality),
        ${by}::bigint
      from ins where (select ok from whole)
    ),
    matched as (
      select coalesce(jsonb_agg(m.x order by m.x), '[]'::jsonb) as ids from (
        select unnest(${int8Array([...matchedExisting])}::bigint[])
        union
        select id from ids where ord = any(${int4Array([...matchedNew])}::int[])) m(x)
    ),
    logged as (
      insert into audit_log (actor_id, actor_username, action, entity, entity_id, record_count, purpose, outcome, details, ip, request_id)
      select ${auditActor}::bigint, ${actor.username ?? null}, 'person.create', 'person', ins.id::text, 1, ${purpose}, 'ok',
        '{"source": "batch"}'::jsonb, ${actor.ip ?? null}, ${actor.requestId ?? null}
      from ins where (select ok from whole)
      union all
      select ${auditActor}::bigint, ${actor.username ?? null}, 'person.match', 'person', null, jsonb_array_length(matched.ids), ${purpose}, 'ok',
        jsonb_build_object('ids', matched.ids), ${actor.ip ?? null}, ${actor.requestId ?? null}
      from matched where jsonb_array_length(matched.ids) > 0 and (select ok from whole)
    )
    select ids.ord, ids.id, ins.id is not null as inserted from ids left join ins using (id) order by ids.ord`.execute(db);
  const rows = r.rows;
  if (rows.every((x) => x.inserted)) {
    if (undoable) await sql`release savepoint person_batch_write`.execute(db);
    return rows.map((x) => x.id);
  }
  // Undone, not deleted: a delete from persons waits for every writer of references to persons (0022).
  await sql`rollback to savepoint person_batch_write`.execute(db);
  return null;
}

async function run(db: Tx, actor: Actor, wanted: readonly PersonWanted[], purpose: string): Promise<PersonMatch[]> {
  const folds = wanted.map((w) => foldVietnamese(w.fullName));
  const idNumbers = [...new Set(wanted.flatMap((w) => (w.idNumber ? [w.idNumber] : [])))];
  const phones = [...new Set(wanted.map((w) => w.phone))];
  const names = [...new Set(folds)];
  const lockedPhones = new Set<string>();
  const lockedIds = new Set<string>();
  for (let attempt = 1; ; attempt++) {
    let plan = planOf(wanted, folds, await readKnown(db, idNumbers, phones, names));
    // Lock what the new persons would be found by, then decide again on what is committed by then. A second
    // round only happens when the registry changed under the first one so that more persons must be created.
    for (;;) {
      const newPhones = new Set<string>();
      const newIds = new Set<string>();
      for (const i of plan.creates) {
        const w = wanted[i]!;
        if (!lockedPhones.has(w.phone)) newPhones.add(w.phone);
        if (w.idNumber && !lockedIds.has(idKey(w.idType, w.idNumber))) newIds.add(idKey(w.idType, w.idNumber));
      }
      if (!newPhones.size && !newIds.size) break;
      await lockKeys(db, [...newPhones], [...newIds]);
      for (const p of newPhones) lockedPhones.add(p);
      for (const k of newIds) lockedIds.add(k);
      plan = planOf(wanted, folds, await readKnown(db, idNumbers, phones, names));
    }
    const created = await write(db, actor, wanted, plan, purpose);
    if (created) {
      return plan.refs.map((ref, i) => ({ id: ref > 0 ? ref : created[-ref - 1]!, match: plan.kinds[i]! }));
    }
    if (attempt >= MAX_ATTEMPTS) throw conflict('person.duplicate_id', { candidates: [] });
  }
}

/** The person of each wanted item, found or registered (one result per item, in order); see the top of this
 * file for the rule, the statements and the locks. Call it inside the transaction that writes the records
 * pointing to these persons (given a plain Db, it opens its own). Read committed isolation (the default): the
 * read after the locks must see what the transactions it waited for committed. The caller checks the items
 * (commune codes exist, identity numbers and phones normalised) and their authority; the registry is searched
 * province-wide. */
export async function matchOrRegisterPersons(db: Db | Transaction<Database>, actor: Actor, wanted: readonly PersonWanted[], opts: { purpose?: string } = {}): Promise<PersonMatch[]> {
  if (wanted.length === 0) return [];
  for (const w of wanted) {
    if (w.idNumber && !w.idType) throw new Error('matchOrRegisterPersons: an identity number without its type');
  }
  const purpose = opts.purpose ?? 'registry';
  if (db.isTransaction) return run(db, actor, wanted, purpose);
  return db.transaction().execute((tx) => run(tx, actor, wanted, purpose));
}
