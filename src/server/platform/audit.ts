// Who read or changed which personal record, when and why. Written inside the transaction of the change it
// describes; denied attempts are written on their own, since their transaction is rolled back.
import { sql, type Compilable, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import { vnDayStart } from './time.ts';
import type { Actor } from './context.ts';

export type AuditEntryInput = {
  action: string;
  entity: string;
  entityId?: string | number | null;
  recordCount?: number;
  purpose?: string | null;
  outcome?: 'ok' | 'denied';
  details?: Record<string, unknown>;
};

export async function audit(db: Kysely<Database> | Transaction<Database>, actor: Actor | null, e: AuditEntryInput): Promise<void> {
  await auditMany(db, [{ actor, entry: e }]);
}

/** Several audit rows in one statement (a batch of writes, each with its own actor and entry). */
export async function auditMany(db: Kysely<Database> | Transaction<Database>, rows: ReadonlyArray<{ actor: Actor | null; entry: AuditEntryInput }>): Promise<void> {
  if (!rows.length) return;
  await db.insertInto('audit_log').values(rows.map(({ actor, entry: e }) => ({
    actor_id: actor && actor.id > 0 ? actor.id : null,
    actor_username: actor?.username ?? null,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId == null ? null : String(e.entityId),
    record_count: e.recordCount ?? 1,
    purpose: e.purpose ?? null,
    outcome: e.outcome ?? 'ok',
    details: JSON.stringify(e.details ?? {}),
    ip: actor?.ip ?? null,
    request_id: actor?.requestId ?? null,
  }))).execute();
}

// Reads of personal data are audited on a companion connection pool whose commits are asynchronous when
// PHONGDICH_READ_AUDIT_COMMIT=async (the default): the row is in WAL at once and on disk within
// wal_writer_delay (200 ms), so a power cut can lose the last instant of read-audit rows, never a write of
// personal data or its audit row (those commit synchronously, in the write's own transaction), and never a
// refusal (audited synchronously). Measured here: it takes ~1.5 ms off every audited read (docs/benchmarks.md).
const readAuditDbs = new WeakMap<object, Kysely<Database>>();

export function setReadAuditDb(db: Kysely<Database>, readAuditDb: Kysely<Database>): void {
  readAuditDbs.set(db, readAuditDb);
}

/** Audits a read (search, view, duplicate check) of personal data; see setReadAuditDb. */
export function auditRead(db: Kysely<Database>, actor: Actor | null, e: AuditEntryInput): Promise<void> {
  return audit(readAuditDbs.get(db) ?? db, actor, e);
}

/** Runs a read of personal data and appends its audit row in the same statement (one round trip): the rows
 * come back only if the audit row was written. `ids` of the rows read are added to the details. The rows are
 * returned in no guaranteed order: the caller sorts them. */
export async function readWithAudit<R extends { id: number }>(
  db: Kysely<Database>,
  actor: Actor | null,
  e: AuditEntryInput,
  query: Compilable<R>,
): Promise<R[]> {
  const target = readAuditDbs.get(db) ?? db;
  const r = await sql<R>`
    with found as (${query}),
    logged as (
      insert into audit_log (actor_id, actor_username, action, entity, entity_id, record_count, purpose, outcome, details, ip, request_id)
      select ${actor && actor.id > 0 ? actor.id : null}, ${actor?.username ?? null}, ${e.action}, ${e.entity},
             ${e.entityId == null ? null : String(e.entityId)}, count(*), ${e.purpose ?? null}, 'ok',
             ${JSON.stringify(e.details ?? {})}::jsonb || jsonb_build_object('ids', coalesce(jsonb_agg(found.id), '[]'::jsonb)),
             ${actor?.ip ?? null}, ${actor?.requestId ?? null}
      from found)
    select * from found`.execute(target);
  return r.rows;
}

/** Monthly partitions for the current month and the next two; rows outside them fall into the default one. */
export async function ensureAuditPartitions(db: Kysely<Database>, now: Date): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1));
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    const name = `audit_log_${start.getUTCFullYear()}${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
    const exists = await sql<{ n: number }>`select count(*)::int as n from pg_class where relname = ${name}`.execute(db);
    if (exists.rows[0]!.n > 0) continue;
    // A new partition may not overlap rows already in the default partition: move them in one transaction.
    await db.transaction().execute(async (tx) => {
      await sql`lock table audit_log in share row exclusive mode`.execute(tx);
      await sql`select set_config('phongdich.audit_maintenance', 'on', true)`.execute(tx);
      await sql.raw(`create table ${name} (like audit_log including defaults including constraints)`).execute(tx);
      await sql`insert into ${sql.table(name)} select * from audit_log_default where at >= ${start} and at < ${end}`.execute(tx);
      await sql`delete from audit_log_default where at >= ${start} and at < ${end}`.execute(tx);
      await sql.raw(`alter table audit_log attach partition ${name} for values from ('${start.toISOString()}') to ('${end.toISOString()}')`).execute(tx);
    });
  }
}

export async function searchAudit(
  db: Kysely<Database>,
  q: { actor?: string; action?: string; entity?: string; entityId?: string; outcome?: 'ok' | 'denied'; from?: string; to?: string; page: number; pageSize: number },
) {
  let query = db.selectFrom('audit_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc');
  if (q.actor) query = query.where('actor_username', '=', q.actor);
  if (q.action) query = query.where('action', 'like', `${q.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (q.entity) query = query.where('entity', '=', q.entity);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
  if (q.from) query = query.where('at', '>=', vnDayStart(q.from));
  if (q.to) query = query.where('at', '<', new Date(vnDayStart(q.to).getTime() + 86_400_000));
  const rows = await query.limit(q.pageSize + 1).offset((q.page - 1) * q.pageSize).execute();
  return {
    items: rows.slice(0, q.pageSize).map((r) => ({
      id: r.id, at: r.at.toISOString(), actorUsername: r.actor_username, action: r.action, entity: r.entity, entityId: r.entity_id,
      recordCount: r.record_count, purpose: r.purpose, outcome: r.outcome as 'ok' | 'denied', details: r.details, ip: r.ip,
    })),
    hasMore: rows.length > q.pageSize,
  };
}
