-- Checkpoints (chốt kiểm soát: border gate, provincial gate, bus station…) and the people and vehicles
-- recorded there. Entries are typed on phones that often work offline: each carries a client-generated UUID
-- (client_id) so that a batch sent again after a lost answer is stored once (the first result is answered).
create table checkpoints (
  id bigint generated always as identity primary key,
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('border_gate', 'provincial_gate', 'bus_station', 'train_station', 'port', 'other')),
  commune_code text not null check (commune_code ~ '^\d{5}$'),
  address text check (length(address) <= 500),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  created_by bigint references users (id)
);
create index checkpoints_commune_idx on checkpoints (commune_code);

create table checkpoint_entries (
  id bigint generated always as identity primary key,
  client_id uuid not null unique,
  checkpoint_id bigint not null references checkpoints (id),
  person_id bigint references persons (id),
  -- As typed (normalised where the format is known): the registry link is person_id.
  id_number text check (length(id_number) <= 20),
  phone text check (length(phone) <= 20),
  full_name text check (length(full_name) <= 200),
  plate text check (length(plate) <= 20),
  origin text check (length(origin) <= 200),
  destination text check (length(destination) <= 200),
  temperature numeric(3, 1) check (temperature between 30 and 45),
  decision text not null check (decision in ('allowed', 'quarantine', 'turned_back')),
  note text check (length(note) <= 500),
  recorded_at timestamptz not null,
  received_at timestamptz not null default now(),
  recorded_by bigint references users (id),
  check (id_number is not null or phone is not null or full_name is not null or plate is not null)
);
create index checkpoint_entries_checkpoint_idx on checkpoint_entries (checkpoint_id, recorded_at desc);
create index checkpoint_entries_person_idx on checkpoint_entries (person_id) where person_id is not null;
