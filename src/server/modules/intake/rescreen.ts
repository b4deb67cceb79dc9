// Re-screening: an epidemic area is usually declared after people came back from it (seed 000: on 03/8/2020,
// everyone back from Đà Nẵng since 01/7 must declare and be tested), so the declarations received before the
// area are screened again against it. createArea (areas.ts) records which ones (epidemic_area_rescreens,
// migrations/0021); a loop started by `serve` walks them in chunks. Each chunk's flags, work items, audit
// rows and the cursor commit together, so a crash repeats nothing and loses nothing. The citizen's
// declaration itself stays as it was answered (append-only); the flags name the day of re-screening, and the
// rule in force that day orders the actions from that day on.
import { sql } from 'kysely';
import type { App } from '../../platform/context.ts';
import type { Db } from '../../platform/db/connect.ts';
import { systemActor } from '../../platform/context.ts';
import { auditMany } from '../../platform/audit.ts';
import type { DeclarationForm } from '../../../contracts/intake.declarations.ts';
import { exposureOf, receiptOf } from './declarations.ts';
import { intakeDb, intakeTx } from './declarations.schema.ts';
import { recordScreenings, screeningRules } from './screening.ts';
import { dmy, screen } from './screening.rules.ts';
import { screeningAreaOf } from './areas.ts';

const RESCREEN_RUN_LOCK = 74_015_002;

export type RescreenRound = { areas: number; chunks: number; scanned: number; flagged: number };

/** Re-screens open ranges, `chunk` declarations per transaction, until none is left (or `maxChunks`). One
 * process at a time (advisory lock); a chunk's rows are locked too, so a second runner skips rather than
 * repeats. */
export async function runRescreens(app: App, opts: { chunk?: number; maxChunks?: number } = {}): Promise<RescreenRound | null> {
  const chunk = opts.chunk ?? 2_000;
  const maxChunks = opts.maxChunks ?? Infinity;
  return app.db.connection().execute(async (c) => {
    const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${RESCREEN_RUN_LOCK}::bigint) as ok`.execute(c);
    if (!got.rows[0]?.ok) return null;
    try {
      const out: RescreenRound = { areas: 0, chunks: 0, scanned: 0, flagged: 0 };
      const open = await intakeDb(c).selectFrom('epidemic_area_rescreens').select('area_id').where('done_at', 'is', null).orderBy('area_id').execute();
      for (const { area_id } of open) {
        out.areas++;
        for (;;) {
          if (out.chunks >= maxChunks) return out;
          const step = await rescreenChunk(c, area_id, chunk);
          out.chunks++;
          out.scanned += step.scanned;
          out.flagged += step.flagged;
          if (step.done) break;
        }
      }
      return out;
    } finally {
      await sql`select pg_advisory_unlock(${RESCREEN_RUN_LOCK}::bigint)`.execute(c);
    }
  });
}

async function rescreenChunk(db: Db, areaId: number, chunk: number): Promise<{ scanned: number; flagged: number; done: boolean }> {
  return db.transaction().execute(async (t) => {
    const tx = intakeTx(t);
    const job = await tx.selectFrom('epidemic_area_rescreens').selectAll().where('area_id', '=', areaId).where('done_at', 'is', null)
      .forUpdate().skipLocked().executeTakeFirst();
    if (!job) return { scanned: 0, flagged: 0, done: true };
    const area = screeningAreaOf(await tx.selectFrom('epidemic_areas').selectAll().where('id', '=', areaId).executeTakeFirstOrThrow());
    const rows = await tx.selectFrom('declarations').select(['id', 'person_id', 'form', 'declared_on'])
      .where('id', '>', job.cursor_id).where('id', '<=', job.through_id).where('declared_on', '>=', job.declared_from)
      .orderBy('id').limit(chunk).execute();
    const cursor = rows.length < chunk ? job.through_id : rows[rows.length - 1]!.id;
    const rules = await screeningRules(t, job.screened_on);
    const entries = [];
    if (rules.screening.epidemic_area) {
      // Only the area rule, against only this area: the declaration's other flags were raised when it came.
      const only = { screening: { epidemic_area: rules.screening.epidemic_area }, related: rules.related };
      for (const r of rows) {
        const form = r.form as unknown as DeclarationForm;
        const report = exposureOf(form, { personId: r.person_id, declarationId: r.id }, job.screened_on);
        report.sourceLabel = `Tờ khai y tế ${receiptOf(r.id)} ngày ${dmy(r.declared_on)} (rà soát lại ngày ${dmy(job.screened_on)} khi công bố vùng dịch)`;
        const findings = screen(report, only, [area]).map((f) => ({ ...f, details: { ...f.details, rescreen: { areaId, screenedOn: job.screened_on } } }));
        if (findings.length) entries.push({ report, findings });
      }
    }
    const recorded = await recordScreenings(t, entries);
    const actor = { ...systemActor([]), username: 'system:rescreen' };
    await auditMany(t, entries.map((e, i) => ({
      actor,
      entry: {
        action: 'screening.rescreen', entity: 'person', entityId: e.report.personId, purpose: 'screening',
        details: { declarationId: e.report.sourceId, areaId, flags: recorded[i]!.map((f) => f.id), workItems: recorded[i]!.flatMap((f) => f.workItemIds) },
      },
    })));
    const done = cursor >= job.through_id;
    await tx.updateTable('epidemic_area_rescreens').set({
      cursor_id: cursor, scanned: sql`scanned + ${rows.length}`, flagged: sql`flagged + ${entries.length}`, done_at: done ? new Date() : null,
    }).where('area_id', '=', areaId).execute();
    return { scanned: rows.length, flagged: entries.length, done };
  });
}

/** The loop `serve` runs: at start, then every `everyMs`, and at once when kicked (an area was declared). */
export function startRescreens(app: App, opts: { everyMs?: number } = {}): { kick: () => void; stop: () => Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  let again = false;
  const run = () => {
    if (stopped) return;
    if (running) { again = true; return; } // an area declared during a round: one more round right after it
    running = runRescreens(app)
      .catch((e) => app.log.error(`re-screening failed: ${(e as Error)?.message ?? e}`))
      .finally(() => {
        running = null;
        if (again && !stopped) { again = false; run(); } else if (!stopped) schedule();
      });
  };
  const schedule = () => { if (timer) clearTimeout(timer); timer = setTimeout(run, opts.everyMs ?? 10_000); timer.unref(); };
  run();
  return {
    kick: () => { if (timer) clearTimeout(timer); run(); },
    stop: async () => { stopped = true; if (timer) clearTimeout(timer); await running; },
  };
}
