-- Platform: text folding, users and sessions, login throttling, audit log, settings, retention.
create extension if not exists pg_trgm;
create extension if not exists btree_gist;

-- Diacritics-insensitive key for Vietnamese text: "Nguyễn Văn Hoà" and "nguyen van hoa" fold alike.
-- Pure SQL (no unaccent, no locale-dependent lower()), so it is IMMUTABLE and usable in generated columns
-- and indexes, and behaves the same on every server. Input is NFC (the application normalises it).
create function pd_fold(t text) returns text
language sql immutable strict parallel safe
return lower(btrim(regexp_replace(translate(t, 'àÀáÁảẢãÃạẠăĂằẰắẮẳẲẵẴặẶâÂầẦấẤẩẨẫẪậẬäÄåÅāĀèÈéÉẻẺẽẼẹẸêÊềỀếẾểỂễỄệỆëËēĒìÌíÍỉỈĩĨịỊïÏîÎīĪòÒóÓỏỎõÕọỌôÔồỒốỐổỔỗỖộỘơƠờỜớỚởỞỡỠợỢöÖøØōŌùÙúÚủỦũŨụỤưƯừỪứỨửỬữỮựỰüÜûÛūŪỳỲýÝỷỶỹỸỵỴÿŸđĐðÐçÇñÑ', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiiiiiiiioooooooooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyyyyddddccnn'), '\s+', ' ', 'g')));

create table users (
  id bigint generated always as identity primary key,
  username text not null,
  display_name text not null,
  password_hash text not null,
  role text not null check (role in ('admin', 'steering', 'agency', 'health', 'field', 'viewer')),
  agency_code text,
  area_scope text not null default 'province' check (area_scope in ('province', 'communes')),
  area_communes text[] not null default '{}',
  totp_secret text,
  totp_enabled boolean not null default false,
  failed_logins int not null default 0,
  locked_until timestamptz,
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (area_scope = 'province' or cardinality(area_communes) > 0)
);
create unique index users_username_key on users (lower(username));

-- Sessions live in the database so that several processes can serve one database.
-- The cookie carries a random token; only its SHA-256 is stored.
create table sessions (
  token_hash text primary key,
  user_id bigint not null references users (id) on delete cascade,
  state text not null check (state in ('active', 'totp_pending', 'totp_setup')),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now(),
  ip text,
  user_agent text
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expires_idx on sessions (expires_at);

create table login_attempts (
  id bigint generated always as identity primary key,
  username text not null,
  ip text,
  success boolean not null,
  at timestamptz not null default now()
);
create index login_attempts_username_idx on login_attempts (lower(username), at desc);
create index login_attempts_ip_idx on login_attempts (ip, at desc);

-- Every read or write of personal data. Append-only; partitioned by month so retention is a partition drop.
create table audit_log (
  id bigserial not null,
  at timestamptz not null default now(),
  actor_id bigint,
  actor_username text,
  action text not null,
  entity text not null,
  entity_id text,
  record_count int not null default 1,
  purpose text,
  outcome text not null default 'ok' check (outcome in ('ok', 'denied')),
  details jsonb not null default '{}',
  ip text,
  request_id text,
  primary key (id, at)
) partition by range (at);
create table audit_log_default partition of audit_log default;
create index audit_log_at_idx on audit_log (at desc);
create index audit_log_entity_idx on audit_log (entity, entity_id, at desc);
create index audit_log_actor_idx on audit_log (actor_id, at desc);

-- Refuse updates and deletes of audit rows; retention drops whole partitions, and partition maintenance
-- (moving rows out of the default partition) sets phongdich.audit_maintenance for its transaction only.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if current_setting('phongdich.audit_maintenance', true) = 'on' then
    return old;
  end if;
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_append_only();

create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

-- How long each kind of personal data is kept (Decree 13/2023/NĐ-CP, Law 91/2025/QH15: keep only as long as
-- the purpose requires). days_after_end counts from the end of the epidemic (setting 'epidemic');
-- max_age_days, when set, applies whatever the epidemic's state.
create table retention_policies (
  kind text primary key,
  label_vi text not null,
  label_en text not null,
  days_after_end int check (days_after_end >= 0),
  max_age_days int check (max_age_days >= 0),
  legal_basis text not null,
  updated_at timestamptz not null default now()
);

insert into retention_policies (kind, label_vi, label_en, days_after_end, max_age_days, legal_basis) values
  ('declaration', 'Tờ khai y tế', 'Health declarations', 28, null, 'NĐ 13/2023/NĐ-CP Điều 17; Luật 91/2025/QH15'),
  ('checkin', 'Quét mã QR địa điểm', 'Venue check-ins', 28, null, 'NĐ 13/2023/NĐ-CP Điều 17; Luật 91/2025/QH15'),
  ('person', 'Hồ sơ người trong sổ đăng ký', 'People registry records', 365, null, 'NĐ 13/2023/NĐ-CP Điều 17; Luật 91/2025/QH15'),
  ('audit', 'Nhật ký truy cập dữ liệu cá nhân', 'Personal-data access log', null, 1825, 'Luật 91/2025/QH15 (chứng minh tuân thủ)'),
  ('session', 'Phiên đăng nhập và lần đăng nhập', 'Sessions and login attempts', null, 90, 'An toàn thông tin');

insert into settings (key, value) values ('epidemic', '{"declaredOn": null, "endedOn": null}');
