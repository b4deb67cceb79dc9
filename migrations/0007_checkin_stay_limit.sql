-- A check-in lasts at most 24 hours (a missing check-out is counted by rule): co-presence look-ups search the
-- index on (venue_id, time_in) over a bounded range.
alter table checkins add constraint checkins_stay_limit check (time_out is null or time_out <= time_in + interval '24 hours');
