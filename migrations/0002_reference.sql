-- Reference data: administrative units over time, agencies, policy rules with validity dates.

-- A code does not identify a unit across time (2025 communes reuse codes of units they absorbed with a new
-- name), so a unit is (code, name, level, valid_from, valid_to), with successor links across reforms.
create table admin_units (
  id bigint generated always as identity primary key,
  code text not null check (code ~ '^\d{2,5}$'),
  name text not null,
  search_name text generated always as (pd_fold(name)) stored,
  level text not null check (level in ('province', 'district', 'commune')),
  parent_id bigint references admin_units (id),
  valid_from date not null,
  valid_to date,
  source text not null,
  check (valid_to is null or valid_to > valid_from),
  exclude using gist (level with =, code with =, daterange(valid_from, valid_to, '[)') with &&)
);
create index admin_units_parent_idx on admin_units (parent_id);
create index admin_units_search_idx on admin_units using gin (search_name gin_trgm_ops);

create table admin_unit_successors (
  predecessor_id bigint not null references admin_units (id) on delete cascade,
  successor_id bigint not null references admin_units (id) on delete cascade,
  effective_on date not null,
  legal_ref text,
  primary key (predecessor_id, successor_id)
);
create index admin_unit_successors_succ_idx on admin_unit_successors (successor_id);

create table agencies (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[A-Z0-9_]+$'),
  name text not null,
  short_name text not null,
  kind text not null check (kind in ('committee', 'department', 'health', 'police', 'military', 'border', 'insurance', 'people_committee', 'other')),
  province_code text not null,
  commune_code text,
  aliases text[] not null default '{}',
  active boolean not null default true
);

-- Rules that a ministry changes by dispatch are data with validity dates and a legal reference.
-- ruleInForce(key, at) picks the single row whose [valid_from, valid_to) contains the date; a decision stores the id.
create table policy_rules (
  id bigint generated always as identity primary key,
  key text not null,
  version text not null,
  value jsonb not null,
  valid_from date not null,
  valid_to date,
  legal_ref text not null,
  note text,
  check (valid_to is null or valid_to > valid_from),
  unique (key, version),
  exclude using gist (key with =, daterange(valid_from, valid_to, '[)') with &&)
);
