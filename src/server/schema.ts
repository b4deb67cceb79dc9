// Kysely table types, kept by hand beside the SQL in migrations/ (the single source of the schema).
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  agency_code: string | null;
  area_scope: Generated<string>;
  area_communes: Generated<string[]>;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  totp_pending_secret: string | null;
  totp_failures: Generated<number>;
  totp_last_step: number | null;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  state: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  last_seen_at: Generated<Date>;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  username: string;
  ip: string | null;
  success: boolean;
  at: Generated<Date>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor_id: number | null;
  actor_username: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  record_count: Generated<number>;
  purpose: string | null;
  outcome: Generated<string>;
  details: Json<Record<string, unknown>>;
  ip: string | null;
  request_id: string | null;
}

export interface SettingsTable {
  key: string;
  value: Json;
  updated_at: Generated<Date>;
}

export interface RetentionPoliciesTable {
  kind: string;
  label_vi: string;
  label_en: string;
  days_after_end: number | null;
  max_age_days: number | null;
  legal_basis: string;
  updated_at: Generated<Date>;
}

export interface AdminUnitsTable {
  id: Generated<number>;
  code: string;
  name: string;
  search_name: Generated<string>;
  level: string;
  parent_id: number | null;
  valid_from: string;
  valid_to: string | null;
  source: string;
}

export interface AdminUnitSuccessorsTable {
  predecessor_id: number;
  successor_id: number;
  effective_on: string;
  legal_ref: string | null;
}

export interface AgenciesTable {
  id: Generated<number>;
  code: string;
  name: string;
  short_name: string;
  kind: string;
  province_code: string;
  commune_code: string | null;
  aliases: Generated<string[]>;
  active: Generated<boolean>;
}

export interface PolicyRulesTable {
  id: Generated<number>;
  key: string;
  version: string;
  value: Json;
  valid_from: string;
  valid_to: string | null;
  legal_ref: string;
  note: string | null;
}

export interface PersonsTable {
  id: Generated<number>;
  full_name: string;
  search_name: Generated<string>;
  search_words: Generated<string[]>;
  birth_date: string | null;
  birth_year: number | null;
  sex: string | null;
  id_type: string | null;
  id_number: string | null;
  phone: string | null;
  address: string | null;
  commune_code: string;
  nationality: Generated<string>;
  version: Generated<number>;
  merged_into: number | null;
  merged_at: Date | null;
  created_at: Generated<Date>;
  created_by: number | null;
  updated_at: Generated<Date>;
  updated_by: number | null;
}

export interface PersonHistoryTable {
  id: Generated<number>;
  person_id: number;
  version: number;
  change: string;
  data: Json<Record<string, unknown>>;
  other_person_id: number | null;
  changed_at: Generated<Date>;
  changed_by: number | null;
}

export interface Database extends TracingTables {
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  retention_policies: RetentionPoliciesTable;
  admin_units: AdminUnitsTable;
  admin_unit_successors: AdminUnitSuccessorsTable;
  agencies: AgenciesTable;
  policy_rules: PolicyRulesTable;
  persons: PersonsTable;
  person_history: PersonHistoryTable;
}

export interface VenuesTable {
  id: Generated<number>;
  name: string;
  kind: string;
  commune_code: string;
  address: string | null;
  created_at: Generated<Date>;
}

export interface CheckinsTable {
  id: Generated<number>;
  person_id: number;
  venue_id: number;
  time_in: Timestamp;
  time_out: Timestamp | null;
  source: Generated<string>;
  created_at: Generated<Date>;
}

export interface HouseholdsTable {
  id: Generated<number>;
  commune_code: string;
  address: string | null;
  created_at: Generated<Date>;
}

export interface HouseholdMembersTable {
  household_id: number;
  person_id: number;
}

export interface CasesTable {
  id: Generated<number>;
  code: string;
  person_id: number;
  confirmed_at: Timestamp;
  confirming_test: string | null;
  onset_date: string | null;
  sampled_at: Timestamp | null;
  isolated_at: Timestamp | null;
  infectious_from: Timestamp;
  infectious_to: Timestamp;
  period_rule_id: number | null;
  status: Generated<string>;
  treatment_place: string | null;
  created_at: Generated<Date>;
  created_by: number | null;
}

export interface ContactsTable {
  id: Generated<number>;
  person_a: number;
  person_b: number;
  at: Timestamp;
  until: Timestamp | null;
  setting: string;
  source: string;
  evidence: string | null;
  created_at: Generated<Date>;
  created_by: number | null;
}

export interface IsolationsTable {
  person_id: number;
  isolated_at: Timestamp;
  reason: string | null;
}

export interface TracingRejectionsTable {
  id: Generated<number>;
  source_person_id: number;
  target_person_id: number;
  reason: string;
  created_at: Generated<Date>;
  created_by: number | null;
}

export interface ClassificationsTable {
  id: Generated<number>;
  person_id: number;
  level: number;
  case_id: number;
  exposed_at: Timestamp;
  via_person_id: number;
  link_kind: string;
  link_ref: number | null;
  provenance: Json;
  rule_ids: number[];
  computed_at: Generated<Date>;
  status: Generated<string>;
  confirmed_by: number | null;
  superseded_at: Timestamp | null;
}

export interface TracingReviewsTable {
  id: Generated<number>;
  source_person_id: number;
  case_id: number;
  venue_id: number;
  window_from: Timestamp;
  window_to: Timestamp;
  candidates: number;
  status: Generated<string>;
  created_at: Generated<Date>;
  checkin_id: number | null;
  decided_by: number | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

export interface CaseLabelsTable {
  case_id: number;
  person_id: number;
  level: number;
  exposed_at: Date;
  via_person_id: number;
  link_kind: string;
  link_ref: number | null;
  venue_id: number | null;
  source_from: Date | null;
  source_to: Date | null;
  target_from: Date | null;
  target_to: Date | null;
  sort_key: Buffer;
}

export interface WorkItemsTable {
  id: Generated<number>;
  kind: string;
  person_id: number;
  commune_code: string;
  due_from: string;
  due_to: string | null;
  plan: Generated<unknown>;
  reason: string;
  source: string;
  classification_id: number | null;
  rule_id: number | null;
  status: Generated<string>;
  status_note: string | null;
  created_at: Generated<Date>;
  updated_at: Date | null;
  updated_by: number | null;
}

export interface CaseWaypointsTable {
  id: Generated<number>;
  case_id: number;
  venue_id: number | null;
  address: string | null;
  commune_code: string | null;
  time_from: Date;
  time_to: Date;
  note: string | null;
  checkin_id: number | null;
  created_at: Generated<Date>;
  created_by: number | null;
}

export interface TracingTables {
  case_waypoints: CaseWaypointsTable;
  work_items: WorkItemsTable;
  case_labels: CaseLabelsTable;
  venues: VenuesTable;
  checkins: CheckinsTable;
  households: HouseholdsTable;
  household_members: HouseholdMembersTable;
  cases: CasesTable;
  contacts: ContactsTable;
  isolations: IsolationsTable;
  tracing_rejections: TracingRejectionsTable;
  classifications: ClassificationsTable;
  tracing_reviews: TracingReviewsTable;
}
