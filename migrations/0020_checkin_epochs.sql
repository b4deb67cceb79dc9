-- The in-memory check-in index of tracing (src/server/modules/tracing/checkinIndex.ts) follows new check-ins
-- by id and check-outs by their queue. Any other change to the table (a delete, a truncate, an update that is
-- not a check-out, retention, the demo generator) bumps this epoch, and an index of an older epoch is rebuilt.
create table checkin_epochs (
  only_row boolean primary key default true check (only_row),
  epoch bigint not null default 0,
  changed_at timestamptz not null default now()
);
insert into checkin_epochs (epoch) values (0);

-- Statement-level triggers (no per-row cost): a check-out marks its transaction with phongdich.checkout, and
-- is followed through checkin_checkouts instead.
create function checkins_bump_epoch() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and coalesce(current_setting('phongdich.checkout', true), '') = 'on' then
    return null;
  end if;
  update checkin_epochs set epoch = epoch + 1, changed_at = now();
  return null;
end $$;
create trigger checkins_epoch_change after update or delete on checkins for each statement execute function checkins_bump_epoch();
create trigger checkins_epoch_truncate after truncate on checkins for each statement execute function checkins_bump_epoch();
