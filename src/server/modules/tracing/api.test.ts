import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNE_A, COMMUNE_B, count, loggedIn, testApp, type TestApp } from '../../../../test/helpers.ts';

let t: TestApp;
let officer: Awaited<ReturnType<typeof loggedIn>>;
const ids: Record<string, number> = {};

async function person(name: string, communeCode = COMMUNE_A) {
  const r = await officer.post('/api/people', { fullName: name, birthYear: 1980, communeCode, confirmNotDuplicate: true });
  expect(r.status).toBe(201);
  return r.body.id as number;
}

beforeAll(async () => {
  t = await testApp();
  officer = await loggedIn(t, 'health');
  for (const [k, n] of [['f0', 'Nông Văn Ca'], ['home', 'Nông Thị Nhà'], ['friend', 'Bế Văn Bạn'], ['market', 'Lục Thị Chợ'], ['far', 'Đàm Văn Xa']] as const) {
    ids[k] = await person(n, k === 'far' ? COMMUNE_B : COMMUNE_A);
  }
  const h = await t.app.db.insertInto('households').values({ commune_code: COMMUNE_A }).returning('id').executeTakeFirstOrThrow();
  await t.app.db.insertInto('household_members').values([{ household_id: h.id, person_id: ids.f0! }, { household_id: h.id, person_id: ids.home! }]).execute();
  await sql`insert into venues (name, kind, commune_code) values ('Chợ Phố Cũ', 'market', ${COMMUNE_A})`.execute(t.app.db);
});
afterAll(async () => { await t.close(); });

describe('tracing API', () => {
  it('records a case (F0) and traces household F1s, venue F1s and their contacts as F2, with provenance', async () => {
    const venue = await t.app.db.selectFrom('venues').select('id').executeTakeFirstOrThrow();
    const c = await officer.post('/api/tracing/checkins', { checkins: [
      { personId: ids.f0, venueId: venue.id, timeIn: '2021-01-28T02:30:00Z', timeOut: '2021-01-28T03:40:00Z' },
      { personId: ids.market, venueId: venue.id, timeIn: '2021-01-28T02:10:00Z', timeOut: '2021-01-28T03:05:00Z' },
    ] });
    expect(c.status).toBe(200);
    const k = await officer.post('/api/tracing/contacts', { contacts: [
      { personA: ids.home, personB: ids.friend, at: '2021-01-29T10:00:00+07:00', setting: 'workplace', evidence: 'Cùng tổ sản xuất' },
      { personA: ids.market, personB: ids.far, at: '2021-01-29T12:00:00+07:00', setting: 'vehicle' },
    ] });
    expect(k.body.written).toBe(2);
    const r = await officer.post('/api/tracing/cases', { personId: ids.f0, code: 'bn1234', confirmedAt: '2021-01-30T08:00:00+07:00', onsetDate: '2021-01-29' });
    expect(r.status).toBe(201);
    expect(r.body.case).toMatchObject({ code: 'BN1234', f1: 2, f2: 2 });
    // Infectious from 2 days before onset (rule tracing.infectious_period) until isolation (confirmation).
    expect(r.body.case.infectiousFrom).toBe('2021-01-26T17:00:00.000Z');
    expect(r.body.case.periodRuleId).toBeGreaterThan(0);
    const byPerson = new Map(r.body.case.classifications.map((x: { personId: number }) => [x.personId, x]));
    expect(byPerson.get(ids.home)).toMatchObject({ level: 1, linkKind: 'household' });
    expect(byPerson.get(ids.market)).toMatchObject({ level: 1, linkKind: 'venue', provenance: { caseCode: 'BN1234' } });
    expect(byPerson.get(ids.friend)).toMatchObject({ level: 2, linkKind: 'contact', viaPersonId: ids.home });
    expect((byPerson.get(ids.friend) as { provenance: { chain: unknown[] } }).provenance.chain).toHaveLength(2);
    const list = await officer.get('/api/tracing/cases');
    expect(list.body.items[0]).toMatchObject({ code: 'BN1234', f1: 2, f2: 2, personName: 'Nông Văn Ca' });
    // Actions by the rule in force on the exposure date (2021-01: F1 concentrated 14 days, tests on days 1 and
    // 14; F2 home 14 days), as work items for the commune of residence.
    const work = await officer.get(`/api/work-items?commune=${COMMUNE_A}`);
    expect(work.status).toBe(200);
    const byWho = new Map(work.body.items.map((w: { personId: number }) => [w.personId, w]));
    expect(byWho.get(ids.home)).toMatchObject({ kind: 'quarantine_concentrated', status: 'open', communeCode: COMMUNE_A, dueFrom: '2021-01-27', dueTo: '2021-02-09', source: 'classification' });
    expect((byWho.get(ids.home) as { plan: { testDates: string[] } }).plan.testDates).toEqual(['2021-01-27', '2021-02-09']);
    expect((byWho.get(ids.home) as { reason: string }).reason).toMatch(/^F1 của BN1234: cách ly tập trung 14 ngày/);
    expect(byWho.get(ids.friend)).toMatchObject({ kind: 'quarantine_home', reason: expect.stringMatching(/^F2 của BN1234/) });
    expect(byWho.has(ids.far)).toBe(false); // lives in commune B
    expect((await officer.get(`/api/work-items?commune=${COMMUNE_B}`)).body.items.map((w: { personId: number }) => w.personId)).toEqual([ids.far]);
  });

  it('never reuses a case code, and refuses a second active case for the same person', async () => {
    const other = await person('Vi Văn Khác');
    const dupCode = await officer.post('/api/tracing/cases', { personId: other, code: 'BN1234', confirmedAt: '2021-02-01T08:00:00+07:00' });
    expect(dupCode.status).toBe(409);
    expect(dupCode.body.error.code).toBe('tracing.case_code_taken');
    const again = await officer.post('/api/tracing/cases', { personId: ids.f0, code: 'BN9999', confirmedAt: '2021-02-01T08:00:00+07:00' });
    expect(again.body.error.code).toBe('tracing.case_exists');
  });

  it('drops a rejected link from the classification, and keeps the rejection for later recomputation', async () => {
    const r = await officer.post('/api/tracing/rejections', { sourcePersonId: ids.home, targetPersonId: ids.friend, reason: 'Không cùng ca làm việc' });
    expect(r.status).toBe(200);
    const caseId = (await officer.get('/api/tracing/cases')).body.items[0].id;
    const detail = await officer.get(`/api/tracing/cases/${caseId}`);
    expect(detail.body.classifications.map((x: { personId: number }) => x.personId)).not.toContain(ids.friend);
    // A later write retraces everything: the rejection still holds.
    await officer.post('/api/tracing/contacts', { contacts: [{ personA: ids.market, personB: ids.home, at: '2021-01-29T15:00:00+07:00', setting: 'other' }] });
    const after = await officer.get(`/api/tracing/cases/${caseId}`);
    expect(after.body.classifications.map((x: { personId: number }) => x.personId)).not.toContain(ids.friend);
    const closed = await t.app.db.selectFrom('classifications').select('superseded_at').where('person_id', '=', ids.friend!).execute();
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((c) => c.superseded_at !== null)).toBe(true);
    // Their work item is cancelled, not deleted.
    const items = await t.app.db.selectFrom('work_items').select(['status']).where('person_id', '=', ids.friend!).execute();
    expect(items.map((i) => i.status)).toEqual(['cancelled']);
  });

  it('lets a commune officer see and move only their commune\'s work items', async () => {
    const local = await loggedIn(t, 'field', { communes: [COMMUNE_B] });
    const mine = await local.get('/api/work-items');
    expect(mine.body.items.every((w: { communeCode: string }) => w.communeCode === COMMUNE_B)).toBe(true);
    expect((await local.get(`/api/work-items?commune=${COMMUNE_A}`)).status).toBe(403);
    const other = await t.app.db.selectFrom('work_items').select('id').where('commune_code', '=', COMMUNE_A).where('status', '=', 'open').executeTakeFirstOrThrow();
    expect((await local.patch(`/api/work-items/${other.id}`, { status: 'done' })).status).toBe(403);
    const own = mine.body.items[0];
    expect((await local.patch(`/api/work-items/${own.id}`, { status: 'done', note: 'Đã cách ly tại nhà' })).status).toBe(200);
    const again = await local.patch(`/api/work-items/${own.id}`, { status: 'in_progress' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('work.closed');
    expect((await local.patch(`/api/work-items/${own.id}`, { status: 'bogus' })).status).toBe(400);
  });

  it('shows a commune officer only the F1/F2 of their area, and refuses a case outside it', async () => {
    const local = await loggedIn(t, 'field', { communes: [COMMUNE_A] });
    const caseId = (await officer.get('/api/tracing/cases')).body.items[0].id;
    const d = await local.get(`/api/tracing/cases/${caseId}`);
    expect(d.status).toBe(200);
    expect(d.body.classifications.map((x: { personId: number }) => x.personId)).not.toContain(ids.far);
    expect(d.body.hiddenOutsideArea).toBe(1);
    const farLocal = await loggedIn(t, 'field', { communes: [COMMUNE_B] });
    const refused = await farLocal.get(`/api/tracing/cases/${caseId}`);
    expect(refused.status).toBe(403);
    const denied = await t.app.db.selectFrom('audit_log').select('outcome').where('actor_username', '=', farLocal.user.username).where('action', '=', 'case.read').execute();
    expect(denied).toEqual([{ outcome: 'denied' }]);
  });

  it('refuses bad input with clear codes and writes nothing', async () => {
    const before = await count(t.app, 'persons');
    const contacts = Number((await t.app.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect((await officer.post('/api/tracing/contacts', { contacts: [{ personA: 999999, personB: ids.f0, at: '2021-01-29T10:00:00Z', setting: 'other' }] })).body.error.code).toBe('tracing.person_not_found');
    expect((await officer.post('/api/tracing/contacts', { contacts: [{ personA: ids.f0, personB: ids.f0, at: '2021-01-29T10:00:00Z', setting: 'other' }] })).status).toBe(400);
    expect((await officer.post('/api/tracing/contacts', { contacts: [{ personA: ids.f0, personB: ids.home, at: '29/01/2021', setting: 'other' }] })).status).toBe(400);
    expect((await officer.post('/api/tracing/checkins', { checkins: [{ personId: ids.f0, venueId: 424242, timeIn: '2021-01-28T02:30:00Z' }] })).body.error.code).toBe('tracing.venue_not_found');
    expect((await officer.post('/api/tracing/cases', { personId: ids.home, code: 'BN-1', confirmedAt: '2021-01-30T08:00:00Z' })).status).toBe(400);
    expect(Number((await t.app.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(contacts);
    expect(await count(t.app, 'persons')).toBe(before);
  });

  it('imports a batch of cases in one transaction: the F1 who tests positive becomes a case, their old F1 row is closed', async () => {
    const x = await person('Hoàng Văn Lô');
    const before = Number((await t.app.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    // A duplicate code inside the batch, or one already taken, writes nothing.
    const dup = await officer.post('/api/tracing/cases/batch', { cases: [
      { personId: x, code: 'BN2001', confirmedAt: '2021-02-02T08:00:00+07:00' }, { personId: ids.home, code: 'BN2001', confirmedAt: '2021-02-02T08:00:00+07:00' },
    ] });
    expect(dup.body.error.code).toBe('tracing.case_code_taken');
    const taken = await officer.post('/api/tracing/cases/batch', { cases: [
      { personId: x, code: 'BN2001', confirmedAt: '2021-02-02T08:00:00+07:00' }, { personId: ids.home, code: 'BN1234', confirmedAt: '2021-02-02T08:00:00+07:00' },
    ] });
    expect(taken.status).toBe(409);
    expect(Number((await t.app.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(before);
    const ok = await officer.post('/api/tracing/cases/batch', { cases: [
      { personId: x, code: 'BN2001', confirmedAt: '2021-02-02T08:00:00+07:00' }, { personId: ids.home, code: 'BN2002', confirmedAt: '2021-02-02T08:00:00+07:00' },
    ] });
    expect(ok.status).toBe(200);
    // The two new cases are traced; the trace that labelled one of them is updated in place (not recomputed).
    expect(ok.body).toMatchObject({ written: 2, trace: { cases: 2 } });
    const home = await t.app.db.selectFrom('classifications').select(['superseded_at']).where('person_id', '=', ids.home!).execute();
    expect(home.length).toBeGreaterThan(0);
    expect(home.every((c) => c.superseded_at !== null)).toBe(true);
  });

  it('keeps the waypoints of a case: its own check-ins, and places from the interview (a venue becomes a check-in and is traced)', async () => {
    const caseId = (await officer.get('/api/tracing/cases')).body.items.find((c: { code: string }) => c.code === 'BN1234').id;
    const shop = await t.app.db.insertInto('venues').values({ name: 'Quán Cà Phê Sáng', kind: 'restaurant', commune_code: COMMUNE_A }).returning('id').executeTakeFirstOrThrow();
    const guest = await person('Lý Thị Khách');
    await officer.post('/api/tracing/checkins', { checkins: [{ personId: guest, venueId: shop.id, timeIn: '2021-01-29T01:00:00Z', timeOut: '2021-01-29T01:30:00Z' }] });
    expect((await officer.get(`/api/tracing/venues?q=ca phe`)).body.items.map((v: { id: number }) => v.id)).toContain(shop.id);
    const added = await officer.post(`/api/tracing/cases/${caseId}/waypoints`, { venueId: shop.id, from: '2021-01-29T08:10:00+07:00', to: '2021-01-29T08:50:00+07:00', note: 'Uống cà phê buổi sáng' });
    expect(added.status).toBe(201);
    expect(added.body.trace.cases).toBeGreaterThanOrEqual(1);
    const free = await officer.post(`/api/tracing/cases/${caseId}/waypoints`, { address: 'Đám cưới nhà ông Hùng, xóm Nà Rụa', communeCode: COMMUNE_A, from: '2021-01-28T11:00:00Z', to: '2021-01-28T14:00:00Z' });
    expect(free.status).toBe(201);
    expect(free.body.trace).toBeNull();
    const list = await officer.get(`/api/tracing/cases/${caseId}/waypoints`);
    expect(list.body.items.map((w: { source: string; venueName: string | null; address: string | null }) => [w.source, w.venueName ?? w.address])).toEqual([
      ['checkin', 'Chợ Phố Cũ'], ['interview', 'Đám cưới nhà ông Hùng, xóm Nà Rụa'], ['interview', 'Quán Cà Phê Sáng'],
    ]);
    const detail = await officer.get(`/api/tracing/cases/${caseId}`);
    expect(detail.body.classifications.find((c: { personId: number }) => c.personId === guest)).toMatchObject({ level: 1, linkKind: 'venue' });
    // Bad input: no place, backwards window, a stay over 24 hours, an unknown venue.
    expect((await officer.post(`/api/tracing/cases/${caseId}/waypoints`, { from: '2021-01-28T11:00:00Z', to: '2021-01-28T14:00:00Z' })).status).toBe(400);
    expect((await officer.post(`/api/tracing/cases/${caseId}/waypoints`, { address: 'x', from: '2021-01-28T11:00:00Z', to: '2021-01-28T10:00:00Z' })).status).toBe(400);
    expect((await officer.post(`/api/tracing/cases/${caseId}/waypoints`, { address: 'x', from: '2021-01-28T11:00:00Z', to: '2021-01-30T11:00:00Z' })).status).toBe(400);
    expect((await officer.post(`/api/tracing/cases/${caseId}/waypoints`, { venueId: 987654, from: '2021-01-28T11:00:00Z', to: '2021-01-28T12:00:00Z' })).body.error.code).toBe('tracing.venue_not_found');
    const farLocal = await loggedIn(t, 'field', { communes: [COMMUNE_B] });
    expect((await farLocal.get(`/api/tracing/cases/${caseId}/waypoints`)).status).toBe(403);
  });

  it('keeps households first-class: members are each other\'s F1, changes retrace, a person is in one household', async () => {
    const [mother, son, lodger] = [await person('Triệu Thị Mẹ'), await person('Triệu Văn Con'), await person('Hà Văn Trọ')];
    const h = await officer.post('/api/tracing/households', { communeCode: COMMUNE_A, address: 'Xóm Bản Giới', members: [mother, son] });
    expect(h.status).toBe(201);
    expect((await officer.post('/api/tracing/households', { communeCode: COMMUNE_A, members: [son, lodger] })).body.error.code).toBe('tracing.household_member_taken');
    expect((await officer.post(`/api/tracing/households/${h.body.id}/members`, { personId: lodger })).status).toBe(200);
    const c = await officer.post('/api/tracing/cases', { personId: mother, code: 'BN3001', confirmedAt: '2021-02-03T08:00:00+07:00' });
    expect(c.body.case.classifications.map((x: { personId: number; linkKind: string }) => [x.personId, x.linkKind]).sort()).toEqual([[son, 'household'], [lodger, 'household']].sort());
    const of = await officer.get(`/api/tracing/people/${son}/household`);
    expect(of.body.household.members.map((m: { personId: number }) => m.personId)).toEqual([mother, son, lodger].sort((a, b) => a - b));
    // The lodger moves out: no longer F1 of BN3001 (the old classification is closed, its work item cancelled).
    const out = await officer.delete(`/api/tracing/households/${h.body.id}/members/${lodger}`);
    expect(out.status).toBe(200);
    const after = await officer.get(`/api/tracing/cases/${c.body.case.id}`);
    expect(after.body.classifications.map((x: { personId: number }) => x.personId)).toEqual([son]);
    expect((await t.app.db.selectFrom('work_items').select('status').where('person_id', '=', lodger).execute()).map((w) => w.status)).toEqual(['cancelled']);
    expect((await officer.delete(`/api/tracing/households/${h.body.id}/members/${lodger}`)).body.error.code).toBe('tracing.household_member_not_found');
    const farLocal = await loggedIn(t, 'field', { communes: [COMMUNE_B] });
    expect((await farLocal.get(`/api/tracing/people/${son}/household`)).status).toBe(403);

    // The officer confirms the son as F1 after the interview; the confirmation stays when a same-level link
    // replaces the first one (the father, in the same household, turns out to be an earlier case).
    const toConfirm = await officer.get(`/api/tracing/classifications?status=auto&commune=${COMMUNE_A}&pageSize=200`);
    expect(toConfirm.body.items.map((x: { personId: number }) => x.personId)).toContain(son);
    expect((await officer.post(`/api/tracing/people/${son}/classification/confirm`)).status).toBe(200);
    expect((await officer.post(`/api/tracing/people/${lodger}/classification/confirm`)).body.error.code).toBe('tracing.classification_not_found');
    const father = await person('Triệu Văn Bố');
    await officer.post(`/api/tracing/households/${h.body.id}/members`, { personId: father });
    await officer.post('/api/tracing/cases', { personId: father, code: 'BN3002', confirmedAt: '2021-02-02T08:00:00+07:00', onsetDate: '2021-01-25' });
    const now = await t.app.db.selectFrom('classifications').select(['via_person_id', 'status', 'level']).where('person_id', '=', son).where('superseded_at', 'is', null).executeTakeFirstOrThrow();
    expect(now).toEqual({ via_person_id: father, status: 'confirmed', level: 1 });
    const confirmed = await officer.get(`/api/tracing/classifications?status=confirmed&commune=${COMMUNE_A}`);
    expect(confirmed.body.items.map((x: { personId: number }) => x.personId)).toContain(son);
    expect((await farLocal.get(`/api/tracing/classifications?commune=${COMMUNE_A}`)).status).toBe(403);
  });

  it('holds a crowded stay for review; an officer accepts it and the people there become F1 (or dismisses it)', async () => {
    const rule = await t.app.db.selectFrom('policy_rules').select(['id', 'value']).where('key', '=', 'tracing.fanout_review_threshold').executeTakeFirstOrThrow();
    await sql`update policy_rules set value = '{"candidates": 2}' where id = ${rule.id}`.execute(t.app.db);
    try {
      const busStation = await t.app.db.insertInto('venues').values({ name: 'Bến xe Trung tâm', kind: 'bus_station', commune_code: COMMUNE_A }).returning('id').executeTakeFirstOrThrow();
      const [f0, ...others] = [await person('Đinh Văn Khách'), await person('Đinh Thị Một'), await person('Đinh Văn Hai'), await person('Đinh Thị Ba')];
      await officer.post('/api/tracing/checkins', { checkins: [f0, ...others].map((p) => ({ personId: p, venueId: busStation.id, timeIn: '2021-03-10T01:00:00Z', timeOut: '2021-03-10T02:00:00Z' })) });
      const c = await officer.post('/api/tracing/cases', { personId: f0, code: 'BN5001', confirmedAt: '2021-03-11T08:00:00+07:00' });
      expect(c.body.case.f1).toBe(0);
      const review = (await officer.get('/api/tracing/reviews')).body.items.find((r: { sourcePersonId: number }) => r.sourcePersonId === f0);
      expect(review).toMatchObject({ venueName: 'Bến xe Trung tâm', candidates: 3, status: 'open' });
      const ok = await officer.post(`/api/tracing/reviews/${review.id}/decision`, { decision: 'accept', reason: 'Cùng chuyến xe khách' });
      expect(ok.status).toBe(200);
      const after = await officer.get(`/api/tracing/cases/${c.body.case.id}`);
      expect(after.body.classifications.filter((x: { level: number }) => x.level === 1).map((x: { personId: number }) => x.personId).sort()).toEqual([...others].sort());
      const again = await officer.post(`/api/tracing/reviews/${review.id}/decision`, { decision: 'dismiss' });
      expect(again.body.error.code).toBe('tracing.review_decided');
      expect((await officer.post('/api/tracing/reviews/999999/decision', { decision: 'accept' })).body.error.code).toBe('tracing.review_not_found');
      expect((await officer.post(`/api/tracing/reviews/${review.id}/decision`, { decision: 'maybe' })).status).toBe(400);
      // The F1s' own stays there are crowded too (held for their F2); dismissing one takes it off the queue.
      const next = (await officer.get('/api/tracing/reviews')).body.items.find((r: { sourcePersonId: number }) => others.includes(r.sourcePersonId));
      expect((await officer.post(`/api/tracing/reviews/${next.id}/decision`, { decision: 'dismiss' })).status).toBe(200);
      expect((await officer.get('/api/tracing/reviews')).body.items.map((r: { id: number }) => r.id)).not.toContain(next.id);
    } finally {
      await sql`update policy_rules set value = ${JSON.stringify(rule.value)}::jsonb where id = ${rule.id}`.execute(t.app.db);
    }
  });

  it('is denied to roles without tracing permissions', async () => {
    const viewer = await loggedIn(t, 'viewer');
    expect((await viewer.get('/api/tracing/cases')).status).toBe(403);
  });
});
