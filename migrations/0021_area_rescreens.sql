-- When an epidemic area is declared, the declarations received before it are screened again against it
-- (directives announce areas after the fact: "người từ Đà Nẵng về từ ngày 01/7/2020"). The declarations
-- written before the area are those with ids up to through_id: createArea takes AREA_SCREEN_LOCK exclusively,
-- and every declaration batch holds it shared from reading the areas until its commit, so a batch either
-- committed before (its ids are ≤ through_id) or reads the new area itself. A job walks (cursor_id,
-- through_id] in chunks, each chunk's flags and the cursor committed together (exactly once).
create table epidemic_area_rescreens (
  area_id bigint primary key references epidemic_areas (id),
  -- The day of re-screening: the screening rule in force that day, and actions planned from that day.
  screened_on date not null,
  -- Declarations made before this day cannot reach the area's window (nor the rule's look-back).
  declared_from date not null,
  cursor_id bigint not null,
  through_id bigint not null,
  scanned int not null default 0,
  flagged int not null default 0,
  created_at timestamptz not null default now(),
  done_at timestamptz,
  check (cursor_id <= through_id)
);
create index epidemic_area_rescreens_open_idx on epidemic_area_rescreens (area_id) where done_at is null;
