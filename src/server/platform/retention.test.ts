// Retention of personal data (keep only as long as the purpose requires) and the append-only audit log.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, count, COMMUNE_A, loggedIn, makeUser, testApp, type TestApp } from '../../../test/helpers.ts';
import { PERMISSIONS } from '../../contracts/auth.ts';
import { PURGERS } from '../main.ts';
import { systemActor } from './context.ts';
import { audit, ensureAuditPartitions } from './audit.ts';
import { newTotpSecret, totp } from './auth/totp.ts';
import { cutoffFor, getEpidemic, purge, purgeAudit, setEpidemic } from './retention.ts';

const DAY = 86_400_000;
const system = systemActor(Object.values(PERMISSIONS));
const noEpidemic = { declaredOn: null, endedOn: null };

// ─── pure: when is a kind of data due ──────────────────────────────────────────────────────────────────────

describe('cutoffFor', () => {
  const now = new Date('2026-06-01T00:00:00Z');

  it('with max_age only, cuts at now minus the maximum age, whatever the epidemic', () => {
    const p = { days_after_end: null, max_age_days: 90 };
    expect(cutoffFor(p, noEpidemic, now)).toEqual(new Date(now.getTime() - 90 * DAY));
    expect(cutoffFor(p, { declaredOn: '2025-01-01', endedOn: '2026-01-01' }, now)).toEqual(new Date('2026-03-03T00:00:00Z'));
  });

  it('with days_after_end only, has nothing due while the epidemic has not ended', () => {
    expect(cutoffFor({ days_after_end: 28, max_age_days: null }, noEpidemic, now)).toBeNull();
    expect(cutoffFor({ days_after_end: 28, max_age_days: null }, { declaredOn: '2026-01-01', endedOn: null }, now)).toBeNull();
  });

  it('with days_after_end only, has nothing due before endedOn + N days, and everything created up to the end day after', () => {
    const p = { days_after_end: 365, max_age_days: null };
    const ended = { declaredOn: '2025-03-01', endedOn: '2026-01-01' };
    expect(cutoffFor(p, ended, new Date('2026-06-01T00:00:00Z'))).toBeNull();
    expect(cutoffFor(p, ended, new Date('2026-12-31T23:59:59Z'))).toBeNull();
    // 2026-01-01 + 365 days = 2027-01-01: due from then on; the cut-off is the day after the end.
    expect(cutoffFor(p, ended, new Date('2027-01-01T00:00:00Z'))).toEqual(new Date('2026-01-02T00:00:00Z'));
    expect(cutoffFor(p, ended, new Date('2027-01-05T00:00:00Z'))).toEqual(new Date('2026-01-02T00:00:00Z'));
  });

  it('with both, takes the later of the two cut-offs', () => {
    const p = { days_after_end: 14, max_age_days: 30 };
    // Ended long ago: the maximum age cuts later than the end of the epidemic.
    expect(cutoffFor(p, { declaredOn: null, endedOn: '2026-01-01' }, now)).toEqual(new Date('2026-05-02T00:00:00Z'));
    // Ended recently, days_after_end passed: the day after the end is the later cut-off.
    const long = { days_after_end: 14, max_age_days: 365 };
    expect(cutoffFor(long, { declaredOn: null, endedOn: '2026-05-01' }, now)).toEqual(new Date('2026-05-02T00:00:00Z'));
    // Ended, but days_after_end not yet passed: only the maximum age applies.
    expect(cutoffFor(long, { declaredOn: null, endedOn: '2026-05-25' }, now)).toEqual(new Date('2025-06-01T00:00:00Z'));
  });

  it('with neither, never has anything due', () => {
    expect(cutoffFor({ days_after_end: null, max_age_days: null }, { declaredOn: '2020-01-01', endedOn: '2020-06-01' }, now)).toBeNull();
  });
});

// ─── database ───────────────────────────────────────────────────────────────────────────────────────────

describe('retention and audit (database)', () => {
  let t: TestApp;
  let health: Awaited<ReturnType<typeof loggedIn>>;
  let admin: ReturnType<typeof client>;

  /** An administrator past the second factor (admins without TOTP are sent to set it up first). */
  async function adminClient() {
    const secret = newTotpSecret();
    const user = await makeUser(t.app, 'admin', { totpSecret: secret });
    const c = client(t.http);
    expect((await c.login(user.username)).body.status).toBe('totp_required');
    const r = await c.post('/api/auth/totp', { code: totp(secret) });
    expect(r.body.status).toBe('ok');
    return c;
  }

  async function addPerson(fullName: string, birthYear: number): Promise<number> {
    const r = await health.post('/api/people', { fullName, birthYear, sex: 'male', communeCode: COMMUNE_A });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id;
  }

  const personIds = async () => (await t.app.db.selectFrom('persons').select('id').orderBy('id').execute()).map((r) => r.id);
  const historyOf = async (ids: number[]) =>
    ids.length ? (await t.app.db.selectFrom('person_history').select('person_id').where('person_id', 'in', ids).execute()).length : 0;
  const backdate = (id: number, at: string) => t.app.db.updateTable('persons').set({ created_at: new Date(at) }).where('id', '=', id).execute();

  beforeAll(async () => {
    t = await testApp();
    health = await loggedIn(t, 'health');
    admin = await adminClient();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('purging people records', () => {
    it('purges people only once endedOn + days_after_end has passed, those created before the day after the end, with their history', async () => {
      await setEpidemic(t.app.db, system, { declaredOn: '2025-03-01', endedOn: '2026-01-01' });
      expect(await getEpidemic(t.app.db)).toEqual({ declaredOn: '2025-03-01', endedOn: '2026-01-01' });
      const during = await addPerson('Nguyễn Văn An', 1980);
      const lastDay = await addPerson('Trần Văn Bình', 1975);
      const dayAfter = await addPerson('Lê Văn Cường', 1990);
      const recent = await addPerson('Phạm Văn Dũng', 2001);
      await backdate(during, '2025-06-15T08:00:00Z');
      await backdate(lastDay, '2026-01-01T23:59:59Z');
      await backdate(dayAfter, '2026-01-02T00:00:00Z');
      expect(await personIds()).toEqual([during, lastDay, dayAfter, recent]);
      expect(await historyOf([during, lastDay, dayAfter, recent])).toBe(4);

      // Five months after the end: people are kept for 365 days after it.
      const early = await purge(t.app.db, system, PURGERS, new Date('2026-06-01T00:00:00Z'));
      expect(early.purged.person).toBeUndefined();
      expect(early.ranAt).toBe('2026-06-01T00:00:00.000Z');
      // A day short of the 365 days: still kept.
      await purge(t.app.db, system, PURGERS, new Date('2026-12-31T12:00:00Z'));
      expect(await personIds()).toEqual([during, lastDay, dayAfter, recent]);

      const late = await purge(t.app.db, system, PURGERS, new Date('2027-01-05T00:00:00Z'));
      expect(late.purged.person).toBe(2);
      expect(await personIds()).toEqual([dayAfter, recent]);
      expect(await historyOf([during, lastDay])).toBe(0);
      expect(await historyOf([dayAfter, recent])).toBe(2);
    });

    it('writes an audit row retention.purge for each run, with what went', async () => {
      const rows = await t.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'retention.purge').orderBy('id').execute();
      expect(rows).toHaveLength(3);
      const last = rows[2]!;
      expect(last).toMatchObject({ actor_username: 'system', actor_id: null, entity: 'retention', outcome: 'ok' });
      expect((last.details as { purged: Record<string, number> }).purged.person).toBe(2);
      expect(last.record_count).toBeGreaterThanOrEqual(2);
    });

    it('keeps an old record that a newer, kept record was merged into', async () => {
      const old = await t.app.db.insertInto('persons').values({ full_name: 'Hoàng Văn Em', commune_code: COMMUNE_A, created_at: new Date('2025-05-01T00:00:00Z') })
        .returning('id').executeTakeFirstOrThrow();
      const dup = await t.app.db.insertInto('persons').values({ full_name: 'Hoàng Văn Em', commune_code: COMMUNE_A, merged_into: old.id, merged_at: new Date() })
        .returning('id').executeTakeFirstOrThrow();
      const r = await purge(t.app.db, system, PURGERS, new Date('2027-01-05T00:00:00Z'));
      expect(r.purged.person).toBe(0);
      expect(await personIds()).toEqual(expect.arrayContaining([old.id, dup.id]));
    });
  });

  describe('the retention API', () => {
    it('lists the kinds of personal data with their periods, for an admin', async () => {
      const r = await admin.get('/api/retention');
      expect(r.status).toBe(200);
      expect(r.body.policies.map((p: { kind: string }) => p.kind)).toEqual(['audit', 'checkin', 'citizen_report', 'declaration', 'person', 'session']);
      const person = r.body.policies.find((p: { kind: string }) => p.kind === 'person');
      expect(person).toMatchObject({ daysAfterEnd: 365, maxAgeDays: null, labelEn: 'People registry records' });
      expect(person.legalBasis).toContain('13/2023/NĐ-CP');
      expect(r.body.policies.find((p: { kind: string }) => p.kind === 'audit')).toMatchObject({ daysAfterEnd: null, maxAgeDays: 1825 });
      expect(r.body.epidemic).toEqual({ declaredOn: '2025-03-01', endedOn: '2026-01-01' });
    });

    it('changes a policy (checkin: 14 days after the end, no maximum age) and audits the change', async () => {
      const r = await admin.put('/api/retention/policies/checkin', { daysAfterEnd: 14, maxAgeDays: null });
      expect(r.status).toBe(200);
      expect(r.body.policies.find((p: { kind: string }) => p.kind === 'checkin')).toMatchObject({ daysAfterEnd: 14, maxAgeDays: null });
      const row = await t.app.db.selectFrom('retention_policies').selectAll().where('kind', '=', 'checkin').executeTakeFirstOrThrow();
      expect([row.days_after_end, row.max_age_days]).toEqual([14, null]);
      const logged = await t.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'retention.policy').execute();
      expect(logged.map((l) => l.entity_id)).toEqual(['checkin']);
    });

    it('refuses a policy for an unknown kind with 400 retention.invalid', async () => {
      const r = await admin.put('/api/retention/policies/no_such_kind', { daysAfterEnd: 1, maxAgeDays: null });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('retention.invalid');
    });

    it('refuses an epidemic that ends before it was declared (400 retention.invalid) and keeps the dates', async () => {
      const r = await admin.put('/api/retention/epidemic', { declaredOn: '2026-03-01', endedOn: '2026-02-01' });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('retention.invalid');
      expect(await getEpidemic(t.app.db)).toEqual({ declaredOn: '2025-03-01', endedOn: '2026-01-01' });
      const ok = await admin.put('/api/retention/epidemic', { declaredOn: '2026-03-01', endedOn: null });
      expect(ok.status).toBe(200);
      expect(ok.body.epidemic).toEqual({ declaredOn: '2026-03-01', endedOn: null });
    });

    it('forbids the retention settings to a health officer (403)', async () => {
      for (const r of [
        await health.get('/api/retention'),
        await health.put('/api/retention/policies/checkin', { daysAfterEnd: 0, maxAgeDays: 0 }),
        await health.post('/api/retention/purge'),
      ]) {
        expect(r.status).toBe(403);
        expect(r.body.error.code).toBe('auth.forbidden');
      }
      const row = await t.app.db.selectFrom('retention_policies').selectAll().where('kind', '=', 'checkin').executeTakeFirstOrThrow();
      expect(row.days_after_end).toBe(14);
    });
  });

  describe('the audit log', () => {
    it('is append-only: UPDATE and DELETE raise, on the table and on its partition', async () => {
      await audit(t.app.db, system, { action: 'test.append_only', entity: 'test' });
      const before = await count(t.app, 'audit_log');
      await expect(sql`update audit_log set action = 'tampered' where action = 'test.append_only'`.execute(t.app.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_log where action = 'test.append_only'`.execute(t.app.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_log_default`.execute(t.app.db)).rejects.toThrow(/append-only/);
      await expect(t.app.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
      expect(await count(t.app, 'audit_log')).toBe(before);
      const row = await t.app.db.selectFrom('audit_log').select('action').where('action', '=', 'test.append_only').execute();
      expect(row).toHaveLength(1);
    });

    it('makes monthly partitions and moves the current month out of the default partition, losing no row', async () => {
      const now = new Date();
      const name = `audit_log_${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
      const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
      const total = await count(t.app, 'audit_log');
      const thisMonth = Number((await sql<{ n: string }>`select count(*) as n from audit_log where at >= ${monthStart}`.execute(t.app.db)).rows[0]!.n);
      expect(thisMonth).toBeGreaterThan(0);

      await ensureAuditPartitions(t.app.db, now);
      await ensureAuditPartitions(t.app.db, now); // a second run finds them made

      expect(await count(t.app, 'audit_log')).toBe(total);
      const inPartition = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(t.app.db);
      expect(inPartition.rows[0]!.n).toBe(thisMonth);
      const leftInDefault = await sql<{ n: number }>`select count(*)::int as n from audit_log_default where at >= ${monthStart}`.execute(t.app.db);
      expect(leftInDefault.rows[0]!.n).toBe(0);
      const parts = await sql<{ relname: string }>`
        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
        where p.relname = 'audit_log' order by c.relname`.execute(t.app.db);
      expect(parts.rows.map((r) => r.relname)).toHaveLength(4); // default + this month + the next two
      expect(parts.rows.map((r) => r.relname)).toContain(name);

      // New rows go to the month's partition, and it is append-only too.
      await audit(t.app.db, system, { action: 'test.after_partition', entity: 'test' });
      const where = await sql<{ tbl: string }>`select tableoid::regclass::text as tbl from audit_log where action = 'test.after_partition'`.execute(t.app.db);
      expect(where.rows[0]!.tbl).toBe(name);
      await expect(sql`delete from audit_log where action = 'test.after_partition'`.execute(t.app.db)).rejects.toThrow(/append-only/);
    });

    it('purges audit rows older than the cut-off: old rows in the default partition, and whole monthly partitions', async () => {
      const old = (at: string, action: string) =>
        t.app.db.insertInto('audit_log').values({ at: new Date(at), action, entity: 'test', details: JSON.stringify({}) }).execute();
      await old('2019-01-15T00:00:00Z', 'test.old.jan');
      await old('2019-02-20T00:00:00Z', 'test.old.feb');
      await old('2019-03-10T00:00:00Z', 'test.old.mar');
      await old('2019-04-10T00:00:00Z', 'test.old.apr');
      await old('2019-05-10T00:00:00Z', 'test.old.may');
      // Partitions for March to May 2019 take those rows out of the default partition.
      await ensureAuditPartitions(t.app.db, new Date('2019-03-10T00:00:00Z'));
      const before = await count(t.app, 'audit_log');

      const n = await purgeAudit(t.app.db, new Date('2019-05-01T00:00:00Z'));

      expect(n).toBe(4);
      expect(await count(t.app, 'audit_log')).toBe(before - 4);
      const left = await t.app.db.selectFrom('audit_log').select('action').where('action', 'like', 'test.old.%').execute();
      expect(left.map((r) => r.action)).toEqual(['test.old.may']);
      const tables = await sql<{ relname: string }>`select relname from pg_class where relkind = 'r' and relname like 'audit_log_2019%' order by relname`.execute(t.app.db);
      expect(tables.rows.map((r) => r.relname)).toEqual(['audit_log_201905']);
      // Recent rows are untouched.
      expect(await t.app.db.selectFrom('audit_log').select('id').where('action', '=', 'test.append_only').execute()).toHaveLength(1);
    });

    it('lets an admin search it by action, outcome and entity id', async () => {
      await audit(t.app.db, system, { action: 'test.alpha', entity: 'thing', entityId: 'T-1' });
      await audit(t.app.db, system, { action: 'test.alpha', entity: 'thing', entityId: 'T-2', outcome: 'denied' });
      await audit(t.app.db, system, { action: 'test.beta', entity: 'thing', entityId: 'T-1' });
      const search = async (q: string) => {
        const r = await admin.get(`/api/audit?${q}`);
        expect(r.status).toBe(200);
        return r.body.items as Array<{ action: string; entityId: string | null; outcome: string }>;
      };
      expect((await search('action=test.alpha')).map((e) => [e.action, e.entityId, e.outcome])).toEqual([
        ['test.alpha', 'T-2', 'denied'], ['test.alpha', 'T-1', 'ok'],
      ]);
      expect((await search('action=test.alpha&outcome=denied')).map((e) => e.entityId)).toEqual(['T-2']);
      expect((await search('action=test.alpha&outcome=ok')).map((e) => e.entityId)).toEqual(['T-1']);
      expect((await search('entityId=T-1')).map((e) => e.action)).toEqual(['test.beta', 'test.alpha']);
      expect((await search('action=test.&entityId=T-1')).map((e) => e.action)).toEqual(['test.beta', 'test.alpha']);
      // The action filter is a prefix, and "_" in it is no wildcard.
      expect(await search('action=test_alpha')).toEqual([]);
    });

    it('refuses a health officer (403) and records the denial itself with outcome denied', async () => {
      const r = await health.get('/api/audit?action=person');
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('auth.forbidden');
      const denied = await t.app.db.selectFrom('audit_log').selectAll()
        .where('actor_username', '=', health.user.username).where('action', '=', 'access.denied').where('entity_id', '=', 'GET /api/audit').execute();
      expect(denied).toHaveLength(1);
      expect(denied[0]).toMatchObject({ outcome: 'denied', entity: 'route', entity_id: 'GET /api/audit', actor_id: health.user.id });
      expect(denied[0]!.details).toEqual({ permission: 'audit.read' });
      // The admin sees it in the log.
      const seen = await admin.get(`/api/audit?outcome=denied&actor=${health.user.username}&entityId=${encodeURIComponent('GET /api/audit')}`);
      expect(seen.body.items.map((e: { action: string; entityId: string }) => [e.action, e.entityId])).toEqual([['access.denied', 'GET /api/audit']]);
    });
  });
});
