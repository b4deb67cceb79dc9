-- References of the rows a retrace writes by the hundred thousand (classifications, work items) are checked once
-- per statement instead of once per row. A foreign key checks each row with its own query and locks the
-- referenced row (FOR KEY SHARE: a WAL record and a dirtied page of persons per classification). Measured on
-- the benchmark province (20,000 rows, PostgreSQL 15): classifications 717 → 364 ms without the key on persons,
-- work items 852 → 387 ms without theirs. The guarantee stays in the database: after each statement, one
-- anti-join of the statement's new rows against the referenced table; the delete side checks the deleted rows
-- against the referencing tables. Writers hold an advisory lock shared and deleters exclusively, and each check
-- reads a fresh snapshot (a volatile function under READ COMMITTED), so a row written while its target is being
-- deleted fails on one side or the other, as with a foreign key. (TRUNCATE is not checked: it is no application
-- path.)
create function pd_check_references() returns trigger language plpgsql as $$
declare
  col text := tg_argv[0];
  target text := tg_argv[1];
  missing bigint;
begin
  perform pg_advisory_xact_lock_shared(tg_argv[2]::bigint);
  execute format('select n.%1$I from new_rows n where n.%1$I is not null and not exists (select 1 from %2$I t where t.id = n.%1$I) limit 1', col, target)
    into missing;
  if missing is not null then
    raise exception using errcode = 'foreign_key_violation', constraint = tg_table_name || '_' || col || '_ref',
      message = format('insert or update on table "%s" violates the reference %s → %s: key %s is not present', tg_table_name, col, target, missing);
  end if;
  return null;
end $$;

-- On a delete from a referenced table: tg_argv = lock key, then pairs (referencing table, column).
create function pd_check_unreferenced() returns trigger language plpgsql as $$
declare
  i int := 1;
  found bigint;
begin
  perform pg_advisory_xact_lock(tg_argv[0]::bigint);
  while i < tg_nargs loop
    execute format('select o.id from old_rows o where exists (select 1 from %1$I r where r.%2$I = o.id) limit 1', tg_argv[i], tg_argv[i + 1])
      into found;
    if found is not null then
      raise exception using errcode = 'foreign_key_violation', constraint = tg_argv[i] || '_' || tg_argv[i + 1] || '_ref',
        message = format('delete from table "%s" violates the reference %s.%s → %s: key %s is still referenced', tg_table_name, tg_argv[i], tg_argv[i + 1], tg_table_name, found);
    end if;
    i := i + 2;
  end loop;
  return null;
end $$;

alter table classifications drop constraint classifications_person_id_fkey;
alter table work_items drop constraint work_items_person_id_fkey;
alter table work_items drop constraint work_items_classification_id_fkey;
alter table work_items drop constraint work_items_rule_id_fkey;

-- Lock keys: 74_022_001 persons, 74_022_002 classifications, 74_022_003 policy rules.
create trigger classifications_person_ref_insert after insert on classifications referencing new table as new_rows
  for each statement execute function pd_check_references('person_id', 'persons', '74022001');
create trigger classifications_person_ref_update after update on classifications referencing new table as new_rows
  for each statement execute function pd_check_references('person_id', 'persons', '74022001');
create trigger work_items_person_ref_insert after insert on work_items referencing new table as new_rows
  for each statement execute function pd_check_references('person_id', 'persons', '74022001');
create trigger work_items_person_ref_update after update on work_items referencing new table as new_rows
  for each statement execute function pd_check_references('person_id', 'persons', '74022001');
create trigger work_items_classification_ref_insert after insert on work_items referencing new table as new_rows
  for each statement execute function pd_check_references('classification_id', 'classifications', '74022002');
create trigger work_items_classification_ref_update after update on work_items referencing new table as new_rows
  for each statement execute function pd_check_references('classification_id', 'classifications', '74022002');
create trigger work_items_rule_ref_insert after insert on work_items referencing new table as new_rows
  for each statement execute function pd_check_references('rule_id', 'policy_rules', '74022003');
create trigger work_items_rule_ref_update after update on work_items referencing new table as new_rows
  for each statement execute function pd_check_references('rule_id', 'policy_rules', '74022003');

create trigger persons_refs_delete after delete on persons referencing old table as old_rows
  for each statement execute function pd_check_unreferenced('74022001', 'classifications', 'person_id', 'work_items', 'person_id');
create trigger classifications_refs_delete after delete on classifications referencing old table as old_rows
  for each statement execute function pd_check_unreferenced('74022002', 'work_items', 'classification_id');
create trigger policy_rules_refs_delete after delete on policy_rules referencing old table as old_rows
  for each statement execute function pd_check_unreferenced('74022003', 'work_items', 'rule_id');
