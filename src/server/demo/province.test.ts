// The synthetic province generator (`phongdich demo generate`): shape of a small province, determinism for a
// seed, refusal of a database that already has check-ins (and --force), and the command itself.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers.ts';
import type { Db } from '../platform/db/connect.ts';
import { provinceCommunes } from '../modules/reference/index.ts';
import { generateProvince, ProvinceExistsError, type Commune, type ProvinceSummary } from './province.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const START = '2021-07-05';
const DAYS = 7;
const PERIOD_FROM = '2021-07-05T00:00:00+07:00';
const PERIOD_TO = '2021-07-12T00:00:00+07:00';

async function one<T>(db: Db, q: ReturnType<typeof sql<T>>): Promise<T> {
  return (await q.execute(db)).rows[0]!;
}

/** md5 of every generated row (ids included, creation times excluded), table by table. */
async function digest(db: Db): Promise<Record<string, string>> {
  const q = (table: string, cols: string) =>
    one<{ d: string }>(db, sql<{ d: string }>`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as d from (select ${sql.raw(cols)} from ${sql.table(table)}) t`);
  return {
    persons: (await q('persons', 'id, full_name, birth_date, sex, id_number, phone, address, commune_code')).d,
    households: (await q('households', 'id, commune_code, address')).d,
    members: (await q('household_members', 'household_id, person_id')).d,
    venues: (await q('venues', 'id, name, kind, commune_code, address')).d,
    checkins: (await q('checkins', 'id, person_id, venue_id, time_in, time_out, source')).d,
    contacts: (await q('contacts', 'id, person_a, person_b, at, until, setting, source, evidence')).d,
    cases: (await q('cases', 'id, code, person_id, confirmed_at, onset_date, sampled_at, isolated_at, infectious_from, infectious_to, status')).d,
  };
}

describe('synthetic province', () => {
  let t: TestApp;
  let communes: Commune[];
  let summary: ProvinceSummary;
  const opts = () => ({ communes, people: 2000, days: DAYS, seed: 7, start: START });

  beforeAll(async () => {
    t = await testApp();
    communes = (await provinceCommunes(t.app.db, '04')).map((c) => ({ code: c.code, name: c.name }));
    summary = await generateProvince(t.app.db, opts());
  }, 120_000);
  afterAll(async () => { await t?.close(); });

  it('reports the counts that are in the database', async () => {
    const db = t.app.db;
    const n = (table: string) => one<{ n: number }>(db, sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`).then((r) => r.n);
    expect(summary).toMatchObject({ seed: 7, start: START, days: DAYS, persons: 2000, cases: 20 });
    expect(await n('persons')).toBe(summary.persons);
    expect(await n('households')).toBe(summary.households);
    expect(await n('venues')).toBe(summary.venues);
    expect(await n('checkins')).toBe(summary.checkins);
    expect(await n('contacts')).toBe(summary.contacts);
    expect(await n('cases')).toBe(summary.cases);
    // ≈ 0.71 check-ins a person-day (20,000,000 for 1,000,000 people over 28 days), ≈ 2 contacts a person.
    expect(summary.checkins / (2000 * DAYS)).toBeGreaterThan(0.6);
    expect(summary.checkins / (2000 * DAYS)).toBeLessThan(0.8);
    expect(summary.contacts / 2000).toBeGreaterThan(1.7);
    expect(summary.contacts / 2000).toBeLessThan(2.3);
  });

  it('puts every person in exactly one household of 1-8 people of their commune, mean size ≈ 3.7', async () => {
    const db = t.app.db;
    const r = await one(db, sql<{ not_one: number; min: number; max: number; mean: number; other_commune: number }>`
      select (select count(*)::int from persons p where (select count(*) from household_members m where m.person_id = p.id) <> 1) as not_one,
             min(n)::int as min, max(n)::int as max, avg(n)::float as mean,
             (select count(*)::int from household_members m join households h on h.id = m.household_id join persons p on p.id = m.person_id
              where p.commune_code <> h.commune_code) as other_commune
      from (select count(*) as n from household_members group by household_id) s`);
    expect(r.not_one).toBe(0);
    expect(r.min).toBeGreaterThanOrEqual(1);
    expect(r.max).toBeLessThanOrEqual(8);
    expect(r.mean).toBeGreaterThan(3.3);
    expect(r.mean).toBeLessThan(4.1);
    expect(r.other_commune).toBe(0);
  });

  it('has venues of every main kind, named in Vietnamese', async () => {
    const rows = await sql<{ kind: string; name: string }>`select kind, min(name) as name from venues group by kind`.execute(t.app.db);
    const kinds = new Set(rows.rows.map((r) => r.kind));
    for (const k of ['market', 'bus_station', 'school', 'clinic', 'office', 'factory', 'restaurant', 'shop']) expect(kinds).toContain(k);
    const names = await sql<{ name: string }>`select name from venues where name like 'Chợ Trung tâm %' or name like 'Bến xe %' or name like 'Trường THCS %'`.execute(t.app.db);
    expect(names.rows.length).toBeGreaterThan(communes.length);
  });

  it('has check-ins only within the period, at existing venues, of existing persons, with stays of 15-180 minutes', async () => {
    const r = await one(t.app.db, sql<{ before: number; after: number; no_venue: number; no_person: number; bad_stay: number; open: number; n: number; default_part: number }>`
      select count(*) filter (where time_in < ${PERIOD_FROM}::timestamptz)::int as before,
             count(*) filter (where time_in >= ${PERIOD_TO}::timestamptz)::int as after,
             count(*) filter (where not exists (select 1 from venues v where v.id = c.venue_id))::int as no_venue,
             count(*) filter (where not exists (select 1 from persons p where p.id = c.person_id))::int as no_person,
             count(*) filter (where time_out is not null and (time_out < time_in + interval '15 minutes' or time_out > time_in + interval '180 minutes'))::int as bad_stay,
             count(*) filter (where time_out is null)::int as open,
             count(*)::int as n,
             (select count(*)::int from checkins_default) as default_part
      from checkins c`);
    expect(r).toMatchObject({ before: 0, after: 0, no_venue: 0, no_person: 0, bad_stay: 0, default_part: 0 });
    expect(r.open).toBeGreaterThan(0);
    expect(r.open / r.n).toBeLessThan(0.15);
    // Local times of day: nobody checks in in the middle of the night.
    const night = await one(t.app.db, sql<{ n: number }>`
      select count(*)::int as n from checkins where extract(hour from time_in at time zone 'Asia/Ho_Chi_Minh') < 5 or extract(hour from time_in at time zone 'Asia/Ho_Chi_Minh') >= 22`);
    expect(night.n).toBe(0);
  });

  it('makes venue popularity heavy-tailed: the busiest venue gets many times the median', async () => {
    const r = await one(t.app.db, sql<{ max: number; median: number }>`
      select max(n)::float as max, percentile_cont(0.5) within group (order by n)::float as median
      from (select count(*) as n from checkins group by venue_id) s`);
    expect(r.max).toBeGreaterThan(10 * r.median);
  });

  it('keeps most visits within the visitor\'s commune', async () => {
    const r = await one(t.app.db, sql<{ share: number }>`
      select avg((v.commune_code = p.commune_code)::int)::float as share
      from checkins c join venues v on v.id = c.venue_id join persons p on p.id = c.person_id`);
    expect(r.share).toBeGreaterThan(0.75);
  });

  it('records contacts between two different existing persons, at work, at school or elsewhere', async () => {
    const r = await one(t.app.db, sql<{ bad: number; settings: string[]; sources: string[] }>`
      select count(*) filter (where person_a = person_b or not exists (select 1 from persons p where p.id = person_b)
                                or at < ${PERIOD_FROM}::timestamptz or at >= ${PERIOD_TO}::timestamptz)::int as bad,
             array_agg(distinct setting order by setting) as settings, array_agg(distinct source order by source) as sources
      from contacts`);
    expect(r.bad).toBe(0);
    expect(r.settings).toEqual(['other', 'school', 'workplace']);
    expect(r.sources).toEqual(['interview', 'proximity']);
  });

  it('seeds an outbreak of 20 cases of existing persons, confirmed in the period, with consistent dates', async () => {
    const rows = await sql<{ code: string; person_id: number; ok_person: boolean; confirmed_at: Date; onset_date: string; sampled_at: Date; isolated_at: Date;
      infectious_from: Date; infectious_to: Date; from_is_onset_minus_2: boolean; status: string; isolation: Date | null; later_checkins: number }>`
      select k.code, k.person_id, exists (select 1 from persons p where p.id = k.person_id) as ok_person, k.confirmed_at, k.onset_date, k.sampled_at,
             k.isolated_at, k.infectious_from, k.infectious_to, k.status,
             k.infectious_from = ((k.onset_date - 2)::timestamp at time zone 'Asia/Ho_Chi_Minh') as from_is_onset_minus_2,
             (select isolated_at from isolations i where i.person_id = k.person_id) as isolation,
             (select count(*)::int from checkins c where c.person_id = k.person_id and c.time_in >= k.isolated_at) as later_checkins
      from cases k order by k.code`.execute(t.app.db);
    expect(rows.rows).toHaveLength(20);
    expect(new Set(rows.rows.map((r) => r.person_id)).size).toBe(20);
    for (const c of rows.rows) {
      expect(c.code).toMatch(/^BN\d+$/);
      expect(c.ok_person).toBe(true);
      expect(c.status).toBe('treatment');
      expect(c.confirmed_at.getTime()).toBeGreaterThanOrEqual(Date.parse(PERIOD_FROM));
      expect(c.confirmed_at.getTime()).toBeLessThan(Date.parse(PERIOD_TO));
      expect(c.infectious_from.getTime()).toBeLessThanOrEqual(c.infectious_to.getTime());
      expect(c.from_is_onset_minus_2).toBe(true);
      expect(c.infectious_to).toEqual(c.confirmed_at);
      expect(c.isolated_at).toEqual(c.confirmed_at);
      expect(c.isolation).toEqual(c.confirmed_at);
      expect(c.sampled_at.getTime()).toBeLessThanOrEqual(c.confirmed_at.getTime());
      expect(c.later_checkins).toBe(0);
    }
  });

  it('puts back the indexes and foreign keys that a run which died during a bulk load had dropped', async () => {
    const db = t.app.db;
    const shape = async () => ({
      indexes: (await sql<{ n: string }>`select indexname as n from pg_indexes where tablename in ('checkins', 'contacts') order by 1`.execute(db)).rows.map((r) => r.n),
      fks: (await sql<{ n: string }>`select conname as n from pg_constraint where conrelid = 'contacts'::regclass and contype = 'f' order by 1`.execute(db)).rows.map((r) => r.n),
    });
    const before = await shape();
    expect(before.indexes).toContain('checkins_venue_time_idx');
    expect(before.fks).toContain('contacts_person_a_fkey');
    await sql`drop index checkins_venue_time_idx`.execute(db);
    await sql`alter table contacts drop constraint contacts_person_a_fkey`.execute(db);
    await sql`insert into settings (key, value) values ('demo.generate.deferred', ${JSON.stringify([
      { table: 'checkins', name: 'checkins_venue_time_idx', kind: 'index', def: 'CREATE INDEX checkins_venue_time_idx ON public.checkins USING btree (venue_id, time_in)' },
      { table: 'contacts', name: 'contacts_person_a_fkey', kind: 'fk', def: 'FOREIGN KEY (person_a) REFERENCES persons(id)' },
    ])})`.execute(db);
    await expect(generateProvince(db, opts())).rejects.toThrow(ProvinceExistsError);
    expect(await shape()).toEqual(before);
    const partitionIndexes = await sql<{ n: number }>`select count(*)::int as n from pg_indexes where tablename like 'checkins_%' and indexdef like '%(venue_id, time_in)%'`.execute(db);
    expect(partitionIndexes.rows[0]!.n).toBe(2); // on every partition: checkins_default and checkins_202107
  });

  it('refuses a database that has check-ins; with force it generates the same province again', async () => {
    const first = await digest(t.app.db);
    await expect(generateProvince(t.app.db, opts())).rejects.toThrow(ProvinceExistsError);
    await expect(generateProvince(t.app.db, opts())).rejects.toThrow(/--force/);
    const again = await generateProvince(t.app.db, { ...opts(), force: true });
    expect({ ...again, seconds: 0 }).toEqual({ ...summary, seconds: 0 });
    expect(await digest(t.app.db)).toEqual(first);
    // The check-in indexes were rebuilt and nothing was left behind.
    const idx = await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'checkins' order by 1`.execute(t.app.db);
    expect(idx.rows.map((r) => r.name)).toEqual(['checkins_person_time_idx', 'checkins_pkey', 'checkins_venue_time_idx']);
    const marker = await sql<{ n: number }>`select count(*)::int as n from settings where key like 'demo.%'`.execute(t.app.db);
    expect(marker.rows[0]!.n).toBe(0);
  }, 120_000);

  it('is deterministic for a seed: same seed, same rows; another seed, other rows', async () => {
    const same = await testApp();
    const other = await testApp();
    try {
      // Other batch sizes and one statement at a time: the same rows.
      await generateProvince(same.app.db, { ...opts(), checkinBatch: 997, parallel: 1 });
      await generateProvince(other.app.db, { ...opts(), seed: 8 });
      const a = await digest(t.app.db);
      const b = await digest(same.app.db);
      const c = await digest(other.app.db);
      expect(b).toEqual(a);
      for (const k of Object.keys(a) as Array<keyof typeof a>) expect(c[k], k).not.toBe(a[k]);
    } finally {
      await same.close();
      await other.close();
    }
  }, 120_000);
});

describe('phongdich demo generate', () => {
  let t: TestApp;
  beforeAll(async () => { t = await testApp(); });
  afterAll(async () => { await t?.close(); });
  const run = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/phongdich.js'), 'demo', 'generate', ...args], {
    env: { ...process.env, DATABASE_URL: t.url, PHONGDICH_LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 60_000,
  });

  it('prints progress on stderr and a JSON summary on stdout; a second run is refused unless --force', () => {
    const first = run('--people', '300', '--days', '3', '--seed', '5', '--start', '2021-08-01', '--outbreak', '3');
    expect(first.status, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout.trim());
    expect(summary).toMatchObject({ persons: 300, days: 3, seed: 5, start: '2021-08-01', cases: 3 });
    for (const k of ['households', 'venues', 'checkins', 'contacts', 'seconds']) expect(typeof summary[k]).toBe('number');
    expect(first.stderr).toMatch(/\[\s*[\d.]+ s\] check-ins/);
    const second = run('--people', '300', '--days', '3', '--seed', '5', '--start', '2021-08-01');
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/--force/);
    expect(second.stdout).toBe('');
    const forced = run('--people', '300', '--days', '3', '--seed', '5', '--start', '2021-08-01', '--outbreak', '3', '--force');
    expect(forced.status, forced.stderr).toBe(0);
    expect({ ...JSON.parse(forced.stdout.trim()), seconds: 0 }).toEqual({ ...summary, seconds: 0 });
    const bad = run('--people', 'many');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--people/);
  }, 120_000);
});
