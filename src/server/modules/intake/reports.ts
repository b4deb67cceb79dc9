// Citizens' reports (phản ánh): illegal entry, a suspected case, a returnee from an epidemic area, a violation
// (no mask, a gathering), other. From the public form, the hotline or staff; then a triage queue: assigned to
// an agency or a commune, moved along (new → assigned → in progress → closed), every step kept.
// Reporters and the people reported about are personal data: reads are area-scoped and audited.
import crypto from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { inArea, type Actor } from '../../platform/context.ts';
import { audit, auditRead } from '../../platform/audit.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import type {
  PublicReportInput, ReportDetail, ReportQuery, ReportStatus, ReportUpdate, StaffReportInput,
} from '../../../contracts/intake.declarations.ts';
import { publicActor } from './declarations.ts';
import { intakeDb, intakeTx, type CitizenReportsTable } from './declarations.schema.ts';
import { communeExists, listAgencies } from '../reference/index.ts';

export const reportReceipt = (id: number) => `PA${id}`;
type Row = Selectable<CitizenReportsTable>;

const visible = (actor: Actor, r: { commune_code: string; assigned_commune_code: string | null }) =>
  inArea(actor, r.commune_code) || (r.assigned_commune_code != null && inArea(actor, r.assigned_commune_code));

async function agencyNames(db: Db): Promise<Map<number, string>> {
  return new Map((await listAgencies(db)).map((a) => [a.id, a.shortName]));
}

function summary(r: Row, agencies: Map<number, string>) {
  return {
    id: r.id, receipt: reportReceipt(r.id), kind: r.kind as ReportDetail['kind'], channel: r.channel as ReportDetail['channel'],
    communeCode: r.commune_code, place: r.place, happenedOn: r.happened_on, description: r.description, status: r.status as ReportStatus,
    assignedAgencyId: r.assigned_agency_id, assignedAgencyName: r.assigned_agency_id ? agencies.get(r.assigned_agency_id) ?? null : null,
    assignedCommuneCode: r.assigned_commune_code, version: r.version, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at?.toISOString() ?? null,
  };
}

const hashOf = (x: unknown) => crypto.createHash('sha256').update(JSON.stringify(x)).digest('hex');

/** Records a report. From the public form (`actor` null) a retry with the same key returns the first receipt. */
export async function submitReport(
  db: Db, actor: Actor | null, input: PublicReportInput | StaffReportInput,
  opts: { channel: 'public' | 'hotline' | 'staff'; idempotencyKey?: string | null; now: Date; ip?: string | null; requestId?: string | null },
) {
  // A citizen has no account: the audit row names the public form, with the address and request id.
  const auditor = actor ?? publicActor(opts.ip ?? null, opts.requestId ?? null, 'public:phan-anh');
  const { idempotencyKey: bodyKey, ...fields } = input;
  const key = opts.idempotencyKey ?? bodyKey ?? null;
  const hash = hashOf({ ...fields, channel: opts.channel });
  const replay = (first: { id: number; created_at: Date; payload_hash: string | null }) => {
    if (first.payload_hash !== hash) throw conflict('citizen_report.idempotency_conflict', { receipt: reportReceipt(first.id) });
    return { receipt: reportReceipt(first.id), submittedAt: first.created_at.toISOString(), replayed: true };
  };
  const byKey = (k: string) => intakeDb(db).selectFrom('citizen_reports').select(['id', 'created_at', 'payload_hash']).where('idempotency_key', '=', k).executeTakeFirst();
  if (key) {
    const first = await byKey(key);
    if (first) return replay(first);
  }
  if (!(await communeExists(db, fields.communeCode))) {
    throw invalid('citizen_report.unknown_commune', { fields: [{ path: 'communeCode', code: 'citizen_report.unknown_commune', message: fields.communeCode }] });
  }
  if (actor && !inArea(actor, fields.communeCode)) {
    await audit(db, actor, { action: 'citizen_report.create', entity: 'citizen_report', outcome: 'denied', details: { reason: 'outside_area', communeCode: fields.communeCode } });
    throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { communeCode: fields.communeCode } });
  }
  try {
    const row = await db.transaction().execute(async (t) => {
      const tx = intakeTx(t);
      const r = await tx.insertInto('citizen_reports').values({
        idempotency_key: key, payload_hash: hash, kind: fields.kind, channel: opts.channel, commune_code: fields.communeCode, place: fields.place ?? null,
        happened_on: fields.happenedOn ?? null, description: fields.description, subject: fields.subject ?? null,
        reporter_name: fields.reporterName ?? null, reporter_phone: fields.reporterPhone ?? null, created_at: opts.now, created_by: actor?.id || null,
      }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
      await tx.insertInto('citizen_report_events').values({ report_id: r.id, actor_id: actor?.id || null, status: 'new', note: null }).execute();
      await audit(t, auditor, { action: 'citizen_report.create', entity: 'citizen_report', entityId: r.id, details: { kind: fields.kind, channel: opts.channel, communeCode: fields.communeCode } });
      return r;
    });
    return { receipt: reportReceipt(row.id), submittedAt: row.created_at.toISOString(), replayed: false };
  } catch (e) {
    if ((e as { code?: string }).code === '23505' && key) {
      const first = await byKey(key);
      if (first) return replay(first);
    }
    throw e;
  }
}

/** The triage queue: reports in the officer's area (where it happened, or assigned to one of their communes). */
export async function listReports(db: Db, actor: Actor, q: ReportQuery) {
  if (q.commune && !inArea(actor, q.commune)) {
    await audit(db, actor, { action: 'citizen_report.list', entity: 'citizen_report', outcome: 'denied', details: { reason: 'outside_area', commune: q.commune } });
    throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { commune: q.commune } });
  }
  let base = intakeDb(db).selectFrom('citizen_reports');
  if (q.commune) base = base.where((eb) => eb.or([eb('commune_code', '=', q.commune!), eb('assigned_commune_code', '=', q.commune!)]));
  else if (actor.areaScope === 'communes') {
    const area = actor.areaCommunes.length ? [...actor.areaCommunes] : [''];
    base = base.where((eb) => eb.or([eb('commune_code', 'in', area), eb('assigned_commune_code', 'in', area)]));
  }
  if (q.kind) base = base.where('kind', '=', q.kind);
  const counts = await base.select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const filtered = q.status ? base.where('status', '=', q.status) : base;
  // Oldest first: a queue is worked from its front.
  const rows = await filtered.selectAll().orderBy('created_at').orderBy('id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  const agencies = await agencyNames(db);
  await auditRead(db, actor, { action: 'citizen_report.list', entity: 'citizen_report', recordCount: rows.length, purpose: q.purpose, details: { ids: rows.map((r) => r.id) } });
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]));
  return {
    items: rows.map((r) => summary(r, agencies)),
    total: q.status ? byStatus[q.status] ?? 0 : Object.values(byStatus).reduce((a, b) => a + b, 0),
    counts: byStatus, page: q.page, pageSize: q.pageSize,
  };
}

async function loadVisible(db: Db, actor: Actor, id: number, action: string): Promise<Row> {
  const r = await intakeDb(db).selectFrom('citizen_reports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('citizen_report.not_found', { id });
  if (!visible(actor, r)) {
    await audit(db, actor, { action, entity: 'citizen_report', entityId: id, outcome: 'denied', details: { reason: 'outside_area', communeCode: r.commune_code } });
    throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { id } });
  }
  return r;
}

async function detail(db: Db, r: Row): Promise<ReportDetail> {
  const events = await intakeDb(db).selectFrom('citizen_report_events as e').leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.at', 'u.username', 'e.status', 'e.assigned_agency_id', 'e.assigned_commune_code', 'e.note'])
    .where('e.report_id', '=', r.id).orderBy('e.id').execute();
  return {
    ...summary(r, await agencyNames(db)), subject: r.subject, reporterName: r.reporter_name, reporterPhone: r.reporter_phone, resolution: r.resolution,
    events: events.map((e) => ({
      at: e.at.toISOString(), actor: e.username, status: e.status, assignedAgencyId: e.assigned_agency_id, assignedCommuneCode: e.assigned_commune_code, note: e.note,
    })),
  };
}

export async function getReport(db: Db, actor: Actor, id: number, purpose?: string): Promise<ReportDetail> {
  const r = await loadVisible(db, actor, id, 'citizen_report.read');
  await auditRead(db, actor, { action: 'citizen_report.read', entity: 'citizen_report', entityId: id, purpose });
  return detail(db, r);
}

/** Triage: assign to an agency or a commune, move the status along, write the resolution. A closed report is
 * final; a stale version is refused. Assigning a new report makes it 'assigned'. */
export async function updateReport(db: Db, actor: Actor, id: number, u: ReportUpdate): Promise<ReportDetail> {
  await loadVisible(db, actor, id, 'citizen_report.update');
  if (u.assignedAgencyId != null && !(await agencyNames(db)).has(u.assignedAgencyId)) {
    throw invalid('citizen_report.unknown_agency', { fields: [{ path: 'assignedAgencyId', code: 'citizen_report.unknown_agency', message: String(u.assignedAgencyId) }] });
  }
  if (u.assignedCommuneCode != null && !(await communeExists(db, u.assignedCommuneCode))) {
    throw invalid('citizen_report.unknown_commune', { fields: [{ path: 'assignedCommuneCode', code: 'citizen_report.unknown_commune', message: u.assignedCommuneCode }] });
  }
  await db.transaction().execute(async (t) => {
    const tx = intakeTx(t);
    const cur = await tx.selectFrom('citizen_reports').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (cur.status === 'closed') throw conflict('citizen_report.closed', { id });
    if (cur.version !== u.version) throw conflict('citizen_report.version_conflict', { currentVersion: cur.version });
    const agency = u.assignedAgencyId !== undefined ? u.assignedAgencyId : cur.assigned_agency_id;
    const commune = u.assignedCommuneCode !== undefined ? u.assignedCommuneCode : cur.assigned_commune_code;
    const assignedNow = (u.assignedAgencyId != null && u.assignedAgencyId !== cur.assigned_agency_id) || (u.assignedCommuneCode != null && u.assignedCommuneCode !== cur.assigned_commune_code);
    const status = u.status ?? (assignedNow && cur.status === 'new' ? 'assigned' : cur.status);
    if (status === 'assigned' && agency == null && commune == null) {
      throw invalid('request.invalid', { fields: [{ path: 'assignedAgencyId', code: 'request.invalid', message: 'assign to an agency or a commune' }] });
    }
    await tx.updateTable('citizen_reports').set({
      status, assigned_agency_id: agency, assigned_commune_code: commune, resolution: u.resolution !== undefined ? u.resolution : cur.resolution,
      version: cur.version + 1, updated_at: new Date(), updated_by: actor.id || null,
    }).where('id', '=', id).execute();
    await tx.insertInto('citizen_report_events').values({
      report_id: id, actor_id: actor.id || null, status, assigned_agency_id: agency, assigned_commune_code: commune, note: u.note ?? null,
    }).execute();
    await audit(t, actor, { action: 'citizen_report.update', entity: 'citizen_report', entityId: id, details: { from: cur.status, to: status, agency, commune } });
  });
  const after = await intakeDb(db).selectFrom('citizen_reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return detail(db, after);
}

/** Retention: reports made before the cut-off go, with their history. */
export async function purgeReports(db: Db, before: Date): Promise<number> {
  const r = await sql`delete from citizen_reports where created_at < ${before}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
