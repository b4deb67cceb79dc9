// Work items for communes: listed within the officer's area (names of persons are personal data: the read is
// audited), and moved along by status. Created by other modules (tracing: orderActions in tracing/service.ts).
import { sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { inArea, type Actor } from '../../platform/context.ts';
import { audit, auditRead } from '../../platform/audit.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import type { WorkQuery } from '../../../contracts/work.ts';

export async function listWork(db: Db, actor: Actor, q: WorkQuery) {
  if (q.commune && !inArea(actor, q.commune)) {
    await audit(db, actor, { action: 'work.list', entity: 'work_item', outcome: 'denied', details: { reason: 'outside_area', commune: q.commune } });
    throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { commune: q.commune } });
  }
  let base = db.selectFrom('work_items as w');
  if (q.commune) base = base.where('w.commune_code', '=', q.commune);
  else if (actor.areaScope === 'communes') base = base.where('w.commune_code', 'in', actor.areaCommunes.length ? [...actor.areaCommunes] : ['']);
  if (q.kind) base = base.where('w.kind', '=', q.kind);
  if (q.dueBy) base = base.where('w.due_from', '<=', q.dueBy);
  const counts = await base.select(['w.status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('w.status').execute();
  const filtered = q.status ? base.where('w.status', '=', q.status) : base;
  const rows = await filtered.innerJoin('persons as p', 'p.id', 'w.person_id')
    .select(['w.id', 'w.kind', 'w.person_id', 'p.full_name', 'w.commune_code', 'w.due_from', 'w.due_to', 'w.plan', 'w.reason', 'w.source',
      'w.classification_id', 'w.rule_id', 'w.status', 'w.status_note', 'w.created_at'])
    .orderBy('w.due_from').orderBy('w.id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  await auditRead(db, actor, { action: 'work.list', entity: 'work_item', recordCount: rows.length, purpose: q.purpose ?? 'quarantine', details: { persons: rows.map((r) => r.person_id) } });
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]));
  return {
    items: rows.map((r) => ({
      id: r.id, kind: r.kind as 'other', personId: r.person_id, personName: r.full_name, communeCode: r.commune_code, dueFrom: r.due_from, dueTo: r.due_to,
      plan: (r.plan ?? {}) as Record<string, unknown>, reason: r.reason, source: r.source, classificationId: r.classification_id, ruleId: r.rule_id,
      status: r.status as 'open', statusNote: r.status_note, createdAt: r.created_at.toISOString(),
    })),
    total: q.status ? byStatus[q.status] ?? 0 : Object.values(byStatus).reduce((a, b) => a + b, 0),
    counts: byStatus,
  };
}

/** Moves a work item along; a done or cancelled item is final. */
export async function updateWork(db: Db, actor: Actor, id: number, u: { status: 'in_progress' | 'done' | 'cancelled'; note?: string | null }) {
  return db.transaction().execute(async (tx) => {
    const w = await tx.selectFrom('work_items').select(['id', 'status', 'commune_code', 'person_id']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!w) throw notFound('work.not_found', { id });
    if (!inArea(actor, w.commune_code)) {
      await audit(db, actor, { action: 'work.update', entity: 'work_item', entityId: id, outcome: 'denied', details: { reason: 'outside_area' } });
      throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { id } });
    }
    if (w.status === 'done' || w.status === 'cancelled') throw conflict('work.closed', { id, status: w.status });
    await sql`update work_items set status = ${u.status}, status_note = ${u.note ?? null}, updated_at = now(), updated_by = ${actor.id || null} where id = ${id}`.execute(tx);
    await audit(tx, actor, { action: 'work.update', entity: 'work_item', entityId: id, details: { from: w.status, to: u.status, personId: w.person_id } });
    return { ok: true as const };
  });
}
