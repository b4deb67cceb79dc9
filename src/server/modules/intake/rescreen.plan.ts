// Which declarations to screen again when an epidemic area is declared (the runner is rescreen.ts). Kept apart
// from it so that the declaration writer and createArea can share AREA_SCREEN_LOCK without importing the
// screening code they are part of.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/connect.ts';
import { addDays, TRAVEL_DAYS_AHEAD } from '../../../contracts/intake.declarations.ts';
import { rulesInForceOn } from '../reference/index.ts';
import { intakeDb } from './declarations.schema.ts';
import { RULE_VALUES, SCREENING_RULE_KEYS } from './screening.rules.ts';

/** Held shared by a declaration batch from reading the areas until its commit, exclusively by createArea. */
export const AREA_SCREEN_LOCK = 74_015_001;

/** The earliest declaration day that can reach an area's window, or the look-back of the rule in force on the
 * day of re-screening: a declaration's travel ends at most TRAVEL_DAYS_AHEAD after its day. */
export function declaredFrom(area: { dateFrom: string }, screenedOn: string, lookbackDays: number | null): string {
  const byWindow = addDays(area.dateFrom, -TRAVEL_DAYS_AHEAD);
  const byLookback = lookbackDays == null ? byWindow : addDays(screenedOn, -lookbackDays - TRAVEL_DAYS_AHEAD);
  return byWindow > byLookback ? byWindow : byLookback;
}

/** Inside createArea's transaction, holding AREA_SCREEN_LOCK: every declaration written so far is committed,
 * every later one will see the area. Records the range to re-screen. */
export async function planRescreen(tx: Db, areaId: number, area: { dateFrom: string }, screenedOn: string): Promise<void> {
  const rule = (await rulesInForceOn(tx, [SCREENING_RULE_KEYS.epidemic_area], screenedOn)).get(SCREENING_RULE_KEYS.epidemic_area);
  const lookback = rule ? RULE_VALUES.epidemic_area.parse(rule.value).lookbackDays : null;
  const from = declaredFrom(area, screenedOn, lookback);
  // Ids grow with time; the first id of a day is found through the submitted_at index (a day early: Vietnam's
  // day starts at 17:00 UTC the day before).
  const r = await sql<{ through: number | null; first: number | null }>`
    select (select max(id) from declarations) as through,
      (select min(id) from declarations where submitted_at >= ${from}::date - 1) as first`.execute(tx);
  const through = Number(r.rows[0]?.through ?? 0);
  const cursor = r.rows[0]?.first == null ? through : Math.min(through, Number(r.rows[0].first) - 1);
  await intakeDb(tx).insertInto('epidemic_area_rescreens').values({
    area_id: areaId, screened_on: screenedOn, declared_from: from, cursor_id: cursor, through_id: through,
    done_at: cursor >= through ? new Date() : null,
  }).execute();
}
