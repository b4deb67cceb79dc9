-- Work items: what must happen to a person, for the commune where they live (tracing creates them from a
-- classification by the quarantine rule in force on the exposure date; screening and the testing-and-quarantine
-- module will add and consume more). One row per order, with its plan (mode, days, dates of the tests).
create table work_items (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('quarantine_concentrated', 'quarantine_home', 'self_monitoring', 'test', 'interview', 'other')),
  person_id bigint not null references persons (id),
  commune_code text not null,
  due_from date not null,
  due_to date,
  plan jsonb not null default '{}',
  reason text not null check (length(reason) between 1 and 1000),
  source text not null check (source in ('classification', 'screening', 'manual')),
  classification_id bigint references classifications (id),
  rule_id bigint references policy_rules (id),
  status text not null default 'open' check (status in ('open', 'in_progress', 'done', 'cancelled')),
  status_note text check (length(status_note) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz,
  updated_by bigint references users (id),
  check (due_to is null or due_to >= due_from)
);
create index work_items_commune_idx on work_items (commune_code, status, due_from);
create index work_items_person_idx on work_items (person_id);
create index work_items_classification_idx on work_items (classification_id) where classification_id is not null;
