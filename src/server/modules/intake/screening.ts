// Screening of exposure reports against the rules in force and the declared epidemic areas: flags, and for
// each flag the work items its rule orders for the commune of residence (work_items, source 'screening',
// with the rule's id and its reason). Other channels (checkpoints, check-ins) call screenExposure with their
// own normalised report.
import { sql, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../../schema.ts';
import type { Db } from '../../platform/db/connect.ts';
import { inArea, type Actor } from '../../platform/context.ts';
import { audit, auditRead } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { vnDayStart } from '../../platform/time.ts';
import type { FlagItem, FlagKind, FlagQuery, OutcomeFlag } from '../../../contracts/intake.declarations.ts';
import { personBasics } from '../people/index.ts';
import { rulesInForceOn } from '../reference/index.ts';
import { areasOverlapping } from './areas.ts';
import { intakeDb, intakeTx, type ScreeningFlagsTable } from './declarations.schema.ts';
import {
  relatedRuleKeys, RULE_VALUES, screen, SCREENING_RULE_KEYS, type ExposureReport, type Finding, type RuleRef, type RulesInForce,
} from './screening.rules.ts';

type Tx = Transaction<Database>;

const refOf = (r: { id: number; key: string; version: string; value: unknown; legalRef: string }): RuleRef => ({ id: r.id, key: r.key, version: r.version, value: r.value, legalRef: r.legalRef });

/** The screening rules in force on a day, and the rules their actions refer to (two queries). A rule with no
 * version in force that day raises no flag. */
export async function screeningRules(db: Db | Tx, at: string): Promise<RulesInForce> {
  const found = await rulesInForceOn(db, Object.values(SCREENING_RULE_KEYS), at);
  const screening: RulesInForce['screening'] = {};
  for (const [flag, key] of Object.entries(SCREENING_RULE_KEYS) as Array<[FlagKind, string]>) {
    const r = found.get(key);
    if (r) screening[flag] = refOf(r);
  }
  const keys = relatedRuleKeys(screening);
  const more = await rulesInForceOn(db, keys, at);
  const related: RulesInForce['related'] = {};
  for (const key of keys) related[key] = more.has(key) ? refOf(more.get(key)!) : undefined;
  return { screening, related };
}

/** What screening finds in a report; reads only. */
export async function planScreening(db: Db | Tx, report: ExposureReport): Promise<Finding[]> {
  return (await planScreenings(db, [report]))[0]!;
}

/** What screening finds in each of several reports (a batch of declarations): the rules in force read once
 * per reporting day, the epidemic areas once for all the legs; reads only. */
export async function planScreenings(db: Db | Tx, reports: readonly ExposureReport[]): Promise<Finding[][]> {
  const rulesOn = new Map<string, RulesInForce>();
  for (const day of new Set(reports.map((r) => r.reportedOn))) rulesOn.set(day, await screeningRules(db, day));
  const legs = reports.filter((r) => rulesOn.get(r.reportedOn)!.screening.epidemic_area).flatMap((r) => r.legs);
  let areas: Awaited<ReturnType<typeof areasOverlapping>> = [];
  if (legs.length) {
    const min = Math.min(...[...rulesOn.values()].flatMap((r) => (r.screening.epidemic_area ? [RULE_VALUES.epidemic_area.parse(r.screening.epidemic_area.value).minRiskLevel] : [])));
    const from = legs.reduce((m, l) => (l.from < m ? l.from : m), legs[0]!.from);
    const to = legs.reduce((m, l) => (l.to > m ? l.to : m), legs[0]!.to);
    areas = await areasOverlapping(db, from, to, min);
  }
  // screen() keeps, for each report, the areas its own legs overlap at its rule's level.
  return reports.map((r) => screen(r, rulesOn.get(r.reportedOn)!, areas));
}

export type RecordedFlag = Finding & { id: number; workItemIds: number[] };

/** Writes the flags and their work items, in the caller's transaction. */
export async function recordScreening(t: Tx, report: ExposureReport, findings: Finding[]): Promise<RecordedFlag[]> {
  return (await recordScreenings(t, [{ report, findings }]))[0]!;
}

/** Writes the flags of many reports and their work items in two statements (a batch of declarations): the
 * ids are drawn from the tables' sequences first, so that each flag can name its work items. One list of
 * recorded flags per entry, in order. */
export async function recordScreenings(t: Tx, entries: ReadonlyArray<{ report: ExposureReport; findings: Finding[] }>): Promise<RecordedFlag[][]> {
  const items: Array<Record<string, unknown>> = [];
  const flags: Array<Record<string, unknown>> = [];
  for (const { report, findings } of entries) {
    for (const f of findings) {
      for (const a of f.actions) {
        // work_items belongs to the work module, which lets other modules add items with their source.
        items.push({
          ord: items.length, kind: a.kind, person_id: report.personId, commune_code: report.communeCode, due_from: a.dueFrom, due_to: a.dueTo,
          plan: { screening: f.flag, days: a.days, ruleKey: f.rule.key, ruleVersion: f.rule.version, source: report.source, sourceId: report.sourceId },
          reason: f.reason, rule_id: f.rule.id,
        });
      }
      flags.push({
        ord: flags.length, source: report.source, source_id: report.sourceId, person_id: report.personId, commune_code: report.communeCode,
        reported_on: report.reportedOn, flag: f.flag, rule_id: f.rule.id, reason: f.reason,
        details: { ...f.details, actions: f.actions, ruleKey: f.rule.key, ruleVersion: f.rule.version, legalRef: f.rule.legalRef },
      });
    }
  }
  if (!flags.length) return entries.map(() => []);
  const itemIds = items.length ? (await sql<{ id: number }>`
    with x as (select * from jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as x(ord int, kind text, person_id bigint, commune_code text, due_from date,
        due_to date, plan jsonb, reason text, rule_id bigint)),
      ids as materialized (select ord, nextval(pg_get_serial_sequence('work_items', 'id')) as id from x),
      ins as (insert into work_items (id, kind, person_id, commune_code, due_from, due_to, plan, reason, source, rule_id) overriding system value
        select ids.id, x.kind, x.person_id, x.commune_code, x.due_from, x.due_to, x.plan, x.reason, 'screening', x.rule_id from x join ids using (ord))
    select id from ids order by ord`.execute(t)).rows.map((r) => Number(r.id)) : [];
  let nextItem = 0;
  let k = 0;
  const workItemsOf: number[][] = [];
  for (const { findings } of entries) for (const f of findings) { workItemsOf[k++] = itemIds.slice(nextItem, nextItem + f.actions.length); nextItem += f.actions.length; }
  flags.forEach((f, i) => { f.work_item_ids = workItemsOf[i]; });
  const flagIds = (await sql<{ id: number }>`
    with x as (select * from jsonb_to_recordset(${JSON.stringify(flags)}::jsonb) as x(ord int, source text, source_id bigint, person_id bigint, commune_code text,
        reported_on date, flag text, rule_id bigint, reason text, details jsonb, work_item_ids bigint[])),
      ids as materialized (select ord, nextval(pg_get_serial_sequence('screening_flags', 'id')) as id from x),
      ins as (insert into screening_flags (id, source, source_id, person_id, commune_code, reported_on, flag, rule_id, reason, details, work_item_ids) overriding system value
        select ids.id, x.source, x.source_id, x.person_id, x.commune_code, x.reported_on, x.flag, x.rule_id, x.reason, x.details, x.work_item_ids from x join ids using (ord))
    select id from ids order by ord`.execute(t)).rows.map((r) => Number(r.id));
  k = 0;
  return entries.map(({ findings }) => findings.map((f) => { const i = k++; return { ...f, id: flagIds[i]!, workItemIds: workItemsOf[i]! }; }));
}

/** Screens a report and records what it finds, in one transaction (the caller's, when given). For other
 * intake channels: a checkpoint entry or a check-in turned into an ExposureReport. */
export async function screenExposure(db: Db, report: ExposureReport, tx?: Tx): Promise<RecordedFlag[]> {
  const findings = await planScreening(db, report);
  if (!findings.length) return [];
  if (tx) return recordScreening(tx, report, findings);
  return db.transaction().execute((t) => recordScreening(t, report, findings));
}

/** A flag as the citizen sees it: no person, no reason text, the areas by name. */
export function outcomeFlag(f: Pick<Finding, 'flag' | 'rule' | 'details' | 'actions'>): OutcomeFlag {
  return {
    flag: f.flag, ruleKey: f.rule.key, ruleVersion: f.rule.version, legalRef: f.rule.legalRef,
    areas: (f.details.areas ?? []).map((a) => ({ name: a.name, riskLevel: a.riskLevel, dateFrom: a.dateFrom, dateTo: a.dateTo })),
    symptoms: f.details.symptoms ?? [],
    actions: f.actions,
  };
}

type FlagRow = Selectable<ScreeningFlagsTable>;

/** Stored flags back into the shape of a finding (for a replayed outcome). */
export function findingOf(r: FlagRow): Pick<Finding, 'flag' | 'rule' | 'details' | 'actions'> {
  const d = (r.details ?? {}) as Record<string, unknown>;
  return {
    flag: r.flag as FlagKind,
    rule: { id: r.rule_id, key: String(d.ruleKey ?? ''), version: String(d.ruleVersion ?? ''), value: null, legalRef: String(d.legalRef ?? '') },
    details: { areas: d.areas as never, symptoms: d.symptoms as never, exposures: d.exposures as never },
    actions: (d.actions ?? []) as Finding['actions'],
  };
}

export async function flagRowsOf(db: Db, source: string, ids: readonly number[]): Promise<FlagRow[]> {
  if (!ids.length) return [];
  return intakeDb(db).selectFrom('screening_flags').selectAll().where('source', '=', source).where('source_id', 'in', [...ids]).orderBy('id').execute();
}

export function flagItem(r: FlagRow, personName: string | null): FlagItem {
  const d = (r.details ?? {}) as Record<string, unknown>;
  return {
    id: r.id, source: r.source as FlagItem['source'], sourceId: r.source_id, personId: r.person_id, personName, communeCode: r.commune_code,
    reportedOn: r.reported_on, flag: r.flag as FlagKind, ruleId: r.rule_id, ruleKey: String(d.ruleKey ?? ''), ruleVersion: String(d.ruleVersion ?? ''),
    legalRef: String(d.legalRef ?? ''), reason: r.reason, details: d, workItemIds: r.work_item_ids, createdAt: r.created_at.toISOString(),
  };
}

/** Flags within the officer's area; the persons named are personal data, so the read is audited. */
export async function listFlags(db: Db, actor: Actor, q: FlagQuery) {
  if (q.commune && !inArea(actor, q.commune)) {
    await audit(db, actor, { action: 'screening.list', entity: 'screening_flag', outcome: 'denied', details: { reason: 'outside_area', commune: q.commune } });
    throw new AppError({ code: 'auth.outside_area', kind: 'forbidden', details: { commune: q.commune } });
  }
  let base = intakeDb(db).selectFrom('screening_flags');
  if (q.commune) base = base.where('commune_code', '=', q.commune);
  else if (actor.areaScope === 'communes') base = base.where('commune_code', 'in', actor.areaCommunes.length ? [...actor.areaCommunes] : ['']);
  if (q.flag) base = base.where('flag', '=', q.flag);
  if (q.from) base = base.where('created_at', '>=', vnDayStart(q.from));
  if (q.to) base = base.where('created_at', '<', new Date(vnDayStart(q.to).getTime() + 86_400_000));
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  const people = await personBasics(db, rows.map((r) => r.person_id));
  await auditRead(db, actor, { action: 'screening.list', entity: 'screening_flag', recordCount: rows.length, purpose: q.purpose ?? 'tracing', details: { ids: rows.map((r) => r.id), persons: rows.map((r) => r.person_id) } });
  return { items: rows.map((r) => flagItem(r, people.get(r.person_id)?.fullName ?? null)), total, page: q.page, pageSize: q.pageSize };
}
