-- Intake: venues with QR posters, QR / staff / imported check-ins at scale, idempotency, the tracing catch-up.

-- A venue's QR poster encodes the URL of the public check-in page /c/<qr_token>. The token is random (about
-- 120 bits), never derived from the id, and can be replaced when a poster was misused (old posters stop working).
alter table venues drop constraint venues_kind_check;
alter table venues add constraint venues_kind_check
  check (kind in ('market', 'bus_station', 'school', 'hotel', 'clinic', 'office', 'factory', 'restaurant', 'shop', 'religious', 'vehicle', 'other'));
alter table venues
  add column qr_token text,
  add column lat double precision,
  add column lon double precision,
  add column default_stay_minutes int check (default_stay_minutes between 5 and 1440),
  add column active boolean not null default true,
  add column updated_at timestamptz not null default now(),
  add constraint venues_coordinates_check check ((lat is null) = (lon is null) and (lat is null or (lat between -90 and 90 and lon between -180 and 180)));
update venues set qr_token = rtrim(translate(encode(uuid_send(gen_random_uuid()), 'base64'), '+/', '-_'), '=');
alter table venues
  alter column qr_token set not null,
  alter column qr_token set default rtrim(translate(encode(uuid_send(gen_random_uuid()), 'base64'), '+/', '-_'), '='),
  add constraint venues_qr_token_check check (qr_token ~ '^[A-Za-z0-9_-]{16,43}$');
create unique index venues_qr_token_key on venues (qr_token);
create index venues_kind_idx on venues (kind, commune_code);

-- How a check-in's time out is known: given by its writer (staff, import), a check-out by the citizen, or the
-- default stay of the venue (kind) by rule 'intake.default_stay_minutes' when nobody checked out.
-- Adding a nullable column is a catalogue change only (no rewrite of the largest table).
alter table checkins add column time_out_kind text check (time_out_kind in ('given', 'checkout', 'default'));

-- Idempotency keys of check-ins (client-generated UUIDs). The check-ins table is partitioned by time_in, so a
-- unique index there would have to include time_in, and a retry reaches the server at another time: the keys
-- live in their own table, written by the same statement as the check-in. A key older than the retention of
-- check-ins can go (no client retries for weeks).
create table checkin_keys (
  key uuid primary key,
  checkin_id bigint not null,
  time_in timestamptz not null
);

-- Check-outs change the stay of an existing check-in: queued here so that the tracing catch-up sees them.
create table checkin_checkouts (
  id bigint generated always as identity primary key,
  checkin_id bigint not null,
  venue_id bigint not null,
  time_in timestamptz not null,
  time_out timestamptz not null,
  at timestamptz not null default now()
);

-- The tracing catch-up's position: the last check-in (and check-out) id it handed to retrace. Starts after the
-- check-ins that exist now (they were traced by whoever wrote them).
create table intake_cursors (
  name text primary key check (name in ('checkins', 'checkouts')),
  last_id bigint not null default 0,
  updated_at timestamptz not null default now()
);
insert into intake_cursors (name, last_id) values
  ('checkins', coalesce((select max(id) from checkins), 0)),
  ('checkouts', 0);

insert into policy_rules (key, version, value, valid_from, valid_to, legal_ref, note) values
  ('intake.default_stay_minutes', '2020',
   '{"market": 60, "bus_station": 30, "school": 480, "hotel": 720, "clinic": 120, "office": 480, "factory": 480, "restaurant": 90, "shop": 30, "religious": 90, "vehicle": 120, "other": 60}',
   '2020-01-01', null, 'Quy định của tỉnh (Ban Chỉ đạo): thời gian lưu lại mặc định theo loại địa điểm',
   'Lượt quét mã không báo ra về được tính theo loại địa điểm (chợ 60 phút, bến xe 30 phút, trường học 8 giờ, khách sạn 12 giờ …); một địa điểm có thể đặt thời gian riêng');
