// Retention of personal data (Decree 13/2023/NĐ-CP, Law 91/2025/QH15: keep only as long as the purpose
// requires). Each kind has a purger, registered by the module that owns the data.
import { sql } from 'kysely';
import type { Db } from './db/connect.ts';
import type { Actor } from './context.ts';
import { audit } from './audit.ts';
import { invalid } from './errors.ts';

/** Deletes the records of one kind: those created before `createdBefore`. Returns how many went. */
export type Purger = (db: Db, createdBefore: Date) => Promise<number>;

export type Epidemic = { declaredOn: string | null; endedOn: string | null };

export async function getEpidemic(db: Db): Promise<Epidemic> {
  const r = await db.selectFrom('settings').select('value').where('key', '=', 'epidemic').executeTakeFirst();
  return (r?.value as Epidemic) ?? { declaredOn: null, endedOn: null };
}

export async function retentionState(db: Db) {
  const policies = await db.selectFrom('retention_policies').selectAll().orderBy('kind').execute();
  return {
    epidemic: await getEpidemic(db),
    policies: policies.map((p) => ({
      kind: p.kind, labelVi: p.label_vi, labelEn: p.label_en, daysAfterEnd: p.days_after_end, maxAgeDays: p.max_age_days, legalBasis: p.legal_basis,
    })),
  };
}

export async function setEpidemic(db: Db, actor: Actor, e: Epidemic) {
  if (e.declaredOn && e.endedOn && e.endedOn < e.declaredOn) throw invalid('retention.invalid', { reason: 'ended_before_declared' });
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('settings').set({ value: JSON.stringify(e), updated_at: new Date() }).where('key', '=', 'epidemic').execute();
    await audit(tx, actor, { action: 'retention.epidemic', entity: 'settings', entityId: 'epidemic', details: e });
  });
}

export async function setPolicy(db: Db, actor: Actor, kind: string, p: { daysAfterEnd: number | null; maxAgeDays: number | null }) {
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('retention_policies').set({ days_after_end: p.daysAfterEnd, max_age_days: p.maxAgeDays, updated_at: new Date() })
      .where('kind', '=', kind).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw invalid('retention.invalid', { kind });
    await audit(tx, actor, { action: 'retention.policy', entity: 'retention_policy', entityId: kind, details: p });
  });
}

/** The cut-off for one kind: records created before it are due. Null when nothing is due yet. */
export function cutoffFor(p: { days_after_end: number | null; max_age_days: number | null }, epidemic: Epidemic, now: Date): Date | null {
  const cut: Date[] = [];
  if (p.max_age_days != null) cut.push(new Date(now.getTime() - p.max_age_days * 86_400_000));
  if (p.days_after_end != null && epidemic.endedOn) {
    const end = new Date(`${epidemic.endedOn}T00:00:00Z`);
    // Everything gathered during the epidemic goes once days_after_end have passed since its end.
    if (now.getTime() >= end.getTime() + p.days_after_end * 86_400_000) cut.push(new Date(end.getTime() + 86_400_000));
  }
  return cut.length ? new Date(Math.max(...cut.map((d) => d.getTime()))) : null;
}

export async function purge(db: Db, actor: Actor, purgers: Record<string, Purger>, now = new Date()) {
  const epidemic = await getEpidemic(db);
  const policies = await db.selectFrom('retention_policies').selectAll().execute();
  const purged: Record<string, number> = {};
  for (const p of policies) {
    const purger = purgers[p.kind];
    const cutoff = cutoffFor(p, epidemic, now);
    if (!purger || !cutoff) continue;
    purged[p.kind] = await purger(db, cutoff);
  }
  await audit(db, actor, { action: 'retention.purge', entity: 'retention', recordCount: Object.values(purged).reduce((a, b) => a + b, 0), details: { purged } });
  return { purged, ranAt: now.toISOString() };
}

/** Audit rows: whole monthly partitions that end before the cut-off are dropped; older rows in the default
 * partition are deleted under the maintenance flag. */
export const purgeAudit: Purger = async (db, before) => {
  let n = 0;
  const parts = await sql<{ name: string; bound: string }>`
    select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
    from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
    where p.relname = 'audit_log' and c.relname <> 'audit_log_default'`.execute(db);
  for (const part of parts.rows) {
    const m = /TO \('([^']+)'\)/.exec(part.bound);
    if (m && new Date(m[1]!) <= before) {
      const c = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(part.name)}`.execute(db);
      await sql.raw(`drop table ${part.name}`).execute(db);
      n += c.rows[0]!.n;
    }
  }
  await db.transaction().execute(async (tx) => {
    await sql`select set_config('phongdich.audit_maintenance', 'on', true)`.execute(tx);
    const r = await sql`delete from audit_log_default where at < ${before}`.execute(tx);
    n += Number(r.numAffectedRows ?? 0);
  });
  return n;
};

export const purgeSessions: Purger = async (db, before) => {
  const s = await db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<', new Date()), eb('created_at', '<', before)])).executeTakeFirst();
  const a = await db.deleteFrom('login_attempts').where('at', '<', before).executeTakeFirst();
  return Number(s.numDeletedRows) + Number(a.numDeletedRows);
};
