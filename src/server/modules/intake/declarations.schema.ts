// Kysely table types of migrations/0015_intake_declarations.sql. Kept here until they join src/server/schema.ts
// (then `intakeDb` becomes the identity); modules other than intake never use them.
import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { Database } from '../../schema.ts';

type Json<T = unknown> = ColumnType<T, string, string>;

export interface EpidemicAreasTable {
  id: Generated<number>;
  kind: string;
  unit_level: string | null;
  unit_code: string | null;
  venue_id: number | null;
  name: string;
  commune_code: string | null;
  date_from: string;
  date_to: string | null;
  risk_level: number;
  declared_by: string;
  legal_ref: string;
  note: string | null;
  created_at: Generated<Date>;
  created_by: number | null;
  ended_at: Date | null;
  ended_by: number | null;
}

export interface EpidemicAreaRescreensTable {
  area_id: number;
  screened_on: string;
  declared_from: string;
  cursor_id: number;
  through_id: number;
  scanned: Generated<number>;
  flagged: Generated<number>;
  created_at: Generated<Date>;
  done_at: Date | null;
}

export interface DeclarationsTable {
  id: Generated<number>;
  idempotency_key: string;
  payload_hash: string;
  kind: string;
  channel: string;
  submitted_at: Generated<Date>;
  declared_on: string;
  person_id: number;
  person_match: string;
  commune_code: string;
  form: Json<Record<string, unknown>>;
  outcome: string;
  entered_by: number | null;
}

export interface ScreeningFlagsTable {
  id: Generated<number>;
  source: string;
  source_id: number | null;
  person_id: number;
  commune_code: string;
  reported_on: string;
  flag: string;
  rule_id: number;
  reason: string;
  details: Json<Record<string, unknown>>;
  work_item_ids: Generated<number[]>;
  created_at: Generated<Date>;
}

export interface CitizenReportsTable {
  id: Generated<number>;
  idempotency_key: string | null;
  payload_hash: string | null;
  kind: string;
  channel: string;
  commune_code: string;
  place: string | null;
  happened_on: string | null;
  description: string;
  subject: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  status: Generated<string>;
  assigned_agency_id: number | null;
  assigned_commune_code: string | null;
  resolution: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  created_by: number | null;
  updated_at: Date | null;
  updated_by: number | null;
}

export interface CitizenReportEventsTable {
  id: Generated<number>;
  report_id: number;
  at: Generated<Date>;
  actor_id: number | null;
  status: string;
  assigned_agency_id: number | null;
  assigned_commune_code: string | null;
  note: string | null;
}

export type IntakeTables = {
  epidemic_areas: EpidemicAreasTable;
  epidemic_area_rescreens: EpidemicAreaRescreensTable;
  declarations: DeclarationsTable;
  screening_flags: ScreeningFlagsTable;
  citizen_reports: CitizenReportsTable;
  citizen_report_events: CitizenReportEventsTable;
};

export type IntakeDb = Kysely<Database & IntakeTables>;
export type IntakeTx = Transaction<Database & IntakeTables>;

export function intakeDb(db: Kysely<Database>): IntakeDb {
  return db.withTables<IntakeTables>();
}
export function intakeTx(tx: Transaction<Database>): IntakeTx {
  return tx.withTables<IntakeTables>();
}
