-- Transmission links between cases: the people of other cases that a case's trace reached (lowest level, best
-- link), kept with the traces so that a case is linked to its source whatever order the cases were recorded in.
-- Derived data like case_labels (unlogged, rebuilt with it).
create unlogged table case_sources (
  case_id bigint not null references cases (id) on delete cascade,
  source_case_id bigint not null references cases (id) on delete cascade,
  level smallint not null,
  exposed_at timestamptz not null,
  via_person_id bigint not null,
  link_kind text not null,
  link_ref bigint,
  sort_key bytea not null,
  primary key (source_case_id, case_id)
);
create index case_sources_case_idx on case_sources (case_id);
