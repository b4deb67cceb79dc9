-- case_labels is derived data (every case's trace, rebuilt by a full retrace): unlogged, so that writing
-- hundreds of thousands of labels skips the WAL. After a crash PostgreSQL empties it; the application rebuilds
-- it at start (ensureTraces) before serving. Sort keys as bytes (memcmp order = the engine's order of keys),
-- cheaper to send and compare than bigint arrays. The via person of a classification needs no foreign key:
-- it comes from the same labels as the person, and each foreign key is one index probe per written row.
truncate case_labels;
alter table case_labels set unlogged;
alter table case_labels alter column sort_key type bytea using null;
alter table classifications drop constraint classifications_via_person_id_fkey;
