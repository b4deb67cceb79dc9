-- Tracing: venues and check-ins, households, cases (F0), recorded contacts, classifications with provenance.

-- Venue kinds decide how co-presence counts (rule 'tracing.venue_kinds'): a closed room is close contact, an
-- open market is not, by itself.
create table venues (
  id bigint generated always as identity primary key,
  name text not null check (length(name) between 1 and 300),
  kind text not null check (kind in ('market', 'bus_station', 'school', 'clinic', 'office', 'factory', 'restaurant', 'shop', 'religious', 'vehicle', 'other')),
  commune_code text not null,
  address text check (length(address) <= 500),
  created_at timestamptz not null default now()
);
create index venues_commune_idx on venues (commune_code);

-- Check-ins are the largest table (tens of millions over 28 days): range-partitioned by month of entry, so
-- that retention drops whole partitions. A check-in without a time out counts as one hour (rule).
create table checkins (
  id bigserial not null,
  person_id bigint not null,
  venue_id bigint not null,
  time_in timestamptz not null,
  time_out timestamptz,
  source text not null default 'import' check (source in ('qr', 'form', 'staff', 'import', 'interview')),
  created_at timestamptz not null default now(),
  primary key (id, time_in),
  check (time_out is null or time_out >= time_in)
) partition by range (time_in);
create table checkins_default partition of checkins default;
create index checkins_venue_time_idx on checkins (venue_id, time_in);
create index checkins_person_time_idx on checkins (person_id, time_in);

create table households (
  id bigint generated always as identity primary key,
  commune_code text not null,
  address text,
  created_at timestamptz not null default now()
);
create table household_members (
  household_id bigint not null references households (id) on delete cascade,
  person_id bigint not null references persons (id),
  primary key (household_id, person_id)
);
create unique index household_members_person_key on household_members (person_id);

-- A confirmed case. The code (BN1234) is unique and never reused, even if the case is withdrawn.
create table cases (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[A-Z]{1,4}\d{1,9}$'),
  person_id bigint not null references persons (id),
  confirmed_at timestamptz not null,
  confirming_test text,
  onset_date date,
  sampled_at timestamptz,
  isolated_at timestamptz,
  infectious_from timestamptz not null,
  infectious_to timestamptz not null,
  period_rule_id bigint references policy_rules (id),
  status text not null default 'treatment' check (status in ('treatment', 'recovered', 'died', 'withdrawn')),
  treatment_place text,
  created_at timestamptz not null default now(),
  created_by bigint references users (id),
  check (infectious_to >= infectious_from)
);
create unique index cases_person_active_key on cases (person_id) where status <> 'withdrawn';

-- Person-to-person contacts (interview, household, proximity token, check-in co-presence found by a tracer).
create table contacts (
  id bigint generated always as identity primary key,
  person_a bigint not null references persons (id),
  person_b bigint not null references persons (id),
  at timestamptz not null,
  until timestamptz,
  setting text not null check (setting in ('household', 'workplace', 'school', 'vehicle', 'venue', 'other')),
  source text not null check (source in ('interview', 'checkin', 'proximity', 'household')),
  evidence text check (length(evidence) <= 2000),
  created_at timestamptz not null default now(),
  created_by bigint references users (id),
  check (person_a <> person_b),
  check (until is null or until >= at)
);
create index contacts_a_idx on contacts (person_a, at);
create index contacts_b_idx on contacts (person_b, at);

-- When a person was isolated or quarantined (ends their window for onward F2 contacts, QĐ 3638/QĐ-BYT).
create table isolations (
  person_id bigint primary key references persons (id),
  isolated_at timestamptz not null,
  reason text
);

-- An officer's "not a contact": the link from source to target is ignored by every later computation.
create table tracing_rejections (
  id bigint generated always as identity primary key,
  source_person_id bigint not null references persons (id),
  target_person_id bigint not null references persons (id),
  reason text not null check (length(reason) between 1 and 1000),
  created_at timestamptz not null default now(),
  created_by bigint references users (id),
  unique (source_person_id, target_person_id)
);

-- The computed classification of a person: the lowest level reachable from a case, how (provenance: the
-- chain of links back to the case), under which rule versions, and when. Officers confirm; history is
-- kept (a superseded row is closed, never deleted).
create table classifications (
  id bigint generated always as identity primary key,
  person_id bigint not null references persons (id),
  level int not null check (level between 1 and 9),
  case_id bigint not null references cases (id),
  exposed_at timestamptz not null,
  via_person_id bigint not null references persons (id),
  link_kind text not null check (link_kind in ('household', 'contact', 'venue')),
  link_ref bigint,
  provenance jsonb not null,
  rule_ids bigint[] not null,
  computed_at timestamptz not null default now(),
  status text not null default 'auto' check (status in ('auto', 'confirmed')),
  confirmed_by bigint references users (id),
  superseded_at timestamptz
);
create unique index classifications_current_key on classifications (person_id) where superseded_at is null;
create index classifications_case_idx on classifications (case_id) where superseded_at is null;

-- A venue visit whose co-presence fan-out passed the threshold: held for an officer ("quá rộng — cần xem xét").
create table tracing_reviews (
  id bigint generated always as identity primary key,
  source_person_id bigint not null references persons (id),
  case_id bigint not null references cases (id),
  venue_id bigint not null references venues (id),
  window_from timestamptz not null,
  window_to timestamptz not null,
  candidates int not null,
  status text not null default 'open' check (status in ('open', 'accepted', 'dismissed')),
  created_at timestamptz not null default now(),
  unique (source_person_id, venue_id, window_from)
);

insert into policy_rules (key, version, value, valid_from, valid_to, legal_ref, note) values
  ('tracing.infectious_period', '2020', '{"daysBeforeOnset": 2, "daysBeforeSample": 2, "until": "isolation"}', '2020-01-01', null,
   'QĐ 3638/QĐ-BYT ngày 30/7/2021 (thời kỳ lây truyền của F0)', 'Từ 2 ngày trước khởi phát (hoặc lấy mẫu) đến khi được cách ly'),
  ('tracing.venue_kinds', '2020', '{"market": {"contact": true, "marginMinutes": 0, "minOverlapMinutes": 15}, "bus_station": {"contact": true, "marginMinutes": 0, "minOverlapMinutes": 15}, "religious": {"contact": true, "marginMinutes": 0, "minOverlapMinutes": 15}, "school": {"contact": true, "marginMinutes": 60, "minOverlapMinutes": 0}, "clinic": {"contact": true, "marginMinutes": 60, "minOverlapMinutes": 0}, "office": {"contact": true, "marginMinutes": 60, "minOverlapMinutes": 0}, "factory": {"contact": true, "marginMinutes": 60, "minOverlapMinutes": 0}, "restaurant": {"contact": true, "marginMinutes": 60, "minOverlapMinutes": 0}, "shop": {"contact": true, "marginMinutes": 60, "minOverlapMinutes": 0}, "vehicle": {"contact": true, "marginMinutes": 0, "minOverlapMinutes": 0}, "other": {"contact": true, "marginMinutes": 60, "minOverlapMinutes": 0}}',
   '2020-01-01', null, 'QĐ 3638/QĐ-BYT (tiếp xúc gần: cùng không gian kín); PC-Covid ±1 giờ tại cùng địa điểm',
   'Không gian kín: cùng có mặt là tiếp xúc gần (±60 phút). Không gian mở (chợ, bến xe): chỉ khi cùng có mặt ≥ 15 phút, không cộng biên'),
  ('tracing.fanout_review_threshold', '2020', '{"candidates": 150}', '2020-01-01', null,
   'Quy định của tỉnh (Ban Chỉ đạo): lượt có mặt quá đông cần cán bộ xem xét', 'Một lượt có mặt của F0/F1 tạo quá 150 người cùng có mặt: giữ lại chờ xem xét'),
  ('tracing.max_depth', '2020', '{"levels": 2}', '2020-01-01', null,
   'QĐ 3638/QĐ-BYT: định nghĩa F0, F1, F2', 'Tính đến F2; năm 2020 từng dùng đến F3-F5'),
  ('tracing.checkin_default_minutes', '2020', '{"minutes": 60}', '2020-01-01', null,
   'Quy định của tỉnh', 'Lượt quét mã không có giờ ra được tính 60 phút');
