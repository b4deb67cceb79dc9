// The task board: the tasks documents assign, one per lead agency; a collective addressee ("UBND các huyện,
// thành phố", "các sở, ban, ngành") stays ONE task for the group rather than one per member, because the
// document names no members, the registry's membership changes over time (the 2025 reform removed the
// districts a 2020 document addresses) and fifty copies of one sentence would flood the overdue list; each
// member still reports on the group task in its own name, and the task shows who has reported.
// Status: new → in progress → done (or cancelled); "overdue" is computed: open with a deadline before today
// in Vietnam time. Progress reports (text, figures, files) are appended, never changed.
import { sql, type RawBuilder } from 'kysely';
import type { AgencyGroupName, AgencyRef, ReportBody, TaskInput, TaskQuery } from '../../../contracts/directives.documents.ts';
import type { Actor } from '../../platform/context.ts';
import type { Db } from '../../platform/db/connect.ts';
import { audit } from '../../platform/audit.ts';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { resolveAgency } from './agencies.ts';
import { actorId, attachmentsOf, checkAgencyCode, decodeUpload, storeAttachment, type RegistryAgency } from './registry.ts';
import { extractText } from './registry.extract.ts';

export interface Resolved { name: string; code: string | null; group: AgencyGroupName | null }

/** An agency as the officer confirmed it: a registry code, a group, explicitly none (both null), or, when
 * neither is said, resolved from the name with the parser's resolveAgency. */
export function resolveRef(ref: AgencyRef, registry: readonly RegistryAgency[]): Resolved {
  const name = ref.name.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (ref.code) {
    if (!registry.some((a) => a.code === ref.code)) throw invalid('directive.unknown_agency', { name, code: ref.code });
    return { name, code: ref.code, group: null };
  }
  if (ref.group) return { name, code: null, group: ref.group };
  if (ref.code === null && ref.group === null) return { name, code: null, group: null };
  const r = resolveAgency(name, registry);
  return { name, code: r.code, group: r.group };
}

/** SQL: whether agency `code` belongs to the task's group (all; communes for districts and communes, the
 * districts' successors since 2025; departments: province-level bodies other than the committees). */
const inGroup = (code: string) => sql`exists (select 1 from agencies a where a.code = ${code} and (
  t.agency_group = 'all'
  or (t.agency_group in ('districts', 'communes') and a.commune_code is not null)
  or (t.agency_group = 'departments' and a.commune_code is null and a.kind not in ('committee', 'people_committee'))))`;

function agencyInGroup(a: { kind: string; communeCode: string | null }, group: AgencyGroupName): boolean {
  if (group === 'all') return true;
  if (group === 'districts' || group === 'communes') return a.communeCode !== null;
  return a.communeCode === null && a.kind !== 'committee' && a.kind !== 'people_committee';
}

/** Creates the tasks of a document (one per lead agency), inside the caller's transaction. */
export async function createTasks(
  tx: Db, actor: Actor, documentId: number, tasks: readonly TaskInput[], text: string, registry: readonly RegistryAgency[],
): Promise<number[]> {
  const ids: number[] = [];
  for (const t of tasks) {
    const support = t.support.map((s) => resolveRef(s, registry));
    const span = t.span && t.span.end > t.span.start && t.span.end <= text.length ? t.span : null;
    const body = span ? text.slice(span.start, span.end).trim().slice(0, 20_000) : null;
    const seen = new Set<string>();
    for (const l of t.lead) {
      const lead = resolveRef(l, registry);
      const key = lead.code ?? `${lead.group}:${lead.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const r = await sql<{ id: number }>`insert into directive_tasks
          (document_id, item, summary, body, lead_name, agency_code, agency_group, support, deadline, figure_key, span_start, span_end, created_by)
        values (${documentId}, ${t.item}, ${t.summary.normalize('NFC')}, ${body}, ${lead.name}, ${lead.code}, ${lead.group},
          ${JSON.stringify(support)}::jsonb, ${t.deadline}, ${t.figureKey ?? null}, ${span?.start ?? null}, ${span?.end ?? null}, ${actorId(actor)})
        returning id`.execute(tx);
      ids.push(r.rows[0]!.id);
    }
  }
  if (ids.length) {
    await audit(tx, actor, { action: 'directive.tasks.create', entity: 'document', entityId: documentId, recordCount: ids.length, details: { taskIds: ids } });
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

type TaskRow = {
  id: number; documentId: number; documentSymbol: string | null; documentSubject: string | null; documentDate: string | null; item: string | null;
  summary: string; leadName: string; agencyCode: string | null; agencyName: string | null; agencyGroup: AgencyGroupName | null;
  support: Resolved[]; deadline: string | null; status: 'new' | 'in_progress' | 'done' | 'cancelled'; overdue: boolean; daysLeft: number | null; figureKey: string | null;
  reportCount: number; lastReportAt: Date | null; spanStart: number | null; spanEnd: number | null; createdAt: Date;
};

const TASK_COLUMNS = (today: string) => sql`t.id, t.document_id as "documentId", d.symbol as "documentSymbol", d.subject as "documentSubject",
  d.doc_date as "documentDate", t.item, t.summary, t.lead_name as "leadName", t.agency_code as "agencyCode", a.name as "agencyName",
  t.agency_group as "agencyGroup", t.support, t.deadline, t.status,
  (t.status in ('new', 'in_progress') and t.deadline < ${today}::date) as overdue,
  (t.deadline - ${today}::date) as "daysLeft", t.figure_key as "figureKey",
  (select count(*) from directive_task_reports r where r.task_id = t.id)::int as "reportCount",
  (select max(r.created_at) from directive_task_reports r where r.task_id = t.id) as "lastReportAt",
  t.span_start as "spanStart", t.span_end as "spanEnd", t.created_at as "createdAt"`;

const FROM = sql`directive_tasks t join documents d on d.id = t.document_id left join agencies a on a.code = t.agency_code`;

function toTask(r: TaskRow) {
  const { spanStart, spanEnd, lastReportAt, createdAt, ...rest } = r;
  return {
    ...rest,
    overdue: !!r.overdue,
    lastReportAt: lastReportAt ? new Date(lastReportAt).toISOString() : null,
    createdAt: new Date(createdAt).toISOString(),
    span: spanStart !== null && spanEnd !== null ? { start: spanStart, end: spanEnd } : null,
  };
}

const OPEN = sql`t.status in ('new', 'in_progress')`;

export async function listTasks(db: Db, q: TaskQuery, today: string) {
  const where = [sql`true`];
  if (q.agency) where.push(sql`(t.agency_code = ${q.agency} or (t.agency_group is not null and ${inGroup(q.agency)}))`);
  if (q.group) where.push(sql`t.agency_group = ${q.group}`);
  if (q.document) where.push(sql`t.document_id = ${q.document}`);
  if (q.status === 'open') where.push(OPEN);
  else if (q.status === 'overdue') where.push(sql`${OPEN} and t.deadline < ${today}::date`);
  else if (q.status) where.push(sql`t.status = ${q.status}`);
  if (q.dueWithin !== undefined) where.push(sql`${OPEN} and t.deadline >= ${today}::date and t.deadline <= ${today}::date + ${q.dueWithin}::int`);
  if (q.q) {
    for (const w of q.q.normalize('NFC').split(/\s+/).filter(Boolean).slice(0, 8)) {
      const like = `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(sql`pd_fold(t.summary || ' ' || t.lead_name || ' ' || coalesce(d.symbol, '') || ' ' || coalesce(t.figure_key, '')) like pd_fold(${like})`);
    }
  }
  const order = q.document
    ? sql`t.id`
    : sql`(${OPEN} and t.deadline < ${today}::date) desc, t.deadline nulls last, t.document_id desc, t.id`;
  const r = await sql<TaskRow & { total: number }>`select ${TASK_COLUMNS(today)}, count(*) over ()::int as total from ${FROM}
    where ${sql.join(where, sql` and `)} order by ${order} limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`.execute(db);
  return { items: r.rows.map(({ total: _t, ...row }) => toTask(row)), total: r.rows[0]?.total ?? 0, today };
}

export async function tasksOfDocument(db: Db, documentId: number, today: string) {
  return (await listTasks(db, { document: documentId, page: 1, pageSize: 500 }, today)).items;
}

/** Counts per agency (or group) or per document: new, in progress, done, cancelled, overdue, next deadline. */
export async function taskBoard(db: Db, by: 'agency' | 'document', today: string) {
  const counts = sql`count(*)::int as total,
    count(*) filter (where t.status = 'new')::int as "new",
    count(*) filter (where t.status = 'in_progress')::int as "inProgress",
    count(*) filter (where t.status = 'done')::int as done,
    count(*) filter (where t.status = 'cancelled')::int as cancelled,
    count(*) filter (where ${OPEN} and t.deadline < ${today}::date)::int as overdue,
    min(t.deadline) filter (where ${OPEN}) as "nextDeadline"`;
  type Row = { key: string; label: string; agencyCode: string | null; agencyGroup: AgencyGroupName | null; documentId: number | null; documentDate: string | null;
    total: number; new: number; inProgress: number; done: number; cancelled: number; overdue: number; nextDeadline: string | null };
  const r = by === 'agency'
    ? await sql<Row>`select coalesce(t.agency_code, 'group:' || t.agency_group, 'none') as key,
        coalesce(min(a.name), min(t.lead_name)) as label, t.agency_code as "agencyCode", t.agency_group as "agencyGroup",
        null::bigint as "documentId", null::date as "documentDate", ${counts}
      from directive_tasks t left join agencies a on a.code = t.agency_code
      group by t.agency_code, t.agency_group order by overdue desc, (count(*) filter (where ${OPEN})) desc, label`.execute(db)
    : await sql<Row>`select d.id::text as key, concat_ws(' · ', d.symbol, d.subject) as label, null as "agencyCode", null as "agencyGroup",
        d.id as "documentId", coalesce(d.doc_date, d.arrival_date) as "documentDate", ${counts}
      from directive_tasks t join documents d on d.id = t.document_id
      group by d.id order by overdue desc, coalesce(d.doc_date, d.arrival_date) desc nulls last, d.id desc`.execute(db);
  return { by, rows: r.rows, today };
}

async function taskRow(db: Db, id: number, today: string, lock = false) {
  const r = await sql<TaskRow & { body: string | null }>`select ${TASK_COLUMNS(today)}, t.body from ${FROM} where t.id = ${id}
    ${lock ? sql`for update of t` : sql``}`.execute(db);
  const t = r.rows[0];
  if (!t) throw notFound('directive.task_not_found', { id });
  return t;
}

export async function getTask(db: Db, id: number, today: string) {
  const t = await taskRow(db, id, today);
  const reports = await sql<{ id: number; agencyCode: string | null; agencyName: string | null; body: string; figures: { key: string; value: number; unit?: string | null }[];
    statusAfter: 'in_progress' | 'done' | null; createdAt: Date; createdBy: string | null }>`
    select r.id, r.agency_code as "agencyCode", a.name as "agencyName", r.body, r.figures, r.status_after as "statusAfter", r.created_at as "createdAt",
      u.display_name as "createdBy"
    from directive_task_reports r left join agencies a on a.code = r.agency_code left join users u on u.id = r.created_by
    where r.task_id = ${id} order by r.created_at, r.id`.execute(db);
  const files = await attachmentsOf(db, { reportIds: reports.rows.map((r) => r.id) });
  let members: { total: number; reported: { code: string; name: string }[] } | null = null;
  if (t.agencyGroup) {
    const m = await sql<{ total: number }>`select count(*)::int as total from agencies a2, (select ${t.agencyGroup}::text as agency_group) t
      where a2.active and ${inGroupOf(sql`a2`)}`.execute(db);
    const rep = await sql<{ code: string; name: string }>`select distinct a.code, a.name from directive_task_reports r join agencies a on a.code = r.agency_code
      where r.task_id = ${id} order by a.name`.execute(db);
    members = { total: m.rows[0]!.total, reported: rep.rows.filter((a) => a.code) };
  }
  return {
    ...toTask(t),
    body: t.body,
    members,
    reports: reports.rows.map((r) => ({
      ...r,
      createdAt: new Date(r.createdAt).toISOString(),
      attachments: files.filter((f) => f.reportId === r.id).map(({ reportId: _r, ...f }) => f),
    })),
  };
}

/** Same membership rule as inGroup, for an agency row alias. */
const inGroupOf = (a: RawBuilder<unknown>) => sql`(
  t.agency_group = 'all'
  or (t.agency_group in ('districts', 'communes') and ${a}.commune_code is not null)
  or (t.agency_group = 'departments' and ${a}.commune_code is null and ${a}.kind not in ('committee', 'people_committee')))`;

// ---------------------------------------------------------------------------------------------------------------
// Writing

export async function updateTask(db: Db, actor: Actor, id: number, u: {
  status?: 'new' | 'in_progress' | 'done' | 'cancelled'; deadline?: string | null; figureKey?: string | null; summary?: string; agencyCode?: string | null;
}, today: string) {
  return db.transaction().execute(async (tx) => {
    const t = await taskRow(tx, id, today, true);
    if (u.agencyCode) await checkAgencyCode(tx, u.agencyCode);
    const sets = [sql`updated_at = now()`];
    const changes: Record<string, unknown> = {};
    if (u.status !== undefined && u.status !== t.status) {
      sets.push(sql`status = ${u.status}`, sql`done_at = ${u.status === 'done' ? sql`now()` : sql`null`}`);
      changes.status = { from: t.status, to: u.status };
    }
    if (u.deadline !== undefined) { sets.push(sql`deadline = ${u.deadline}`); changes.deadline = { from: t.deadline, to: u.deadline }; }
    if (u.figureKey !== undefined) { sets.push(sql`figure_key = ${u.figureKey}`); changes.figureKey = u.figureKey; }
    if (u.summary !== undefined) { sets.push(sql`summary = ${u.summary}`); changes.summary = true; }
    if (u.agencyCode !== undefined) {
      sets.push(sql`agency_code = ${u.agencyCode}`);
      if (u.agencyCode) sets.push(sql`agency_group = null`);
      changes.agencyCode = { from: t.agencyCode, to: u.agencyCode };
    }
    await sql`update directive_tasks set ${sql.join(sets, sql`, `)} where id = ${id}`.execute(tx);
    await audit(tx, actor, { action: 'directive.task.update', entity: 'directive_task', entityId: id, details: changes });
    return getTask(tx, id, today);
  });
}

/**
 * Appends a progress report. An agency officer reports for their own agency, on a task it leads, supports,
 * or belongs to the group of; officers with the write permission may report for any agency of the task.
 * A report moves a new task to in progress; 'done' closes a task led by one agency (a group task is closed
 * by the steering side, since one member's completion is not the group's).
 */
export async function addReport(db: Db, actor: Actor, id: number, body: ReportBody, canWrite: boolean, today: string) {
  const files = body.attachments.map((f) => ({ file: f, data: decodeUpload(f) })).map((x) => ({ ...x, extracted: extractText(x.file.fileName, x.data) }));
  return db.transaction().execute(async (tx) => {
    const t = await taskRow(tx, id, today, true);
    if (t.status === 'cancelled') throw conflict('directive.task_cancelled', { id });
    let agencyCode: string | null;
    if (canWrite) {
      agencyCode = body.agencyCode ?? actor.agencyCode ?? t.agencyCode;
      if (agencyCode) await checkAgencyCode(tx, agencyCode);
    } else {
      agencyCode = actor.agencyCode;
      const mine = agencyCode ? await sql<{ kind: string; communeCode: string | null }>`select kind, commune_code as "communeCode" from agencies where code = ${agencyCode}`.execute(tx) : null;
      const a = mine?.rows[0];
      const allowed = !!agencyCode && !!a && (
        t.agencyCode === agencyCode
        || (t.agencyGroup !== null && agencyInGroup(a, t.agencyGroup))
        || t.support.some((s) => s.code === agencyCode || (s.group !== null && agencyInGroup(a, s.group))));
      if (!allowed || (body.agencyCode && body.agencyCode !== agencyCode)) {
        await audit(db, actor, { action: 'directive.task.report', entity: 'directive_task', entityId: id, outcome: 'denied', details: { agencyCode } });
        throw forbidden('directive.not_task_agency', { id, agencyCode });
      }
    }
    const r = await sql<{ id: number }>`insert into directive_task_reports (task_id, agency_code, body, figures, status_after, created_by)
      values (${id}, ${agencyCode}, ${body.body.normalize('NFC')}, ${JSON.stringify(body.figures.map((f) => ({ key: f.key, value: f.value, unit: f.unit || null })))}::jsonb,
        ${body.status ?? null}, ${actorId(actor)}) returning id`.execute(tx);
    const reportId = r.rows[0]!.id;
    for (const f of files) await storeAttachment(tx, actor, { reportId }, f.file, f.data, f.extracted);
    let next: string = t.status;
    if (body.status === 'done' && (t.agencyGroup === null || canWrite)) next = 'done';
    else if (t.status === 'new') next = 'in_progress';
    if (next !== t.status) {
      await sql`update directive_tasks set status = ${next}, done_at = ${next === 'done' ? sql`now()` : sql`null`}, updated_at = now() where id = ${id}`.execute(tx);
    }
    await audit(tx, actor, {
      action: 'directive.task.report', entity: 'directive_task', entityId: id,
      details: { reportId, agencyCode, status: { from: t.status, to: next }, figures: body.figures.length, files: files.length },
    });
    return getTask(tx, id, today);
  });
}
