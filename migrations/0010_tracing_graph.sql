-- Transmission chains: a case is linked to the case that had classified its person, found as the person's
-- latest classification row from another case, superseded or not. Only the current row per person was indexed
-- (classifications_current_key); this finds the latest row of a person in one index probe.
create index classifications_person_idx on classifications (person_id, id);
