-- Intake: epidemic areas, health declarations (append-only), screening flags, citizens' reports, and the
-- token buckets that rate-limit the public forms.

-- A declared epidemic area (vùng dịch, địa điểm có ca bệnh): an administrative unit (province or commune, by
-- its code on the dates of the window) or a venue, a window of days, a risk level (Nghị quyết 128/NQ-CP:
-- 1 xanh, 2 vàng, 3 cam, 4 đỏ), who declared it and under which document. Public: no personal data here.
-- date_to is the last day included ("từ 01/7/2020 đến 31/7/2020"); null while the area is in force.
create table epidemic_areas (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('unit', 'venue')),
  unit_level text check (unit_level in ('province', 'commune')),
  unit_code text,
  venue_id bigint references venues (id),
  name text not null check (length(name) between 1 and 300),
  commune_code text check (commune_code ~ '^\d{5}$'),
  date_from date not null,
  date_to date,
  risk_level smallint not null check (risk_level between 1 and 4),
  declared_by text not null check (length(declared_by) between 1 and 300),
  legal_ref text not null check (length(legal_ref) between 1 and 500),
  note text check (length(note) <= 2000),
  created_at timestamptz not null default now(),
  created_by bigint references users (id),
  ended_at timestamptz,
  ended_by bigint references users (id),
  check (date_to is null or date_to >= date_from),
  check ((kind = 'unit') = (unit_level is not null and unit_code is not null)),
  check ((kind = 'venue') = (venue_id is not null)),
  check (kind = 'venue' or (unit_level = 'province' and unit_code ~ '^\d{2}$') or (unit_level = 'commune' and unit_code ~ '^\d{5}$'))
);
create index epidemic_areas_window_idx on epidemic_areas using gist (daterange(date_from, date_to, '[]'));

-- Health declarations (tờ khai y tế): toàn dân, di chuyển nội địa, nhập cảnh. The form is kept whole as
-- submitted (normalised); the columns are what officers filter on. A retried submission carries the same
-- idempotency key and gets the first result back. person_match says how the person was found in the registry.
create table declarations (
  id bigint generated always as identity primary key,
  idempotency_key text not null unique check (length(idempotency_key) between 8 and 100),
  payload_hash text not null,
  kind text not null check (kind in ('everyone', 'domestic', 'entry')),
  channel text not null check (channel in ('public', 'staff')),
  submitted_at timestamptz not null default now(),
  declared_on date not null,
  person_id bigint not null references persons (id),
  person_match text not null check (person_match in ('id_number', 'phone', 'created')),
  commune_code text not null check (commune_code ~ '^\d{5}$'),
  form jsonb not null,
  outcome text not null check (outcome in ('clear', 'flagged')),
  entered_by bigint references users (id)
);
create index declarations_commune_idx on declarations (commune_code, submitted_at desc);
create index declarations_person_idx on declarations (person_id, submitted_at desc);
create index declarations_submitted_idx on declarations (submitted_at desc);

-- What screening found in an exposure report (a declaration; later a checkpoint entry or a check-in): one row
-- per flag, naming the rule version that raised it, and the work items it ordered for the commune.
create table screening_flags (
  id bigint generated always as identity primary key,
  source text not null check (source in ('declaration', 'checkpoint', 'checkin', 'report')),
  source_id bigint,
  person_id bigint not null references persons (id),
  commune_code text not null,
  reported_on date not null,
  flag text not null check (flag in ('epidemic_area', 'symptoms', 'case_contact', 'illegal_entry')),
  rule_id bigint not null references policy_rules (id),
  reason text not null check (length(reason) between 1 and 1000),
  details jsonb not null default '{}',
  work_item_ids bigint[] not null default '{}',
  created_at timestamptz not null default now()
);
create index screening_flags_source_idx on screening_flags (source, source_id);
create index screening_flags_commune_idx on screening_flags (commune_code, created_at desc);
create index screening_flags_person_idx on screening_flags (person_id);

-- Declarations and flags are records of what a citizen said and what the rules made of it: append-only, like
-- audit_log. Retention deletes under the maintenance flag, for its transaction only.
create function intake_append_only() returns trigger language plpgsql as $$
begin
  if current_setting('phongdich.intake_maintenance', true) = 'on' then
    return old;
  end if;
  raise exception '% is append-only', tg_table_name;
end $$;
create trigger declarations_append_only before update or delete on declarations
  for each row execute function intake_append_only();
create trigger screening_flags_append_only before update or delete on screening_flags
  for each row execute function intake_append_only();

-- Citizens' reports (phản ánh) from the public form, the hotline or staff, and their triage.
create table citizen_reports (
  id bigint generated always as identity primary key,
  idempotency_key text unique check (length(idempotency_key) between 8 and 100),
  payload_hash text,
  kind text not null check (kind in ('illegal_entry', 'suspected_case', 'returnee', 'no_mask', 'gathering', 'other')),
  channel text not null check (channel in ('public', 'hotline', 'staff')),
  commune_code text not null check (commune_code ~ '^\d{5}$'),
  place text check (length(place) <= 300),
  happened_on date,
  description text not null check (length(description) between 1 and 4000),
  subject text check (length(subject) <= 300),
  reporter_name text check (length(reporter_name) <= 200),
  reporter_phone text check (reporter_phone ~ '^0\d{9}$'),
  status text not null default 'new' check (status in ('new', 'assigned', 'in_progress', 'closed')),
  assigned_agency_id bigint references agencies (id),
  assigned_commune_code text check (assigned_commune_code ~ '^\d{5}$'),
  resolution text check (length(resolution) <= 2000),
  version int not null default 1,
  created_at timestamptz not null default now(),
  created_by bigint references users (id),
  updated_at timestamptz,
  updated_by bigint references users (id)
);
create index citizen_reports_queue_idx on citizen_reports (status, created_at);
create index citizen_reports_commune_idx on citizen_reports (commune_code, created_at desc);
create index citizen_reports_assigned_idx on citizen_reports (assigned_commune_code) where assigned_commune_code is not null;

create table citizen_report_events (
  id bigint generated always as identity primary key,
  report_id bigint not null references citizen_reports (id) on delete cascade,
  at timestamptz not null default now(),
  actor_id bigint references users (id),
  status text not null,
  assigned_agency_id bigint references agencies (id),
  assigned_commune_code text,
  note text check (length(note) <= 2000)
);
create index citizen_report_events_report_idx on citizen_report_events (report_id, id);

-- Token buckets of the public forms, per client (a hash of the address, never the address). Losing them in a
-- crash only refills them, so they are unlogged.
create unlogged table intake_rate_buckets (
  key text primary key,
  tokens double precision not null,
  at timestamptz not null
);

insert into retention_policies (kind, label_vi, label_en, days_after_end, max_age_days, legal_basis) values
  ('citizen_report', 'Phản ánh của người dân', 'Citizens'' reports', 28, null, 'NĐ 13/2023/NĐ-CP Điều 17; Luật 91/2025/QH15')
on conflict (kind) do nothing;
