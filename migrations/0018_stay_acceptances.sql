-- An officer's decision on a crowded stay held for review ("quá rộng — cần xem xét"): accepted, the people there
-- are classified despite the fan-out threshold (every later computation respects it); dismissed, nothing more.
alter table tracing_reviews add column checkin_id bigint;
alter table tracing_reviews add column decided_by bigint references users (id);
alter table tracing_reviews add column decided_at timestamptz;
alter table tracing_reviews add column decision_reason text check (length(decision_reason) <= 1000);
create table tracing_stay_acceptances (
  checkin_id bigint primary key,
  person_id bigint not null references persons (id),
  review_id bigint references tracing_reviews (id),
  accepted_by bigint references users (id),
  accepted_at timestamptz not null default now()
);
create index tracing_stay_acceptances_person_idx on tracing_stay_acceptances (person_id);
