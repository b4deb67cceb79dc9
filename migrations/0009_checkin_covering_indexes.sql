-- Tracing reads check-ins by venue and time (co-presence) and by person and time (a subject's stays): covering
-- indexes let both be index-only scans. Measured on 20,000,000 check-ins (PostgreSQL 15, 2 cores): loading the
-- neighbourhood of 1,565 F1s went from 21.5 s to 10.7 s with the covering indexes alone.
drop index checkins_venue_time_idx;
drop index checkins_person_time_idx;
create index checkins_venue_time_idx on checkins (venue_id, time_in) include (time_out, person_id, id);
create index checkins_person_time_idx on checkins (person_id, time_in) include (time_out, venue_id, id);
