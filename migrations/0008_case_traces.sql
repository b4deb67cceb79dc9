-- Each case's own trace (its non-dominated labels: person, level, link), so that new data recomputes only the
-- cases it touches; a person's classification is their best label over all cases (lowest level, then the
-- smallest sort key: the chain's links compared from the last hop back to the case, then the lowest case).
-- Derived data: a full retrace rebuilds it from cases, contacts, check-ins, households, isolations and
-- rejections. No foreign key on person columns (millions of rows written by one retrace; the persons come
-- from rows that have them).
create table case_labels (
  case_id bigint not null references cases (id) on delete cascade,
  person_id bigint not null,
  level smallint not null check (level between 1 and 9),
  exposed_at timestamptz not null,
  via_person_id bigint not null,
  link_kind text not null check (link_kind in ('household', 'contact', 'venue')),
  link_ref bigint,
  venue_id bigint,
  source_from timestamptz,
  source_to timestamptz,
  target_from timestamptz,
  target_to timestamptz,
  sort_key bigint[] not null,
  primary key (case_id, person_id, level)
);
create index case_labels_person_idx on case_labels (person_id);
