-- People registry. Names are NFC; search_name is the folded key for diacritics-insensitive search.
create table persons (
  id bigint generated always as identity primary key,
  full_name text not null check (length(full_name) between 1 and 200),
  search_name text generated always as (pd_fold(full_name)) stored,
  birth_date date,
  birth_year int check (birth_year between 1880 and 2200),
  sex text check (sex in ('male', 'female')),
  id_type text check (id_type in ('cccd', 'cmnd', 'passport')),
  id_number text,
  phone text check (phone ~ '^0\d{9}$'),
  address text check (length(address) <= 500),
  commune_code text not null,
  nationality text not null default 'VN' check (nationality ~ '^[A-Z]{2}$'),
  version int not null default 1,
  merged_into bigint references persons (id),
  merged_at timestamptz,
  created_at timestamptz not null default now(),
  created_by bigint references users (id),
  updated_at timestamptz not null default now(),
  updated_by bigint references users (id),
  check ((id_type is null) = (id_number is null)),
  check (birth_date is null or birth_year = extract(year from birth_date)),
  check ((merged_into is null) = (merged_at is null))
);
create index persons_search_trgm_idx on persons using gin (search_name gin_trgm_ops);
create unique index persons_id_number_key on persons (id_number, id_type) where merged_into is null and id_number is not null;
create index persons_phone_idx on persons (phone) where phone is not null;
create index persons_commune_idx on persons (commune_code);
create index persons_dup_idx on persons (search_name, birth_year, commune_code) where merged_into is null;

-- Every version of a person's record, so edits and merges keep history.
create table person_history (
  id bigint generated always as identity primary key,
  person_id bigint not null references persons (id),
  version int not null,
  change text not null check (change in ('create', 'update', 'merged_into', 'absorbed')),
  data jsonb not null,
  other_person_id bigint,
  changed_at timestamptz not null default now(),
  changed_by bigint references users (id)
);
create index person_history_person_idx on person_history (person_id, id);
