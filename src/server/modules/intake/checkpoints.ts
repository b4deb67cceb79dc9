// Checkpoints (chốt kiểm soát) and their entries. Entries come in batches from phones that recorded them
// offline: each has a client-generated UUID, stored under a unique constraint, so a batch sent again (the answer
// was lost, the page reloaded during a sync) stores nothing new and answers each entry with its first result.
// The person is linked by identity number, else by phone, when the registry knows them (never created here).
// Personal data: every write and every read of entries is audited; a checkpoint outside the officer's area is
// refused (for a batch: entry by entry, so one wrong entry does not hold back the others of the queue).
import { sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { audit, auditRead } from '../../platform/audit.ts';
import { inArea, type Actor } from '../../platform/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { vnDate, vnDayStart } from '../../platform/time.ts';
import { communeExists } from '../reference/index.ts';
import { normalizeName, normalizePhone } from '../../../contracts/identity.ts';
import {
  normalizeIdNumber, type CheckpointEntryInput, type CheckpointEntryResult, type CheckpointEntryView, type CheckpointInput,
  type CheckpointKind, type CheckpointView, type CheckpointDecision,
} from '../../../contracts/intake.checkpoints.ts';

/** How far back an entry recorded offline may be (a phone left offline for weeks is a mistake to look at). */
const MAX_AGE_MS = 30 * 86_400_000;
/** Phone clocks drift: an entry "from the future" by up to this much is accepted. */
const CLOCK_SKEW_MS = 10 * 60_000;

type CheckpointRow = { id: string; name: string; kind: string; commune_code: string; address: string | null; active: boolean };
const present = (r: CheckpointRow): CheckpointView => ({
  id: Number(r.id), name: r.name, kind: r.kind as CheckpointKind, communeCode: r.commune_code, address: r.address, active: r.active,
});

async function outsideArea(db: Db, actor: Actor, action: string, communeCode: string, checkpointId: number | null): Promise<never> {
  await audit(db, actor, { action, entity: 'checkpoint', entityId: checkpointId, outcome: 'denied', details: { reason: 'outside_area', communeCode } });
  throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { communeCode } });
}

export async function createCheckpoint(db: Db, actor: Actor, input: CheckpointInput): Promise<CheckpointView> {
  if (!inArea(actor, input.communeCode)) await outsideArea(db, actor, 'checkpoint.create', input.communeCode, null);
  if (!(await communeExists(db, input.communeCode))) throw invalid('checkpoint.unknown_commune', { communeCode: input.communeCode });
  return db.transaction().execute(async (tx) => {
    const r = await sql<CheckpointRow>`
      insert into checkpoints (name, kind, commune_code, address, created_by)
      values (${input.name}, ${input.kind}, ${input.communeCode}, ${input.address ?? null}, ${actor.id > 0 ? actor.id : null})
      returning id, name, kind, commune_code, address, active`.execute(tx);
    const row = r.rows[0]!;
    await audit(tx, actor, { action: 'checkpoint.create', entity: 'checkpoint', entityId: row.id, details: { name: input.name, kind: input.kind, communeCode: input.communeCode } });
    return present(row);
  });
}

/** The checkpoints in the officer's area (not personal data: not audited). */
export async function listCheckpoints(db: Db, actor: Actor): Promise<CheckpointView[]> {
  const scope = actor.areaScope === 'province' ? sql`true` : sql`commune_code = any(${[...actor.areaCommunes]}::text[])`;
  const r = await sql<CheckpointRow>`select id, name, kind, commune_code, address, active from checkpoints where ${scope} order by name, id`.execute(db);
  return r.rows.map(present);
}

async function checkpointRow(db: Db, id: number): Promise<CheckpointRow | null> {
  return (await sql<CheckpointRow>`select id, name, kind, commune_code, address, active from checkpoints where id = ${id}`.execute(db)).rows[0] ?? null;
}

export async function getCheckpoint(db: Db, actor: Actor, id: number): Promise<CheckpointView> {
  const row = await checkpointRow(db, id);
  if (!row) throw notFound('checkpoint.not_found', { id });
  if (!inArea(actor, row.commune_code)) await outsideArea(db, actor, 'checkpoint.view', row.commune_code, id);
  return present(row);
}

type Prepared = {
  input: CheckpointEntryInput;
  idNumber: string | null; phone: string | null; fullName: string | null; plate: string | null;
  recordedAt: Date;
};

const blank = (s: string | null | undefined): string | null => (s == null || s.trim() === '' ? null : s.trim());

function prepare(e: CheckpointEntryInput): Prepared {
  const id = blank(e.idNumber);
  const phone = blank(e.phone);
  const name = blank(e.fullName);
  const plate = blank(e.plate);
  return {
    input: e,
    idNumber: id ? normalizeIdNumber(id) : null,
    phone: phone ? (normalizePhone(phone) ?? phone.replace(/[\s.()-]/g, '')) : null,
    fullName: name ? normalizeName(name) : null,
    plate: plate ? plate.toUpperCase().replace(/\s+/g, '') : null,
    recordedAt: new Date(e.recordedAt),
  };
}

type StoredRow = { id: string; client_id: string; checkpoint_id: string; person_id: string | null; received_at: Date };

/** Stores a batch; idempotent per clientId. Results in the order of the entries. */
export async function recordEntries(db: Db, actor: Actor, entries: readonly CheckpointEntryInput[], now: Date): Promise<CheckpointEntryResult[]> {
  const results = new Map<string, CheckpointEntryResult>();
  const reject = (clientId: string, code: string) => results.set(clientId, { clientId, status: 'rejected', id: null, personId: null, receivedAt: null, code });

  // The checkpoints of the batch, and the area check (a refusal is audited once per checkpoint).
  const cpIds = [...new Set(entries.map((e) => e.checkpointId))];
  const cps = await sql<CheckpointRow>`select id, name, kind, commune_code, address, active from checkpoints where id = any(${cpIds}::bigint[])`.execute(db);
  const cpById = new Map(cps.rows.map((r) => [Number(r.id), r]));
  const denied = new Set<number>();
  for (const id of cpIds) {
    const cp = cpById.get(id);
    if (cp && !inArea(actor, cp.commune_code)) {
      denied.add(id);
      await audit(db, actor, { action: 'checkpoint.entries.record', entity: 'checkpoint', entityId: id, outcome: 'denied', details: { reason: 'outside_area', communeCode: cp.commune_code } });
    }
  }

  const seen = new Set<string>();
  const ok: Prepared[] = [];
  for (const e of entries) {
    const clientId = e.clientId.toLowerCase();
    if (seen.has(clientId)) continue; // the same entry twice in one batch: one row, one result
    seen.add(clientId);
    const p = prepare({ ...e, clientId });
    const age = now.getTime() - p.recordedAt.getTime();
    if (!cpById.has(e.checkpointId)) reject(clientId, 'checkpoint.not_found');
    else if (denied.has(e.checkpointId)) reject(clientId, 'auth.outside_area');
    else if (age > MAX_AGE_MS || age < -CLOCK_SKEW_MS) reject(clientId, 'checkpoint.invalid_time');
    else ok.push(p);
  }

  if (ok.length > 0) {
    await db.transaction().execute(async (tx) => {
      // Registry links: identity number first, else phone; the earliest live record when several hold it.
      const ids = [...new Set(ok.map((p) => p.idNumber).filter((x): x is string => !!x))];
      const phones = [...new Set(ok.map((p) => p.phone).filter((x): x is string => !!x))];
      const byId = new Map<string, number>();
      const byPhone = new Map<string, number>();
      if (ids.length + phones.length > 0) {
        const r = await sql<{ id: string; id_number: string | null; phone: string | null }>`
          select id, id_number, phone from persons
          where merged_into is null and (id_number = any(${ids}::text[]) or phone = any(${phones}::text[]))
          order by id`.execute(tx);
        for (const row of r.rows) {
          if (row.id_number && ids.includes(row.id_number) && !byId.has(row.id_number)) byId.set(row.id_number, Number(row.id));
          if (row.phone && phones.includes(row.phone) && !byPhone.has(row.phone)) byPhone.set(row.phone, Number(row.id));
        }
      }
      const personOf = (p: Prepared) => (p.idNumber ? byId.get(p.idNumber) : undefined) ?? (p.phone ? byPhone.get(p.phone) : undefined) ?? null;
      const col = <T>(f: (p: Prepared) => T) => ok.map(f);
      const inserted = await sql<StoredRow>`
        insert into checkpoint_entries (client_id, checkpoint_id, person_id, id_number, phone, full_name, plate, origin, destination,
                                        temperature, decision, note, recorded_at, received_at, recorded_by)
        select u.client_id, u.checkpoint_id, u.person_id, u.id_number, u.phone, u.full_name, u.plate, u.origin, u.destination,
               u.temperature, u.decision, u.note, u.recorded_at, ${now}, ${actor.id > 0 ? actor.id : null}
        from unnest(${col((p) => p.input.clientId)}::uuid[], ${col((p) => p.input.checkpointId)}::bigint[], ${col(personOf)}::bigint[],
                    ${col((p) => p.idNumber)}::text[], ${col((p) => p.phone)}::text[], ${col((p) => p.fullName)}::text[], ${col((p) => p.plate)}::text[],
                    ${col((p) => blank(p.input.origin))}::text[], ${col((p) => blank(p.input.destination))}::text[],
                    ${col((p) => p.input.temperature ?? null)}::numeric[], ${col((p) => p.input.decision)}::text[], ${col((p) => blank(p.input.note))}::text[],
                    ${col((p) => p.recordedAt.toISOString())}::timestamptz[])
             as u(client_id, checkpoint_id, person_id, id_number, phone, full_name, plate, origin, destination, temperature, decision, note, recorded_at)
        on conflict (client_id) do nothing
        returning id, client_id, checkpoint_id, person_id, received_at`.execute(tx);
      const created = new Set<string>();
      for (const r of inserted.rows) {
        created.add(r.client_id);
        results.set(r.client_id, { clientId: r.client_id, status: 'created', id: Number(r.id), personId: r.person_id == null ? null : Number(r.person_id), receivedAt: r.received_at.toISOString(), code: null });
      }
      const again = ok.filter((p) => !created.has(p.input.clientId));
      if (again.length > 0) {
        const first = await sql<StoredRow>`
          select id, client_id, checkpoint_id, person_id, received_at from checkpoint_entries
          where client_id = any(${again.map((p) => p.input.clientId)}::uuid[])`.execute(tx);
        const byClient = new Map(first.rows.map((r) => [r.client_id, r]));
        for (const p of again) {
          const r = byClient.get(p.input.clientId);
          if (!r) reject(p.input.clientId, 'checkpoint.client_id_reused'); // cannot happen: conflict means the row exists
          else if (Number(r.checkpoint_id) !== p.input.checkpointId) reject(p.input.clientId, 'checkpoint.client_id_reused');
          else results.set(r.client_id, { clientId: r.client_id, status: 'duplicate', id: Number(r.id), personId: r.person_id == null ? null : Number(r.person_id), receivedAt: r.received_at.toISOString(), code: null });
        }
      }
      if (inserted.rows.length > 0) {
        await audit(tx, actor, {
          action: 'checkpoint.entries.record', entity: 'checkpoint_entry', recordCount: inserted.rows.length,
          details: {
            ids: inserted.rows.map((r) => Number(r.id)),
            checkpointIds: [...new Set(inserted.rows.map((r) => Number(r.checkpoint_id)))],
            personIds: inserted.rows.filter((r) => r.person_id != null).map((r) => Number(r.person_id)),
            duplicates: again.length,
          },
        });
      }
    });
  }
  return entries.map((e) => results.get(e.clientId.toLowerCase())!).filter((r, i, all) => all.findIndex((x) => x.clientId === r.clientId) === i);
}

type EntryRow = {
  id: string; client_id: string; checkpoint_id: string; person_id: string | null; id_number: string | null; phone: string | null;
  full_name: string | null; plate: string | null; origin: string | null; destination: string | null; temperature: string | null;
  decision: string; note: string | null; recorded_at: Date; received_at: Date;
};

/** The entries of a checkpoint on one Vietnamese day (default today), newest first. Audited as a read. */
export async function listEntries(db: Db, actor: Actor, checkpointId: number, q: { day?: string | undefined; limit: number }, now: Date): Promise<{ items: CheckpointEntryView[]; truncated: boolean }> {
  const cp = await getCheckpoint(db, actor, checkpointId);
  const day = q.day ?? vnDate(now);
  const from = vnDayStart(day);
  const to = new Date(from.getTime() + 86_400_000);
  const r = await sql<EntryRow>`
    select id, client_id, checkpoint_id, person_id, id_number, phone, full_name, plate, origin, destination, temperature::text as temperature,
           decision, note, recorded_at, received_at
    from checkpoint_entries where checkpoint_id = ${cp.id} and recorded_at >= ${from} and recorded_at < ${to}
    order by recorded_at desc, id desc limit ${q.limit + 1}`.execute(db);
  const rows = r.rows.slice(0, q.limit);
  await auditRead(db, actor, { action: 'checkpoint.entries.list', entity: 'checkpoint_entry', entityId: cp.id, recordCount: rows.length, details: { day, ids: rows.map((x) => Number(x.id)) } });
  return {
    truncated: r.rows.length > q.limit,
    items: rows.map((x) => ({
      id: Number(x.id), clientId: x.client_id, checkpointId: Number(x.checkpoint_id), personId: x.person_id == null ? null : Number(x.person_id),
      idNumber: x.id_number, phone: x.phone, fullName: x.full_name, plate: x.plate, origin: x.origin, destination: x.destination,
      temperature: x.temperature == null ? null : Number(x.temperature), decision: x.decision as CheckpointDecision, note: x.note,
      recordedAt: x.recorded_at.toISOString(), receivedAt: x.received_at.toISOString(),
    })),
  };
}
