-- Epidemiological waypoints (mốc dịch tễ) added by interview: where and when the case was during its infectious
-- period (QĐ 5053/QĐ-BYT). A waypoint at a registered venue is also a check-in of the case (source 'interview'),
-- so that co-presence tracing uses it; one at a free address is kept for the record and for the public list of
-- places. The case's own QR check-ins are waypoints too, read from check-ins (not copied here).
create table case_waypoints (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases (id) on delete cascade,
  venue_id bigint references venues (id),
  address text check (length(address) <= 500),
  commune_code text,
  time_from timestamptz not null,
  time_to timestamptz not null,
  note text check (length(note) <= 2000),
  checkin_id bigint,
  created_at timestamptz not null default now(),
  created_by bigint references users (id),
  check (time_to >= time_from and time_to <= time_from + interval '24 hours'),
  check (venue_id is not null or address is not null)
);
create index case_waypoints_case_idx on case_waypoints (case_id);
