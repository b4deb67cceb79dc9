// Health declarations against the database: screened at once into flags and work items for the commune,
// linked to the registry without duplicates, idempotent, refused with clear codes, append-only, read by
// officers within their area with every read audited; epidemic areas listed publicly; public forms limited.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cccd, client, COMMUNE_A, COMMUNE_B, loggedIn, testApp, type TestApp } from '../../../../test/helpers.ts';
import type { App } from '../../platform/context.ts';
import { buildServer, type Http } from '../../platform/http/server.ts';
import { authRoutes } from '../../platform/auth/routes.ts';
import { workRoutes } from '../work/index.ts';
import { seedIntakeRules } from './declarations.fixtures.ts';
import { declarationRoutes } from './routes.declarations.ts';
import { purgeDeclarations } from './declarations.ts';
import { screenExposure } from './screening.ts';

let t: TestApp;
let http: Http;
let app: App;
let clock = new Date('2020-08-03T09:00:00+07:00');
let health: Awaited<ReturnType<typeof loggedIn>>;
let localB: Awaited<ReturnType<typeof loggedIn>>;
let publicClient: ReturnType<typeof client>;
const BIG = { capacity: 10_000, perMinute: 10_000 };

beforeAll(async () => {
  t = await testApp();
  await seedIntakeRules(t.app);
  app = { ...t.app, now: () => clock };
  http = await buildServer(app, [authRoutes, (h, a) => declarationRoutes(h, a, { limits: { declaration: BIG, report: BIG } }), workRoutes]);
  const withRoutes = { ...t, http };
  health = await loggedIn(withRoutes, 'health');
  localB = await loggedIn(withRoutes, 'field', { communes: [COMMUNE_B] });
  publicClient = client(http);
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});
beforeEach(() => {
  clock = new Date('2020-08-03T09:00:00+07:00');
});

let serial = 0;
const declaration = (o: Record<string, unknown> = {}) => ({
  kind: 'everyone', fullName: 'Nông Văn Khai', birthYear: 1985, sex: 'male', idType: 'cccd', idNumber: cccd(1985, 'male', ++serial),
  phone: `09123${String(serial).padStart(5, '0')}`, communeCode: COMMUNE_A, address: 'Tổ 5', travel: [], symptoms: [], exposures: [], conditions: [],
  truthful: true, ...o,
});
const rows = (table: string) => sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.app.db).then((r) => r.rows[0]!.n);

async function daNang() {
  const r = await health.post('/api/intake/epidemic-areas', {
    kind: 'unit', unitLevel: 'province', unitCode: '48', dateFrom: '2020-07-01', dateTo: '2020-07-31', riskLevel: 4,
    declaredBy: 'Thủ tướng Chính phủ; UBND tỉnh Cao Bằng', legalRef: 'TB 272/TB-VPCP ngày 03/8/2020; CV 1883/UBND-VX ngày 03/8/2020',
  });
  expect(r.status).toBe(201);
  return r.body;
}

describe('screening a declaration', () => {
  let area: { id: number; name: string };
  beforeAll(async () => {
    area = await daNang();
  });

  it('a declaration from someone who was in a declared epidemic area inside its window produces a flag and a work item for their commune, naming the rule', async () => {
    expect(area.name).toBe('Thành phố Đà Nẵng');
    const body = declaration({ travel: [{ countryCode: 'VN', provinceCode: '48', place: 'Hội An, Đà Nẵng', from: '2020-07-20', to: '2020-07-25' }] });
    const r = await publicClient.post('/api/public/declarations', body);
    expect(r.status).toBe(201);
    expect(r.body.outcome).toBe('flagged');
    expect(r.body.flags).toEqual([expect.objectContaining({
      flag: 'epidemic_area', ruleKey: 'screening.epidemic_area', ruleVersion: '2020',
      areas: [{ name: 'Thành phố Đà Nẵng', riskLevel: 4, dateFrom: '2020-07-01', dateTo: '2020-07-31' }],
      actions: [{ kind: 'quarantine_home', dueFrom: '2020-08-03', dueTo: '2020-08-07', days: 14 }, { kind: 'test', dueFrom: '2020-08-03', dueTo: '2020-08-04', days: null }],
    })]);
    expect(JSON.stringify(r.body)).not.toContain(body.idNumber);

    const id = Number(r.body.receipt.slice(2));
    const rule = await t.app.db.selectFrom('policy_rules').select(['id', 'legal_ref']).where('key', '=', 'screening.epidemic_area').where('version', '=', '2020').executeTakeFirstOrThrow();
    const flag = await sql<{ person_id: number; commune_code: string; rule_id: number; work_item_ids: number[]; reason: string }>`
      select person_id, commune_code, rule_id, work_item_ids, reason from screening_flags where source = 'declaration' and source_id = ${id}`.execute(t.app.db);
    expect(flag.rows).toHaveLength(1);
    expect(flag.rows[0]).toMatchObject({ commune_code: COMMUNE_A, rule_id: rule.id });
    const work = await t.app.db.selectFrom('work_items').selectAll().where('id', 'in', flag.rows[0]!.work_item_ids).orderBy('id').execute();
    expect(work.map((w) => [w.kind, w.commune_code, w.person_id, w.source, w.rule_id, w.due_from, w.due_to])).toEqual([
      ['quarantine_home', COMMUNE_A, flag.rows[0]!.person_id, 'screening', rule.id, '2020-08-03', '2020-08-07'],
      ['test', COMMUNE_A, flag.rows[0]!.person_id, 'screening', rule.id, '2020-08-03', '2020-08-04'],
    ]);
    for (const w of work) {
      expect(w.reason).toContain(`Tờ khai y tế TK${id}: ở Thành phố Đà Nẵng (vùng dịch cấp 4, 01/07/2020–31/07/2020) từ 20/07/2020 đến 25/07/2020`);
      expect(w.reason).toContain(`quy định screening.epidemic_area (2020): ${rule.legal_ref}`);
    }

    // The commune sees it in its work queue.
    const queue = await health.get(`/api/work-items?commune=${COMMUNE_A}`);
    expect(queue.body.items.map((w: { id: number }) => w.id)).toEqual(expect.arrayContaining(flag.rows[0]!.work_item_ids));
  });

  it('does not flag a stay in Đà Nẵng before the window, and says what to do anyway', async () => {
    const r = await publicClient.post('/api/public/declarations', declaration({ travel: [{ countryCode: 'VN', provinceCode: '48', from: '2020-06-10', to: '2020-06-20' }] }));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ outcome: 'clear', flags: [], communeName: 'Phường Thục Phán', replayed: false });
  });

  it('flags a domestic movement that left from the area, and an entry by a trail as illegal entry', async () => {
    const trip = await publicClient.post('/api/public/declarations', declaration({
      kind: 'domestic',
      domestic: { vehicle: 'bus', plate: '11B-012.34', seat: '12', fromProvinceCode: '48', fromPlace: 'Bến xe Trung tâm Đà Nẵng', toProvinceCode: '04', toPlace: 'Cao Bằng', departOn: '2020-07-30', arriveOn: '2020-07-31' },
    }));
    expect(trip.status).toBe(201);
    expect(trip.body.flags.map((f: { flag: string }) => f.flag)).toEqual(['epidemic_area']);

    const entry = await publicClient.post('/api/public/declarations', declaration({
      kind: 'entry', nationality: 'VN', entry: { fromCountry: 'CN', entryOn: '2020-08-01', borderGate: null, viaOfficialGate: false },
    }));
    expect(entry.status).toBe(201);
    expect(entry.body.flags).toEqual([expect.objectContaining({
      flag: 'illegal_entry', ruleKey: 'screening.illegal_entry',
      actions: [{ kind: 'quarantine_concentrated', dueFrom: '2020-08-03', dueTo: '2020-08-16', days: 14 }, { kind: 'test', dueFrom: '2020-08-03', dueTo: '2020-08-03', days: null }],
    })]);
  });

  it('flags symptoms and contact with a case', async () => {
    const r = await publicClient.post('/api/public/declarations', declaration({ symptoms: ['fever', 'fatigue'], exposures: ['confirmed_case'], conditions: ['diabetes'] }));
    expect(r.body.flags.map((f: { flag: string }) => f.flag)).toEqual(['symptoms', 'case_contact']);
  });

  it('lets other intake channels screen their own exposure report', async () => {
    const person = await t.app.db.insertInto('persons').values({ full_name: 'Hoàng Thị Quét', commune_code: COMMUNE_B }).returning('id').executeTakeFirstOrThrow();
    const flags = await screenExposure(t.app.db, {
      source: 'checkin', sourceId: 99, sourceLabel: 'Lượt quét mã 99', personId: person.id, communeCode: COMMUNE_B, reportedOn: '2020-08-05',
      legs: [{ countryCode: 'VN', provinceCode: '48', communeCode: null, venueId: null, place: null, from: '2020-07-31', to: '2020-07-31' }],
      symptoms: [], exposures: [], illegalEntry: false,
    });
    expect(flags.map((f) => [f.flag, f.workItemIds.length])).toEqual([['epidemic_area', 2]]);
    const w = await t.app.db.selectFrom('work_items').select(['commune_code', 'reason']).where('id', '=', flags[0]!.workItemIds[0]!).executeTakeFirstOrThrow();
    expect(w.commune_code).toBe(COMMUNE_B);
    expect(w.reason).toMatch(/^Lượt quét mã 99: ở Thành phố Đà Nẵng/);
  });
});

describe('the person of a declaration', () => {
  it('registers a new person, then finds them again by identity number or by phone and name, never twice', async () => {
    const first = declaration({ fullName: 'Lục Thị Một' });
    const a = await publicClient.post('/api/public/declarations', first);
    const id = (receipt: string) => Number(receipt.slice(2));
    const row = (receipt: string) => sql<{ person_id: number; person_match: string }>`select person_id, person_match from declarations where id = ${id(receipt)}`.execute(t.app.db).then((r) => r.rows[0]!);
    const p1 = await row(a.body.receipt);
    expect(p1.person_match).toBe('created');
    const person = await t.app.db.selectFrom('persons').selectAll().where('id', '=', p1.person_id).executeTakeFirstOrThrow();
    expect(person).toMatchObject({ full_name: 'Lục Thị Một', id_number: first.idNumber, phone: first.phone, commune_code: COMMUNE_A, birth_year: 1985 });

    const again = await publicClient.post('/api/public/declarations', { ...first, phone: '0987000111', symptoms: ['cough'] });
    expect(await row(again.body.receipt)).toEqual({ person_id: p1.person_id, person_match: 'id_number' });

    const noId = await publicClient.post('/api/public/declarations', { ...first, fullName: 'lục thị một', idType: null, idNumber: null });
    expect(await row(noId.body.receipt)).toEqual({ person_id: p1.person_id, person_match: 'phone' });

    // A child declared with a parent's phone is someone else.
    const child = await publicClient.post('/api/public/declarations', { ...first, fullName: 'Lục Văn Con', birthYear: 2015, idType: null, idNumber: null });
    const c = await row(child.body.receipt);
    expect(c.person_match).toBe('created');
    expect(c.person_id).not.toBe(p1.person_id);
    const byNumber = await t.app.db.selectFrom('persons').select('id').where('id_number', '=', first.idNumber).execute();
    expect(byNumber).toHaveLength(1);
  });
});

describe('a retried submission', () => {
  it('returns the first result for the same idempotency key, in the body or in a header', async () => {
    const body = { ...declaration(), idempotencyKey: 'retry-0001-abcdef' };
    const before = await rows('declarations');
    const a = await publicClient.post('/api/public/declarations', body);
    const b = await publicClient.post('/api/public/declarations', body);
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect({ ...b.body, replayed: false }).toEqual(a.body);
    expect(b.body.replayed).toBe(true);
    const { idempotencyKey: _k, ...plain } = body;
    const c = await publicClient.post('/api/public/declarations', plain, { 'idempotency-key': 'retry-0001-abcdef' });
    expect(c.body.receipt).toBe(a.body.receipt);
    expect(await rows('declarations')).toBe(before + 1);
  });

  it('refuses a different declaration under a key already used', async () => {
    const body = { ...declaration(), idempotencyKey: 'retry-0002-abcdef' };
    await publicClient.post('/api/public/declarations', body);
    const r = await publicClient.post('/api/public/declarations', { ...body, symptoms: ['fever'] });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('declaration.idempotency_conflict');
  });
});

describe('a burst of public declarations (group commit)', () => {
  it('writes them in batches, each answered after its commit: retries inside the burst get the first result, a reused key is refused, nothing is lost or doubled', async () => {
    const before = { declarations: await rows('declarations'), audit: await rows('audit_log') };
    const bodies = Array.from({ length: 40 }, (_, i) => ({ ...declaration(i % 4 === 0 ? { symptoms: ['fever', 'cough'] } : {}), idempotencyKey: `burst-${String(i).padStart(4, '0')}-key` }));
    // Each of the first five twice (a double tap), and the sixth's key reused for another form.
    const sent = [...bodies, ...bodies.slice(0, 5), { ...declaration(), idempotencyKey: bodies[5]!.idempotencyKey }];
    const answers = await Promise.all(sent.map((b) => publicClient.post('/api/public/declarations', b)));
    const byKey = new Map<string, Array<{ status: number; body: { receipt: string; replayed: boolean; outcome: string; flags: unknown[] } }>>();
    sent.forEach((b, i) => byKey.set(b.idempotencyKey, [...(byKey.get(b.idempotencyKey) ?? []), answers[i]!]));
    for (const [key, list] of byKey) {
      const receipts = new Set(list.filter((a) => a.status < 300).map((a) => a.body.receipt));
      expect(receipts.size, key).toBe(1);
      expect(list.filter((a) => a.status === 201).length, key).toBe(1);
    }
    const reused = answers[answers.length - 1]!;
    expect(reused.status).toBe(409);
    expect((reused.body as unknown as { error: { code: string } }).error.code).toBe('declaration.idempotency_conflict');
    // A double tap's answers are the same declaration, and say which one was the retry.
    const [a, b] = byKey.get(bodies[0]!.idempotencyKey)!;
    expect({ ...a!.body, replayed: false }).toEqual({ ...b!.body, replayed: false });
    expect([a!.body.replayed, b!.body.replayed].sort()).toEqual([false, true]);
    expect(a!.body.outcome).toBe('flagged');
    expect(await rows('declarations')).toBe(before.declarations + 40);
    // One audit row per declaration written (and rows for the persons registered), none for the retries.
    const submitted = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'declaration.submit' and entity_id = any(${[...byKey.values()].map((l) => l.find((x) => x.status === 201)!.body.receipt.slice(2))}::text[])`.execute(t.app.db);
    expect(submitted.rows[0]!.n).toBe(40);
    expect(await rows('audit_log')).toBeGreaterThan(before.audit + 40);
    // The flags of a batch are written together: each names its own declaration, person and work items.
    const ids = [...byKey.values()].map((l) => Number(l.find((x) => x.status === 201)!.body.receipt.slice(2)));
    const flags = await sql<{ flag_person: number; declarant: number; reason: string; items: number; items_of_person: number; items_with_reason: number }>`
      select f.person_id as flag_person, d.person_id as declarant, f.reason, cardinality(f.work_item_ids) as items,
        (select count(*)::int from work_items w where w.id = any(f.work_item_ids) and w.person_id = f.person_id) as items_of_person,
        (select count(*)::int from work_items w where w.id = any(f.work_item_ids) and w.reason = f.reason) as items_with_reason
      from screening_flags f join declarations d on d.id = f.source_id where f.source = 'declaration' and f.source_id = any(${ids}::bigint[])`.execute(t.app.db);
    expect(flags.rows.length).toBe(10);
    for (const f of flags.rows) {
      expect(f.flag_person).toBe(f.declarant);
      expect(f.items).toBeGreaterThan(0);
      expect([f.items_of_person, f.items_with_reason]).toEqual([f.items, f.items]);
    }
    expect(new Set(flags.rows.map((f) => f.reason)).size).toBe(10); // each reason names its declaration
  });
});

describe('bad declarations are refused with a clear code and nothing is written', () => {
  async function refused(body: unknown, code: string, field?: string) {
    const [d, p, w] = [await rows('declarations'), await rows('persons'), await rows('work_items')];
    const r = await publicClient.post('/api/public/declarations', body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
    if (field) expect(r.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect([await rows('declarations'), await rows('persons'), await rows('work_items')]).toEqual([d, p, w]);
    return r;
  }
  it('an impossible date', async () => {
    await refused(declaration({ travel: [{ provinceCode: '48', from: '2020-02-30', to: '2020-03-01' }] }), 'declaration.invalid_date', 'travel.0.from');
    await refused(declaration({ travel: [{ provinceCode: '48', from: '20/07/2020', to: '2020-07-21' }] }), 'declaration.invalid_date', 'travel.0.from');
    await refused(declaration({ travel: [{ provinceCode: '48', from: '2020-07-25', to: '2020-07-20' }] }), 'declaration.invalid_leg', 'travel.0.to');
    // Further back than a declaration covers, counted from the day it is made.
    await refused(declaration({ travel: [{ provinceCode: '48', from: '2020-03-01', to: '2020-03-02' }] }), 'declaration.invalid_date', 'travel.0.from');
  });
  it('an invalid identity number or phone', async () => {
    await refused(declaration({ idNumber: '004085' }), 'declaration.invalid_id_number', 'idNumber');
    await refused(declaration({ idNumber: cccd(1990, 'male', 1) }), 'declaration.invalid_id_number', 'idNumber'); // born 1985
    await refused(declaration({ phone: '0212345678' }), 'declaration.invalid_phone', 'phone');
  });
  it('10,000 travel legs', async () => {
    const legs = Array.from({ length: 10_000 }, () => ({ provinceCode: '48', from: '2020-07-20', to: '2020-07-21' }));
    const r = await refused(declaration({ travel: legs }), 'declaration.too_many_legs', 'travel');
    expect(r.body.error.details.fields).toHaveLength(1);
  });
  it('a kind without its details, a commune outside the province, no commitment', async () => {
    await refused(declaration({ kind: 'domestic' }), 'declaration.kind_details_missing', 'domestic');
    await refused(declaration({ communeCode: '99999' }), 'declaration.unknown_commune', 'communeCode');
    await refused(declaration({ truthful: false }), 'declaration.commitment_required', 'truthful');
    await refused(declaration({ travel: [{ countryCode: 'VN', from: '2020-07-20', to: '2020-07-21' }] }), 'declaration.invalid_leg', 'travel.0.provinceCode');
  });
});

describe('declarations are append-only', () => {
  it('refuses to update or delete a declaration or a flag, except for retention', async () => {
    await expect(sql`update declarations set outcome = 'clear'`.execute(t.app.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from declarations`.execute(t.app.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from screening_flags`.execute(t.app.db)).rejects.toThrow(/append-only/);
    expect(await purgeDeclarations(t.app.db, new Date('2000-01-01'))).toBe(0);
  });
});

describe('officers read declarations within their area', () => {
  it('lists with filters and opens one, each read audited', async () => {
    const r = await publicClient.post('/api/public/declarations', declaration({ fullName: 'Bế Văn Đọc', symptoms: ['fever'] }));
    const id = Number(r.body.receipt.slice(2));
    const list = await health.get(`/api/intake/declarations?outcome=flagged&commune=${COMMUNE_A}&from=2020-08-03&to=2020-08-03&purpose=tracing`);
    expect(list.status).toBe(200);
    const item = list.body.items.find((d: { id: number }) => d.id === id);
    expect(item).toMatchObject({ fullName: 'Bế Văn Đọc', outcome: 'flagged', flags: ['symptoms'], channel: 'public', declaredOn: '2020-08-03' });
    const one = await health.get(`/api/intake/declarations/${id}?purpose=tracing`);
    expect(one.status).toBe(200);
    expect(one.body.form.symptoms).toEqual(['fever']);
    expect(one.body.screening[0]).toMatchObject({ flag: 'symptoms', ruleKey: 'screening.symptoms', personName: 'Bế Văn Đọc' });
    const audit = await t.app.db.selectFrom('audit_log').select(['action', 'entity_id', 'details', 'purpose']).where('actor_username', '=', health.user.username)
      .where('action', 'in', ['declaration.list', 'declaration.read']).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['declaration.list', 'declaration.read']);
    expect((audit[0]!.details as { ids: number[] }).ids).toContain(id);
    expect(audit[1]).toMatchObject({ entity_id: String(id), purpose: 'tracing' });
  });

  it('refuses a declaration outside the officer\'s communes and records the refusal', async () => {
    const r = await publicClient.post('/api/public/declarations', declaration());
    const id = Number(r.body.receipt.slice(2));
    const denied = await localB.get(`/api/intake/declarations/${id}`);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('auth.outside_area');
    const list = await localB.get('/api/intake/declarations');
    expect(list.body.items.every((d: { communeCode: string }) => d.communeCode === COMMUNE_B)).toBe(true);
    const refusal = await t.app.db.selectFrom('audit_log').select('outcome').where('actor_username', '=', localB.user.username).where('action', '=', 'declaration.read').executeTakeFirstOrThrow();
    expect(refusal.outcome).toBe('denied');
  });

  it('lets staff enter a declaration for a citizen of their area (khai hộ), not of another', async () => {
    const ok = await localB.post('/api/intake/declarations', declaration({ communeCode: COMMUNE_B, fullName: 'Đàm Thị Khai Hộ' }));
    expect(ok.status).toBe(201);
    const row = await sql<{ channel: string; entered_by: number }>`select channel, entered_by from declarations where id = ${Number(ok.body.receipt.slice(2))}`.execute(t.app.db);
    expect(row.rows[0]).toEqual({ channel: 'staff', entered_by: localB.user.id });
    const no = await localB.post('/api/intake/declarations', declaration({ communeCode: COMMUNE_A }));
    expect(no.status).toBe(403);
  });

  it('lists screening flags of the area with the rule that raised them', async () => {
    const r = await localB.get('/api/intake/flags');
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    for (const f of r.body.items) expect(f.communeCode).toBe(COMMUNE_B);
    expect(r.body.items[0]).toMatchObject({ ruleKey: expect.stringMatching(/^screening\./), legalRef: expect.any(String) });
  });
});

describe('epidemic areas', () => {
  it('are listed publicly without personal data, and can be ended', async () => {
    // Communes are those of 1/7/2025 in the test province: a commune area lies after that day.
    clock = new Date('2025-08-03T09:00:00+07:00');
    const a = await health.post('/api/intake/epidemic-areas', {
      kind: 'unit', unitLevel: 'commune', unitCode: COMMUNE_B, dateFrom: '2025-08-01', riskLevel: 3, declaredBy: 'UBND tỉnh', legalRef: 'QĐ 01/QĐ-UBND', note: 'Ổ dịch thôn Nà Rụa',
    });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ name: 'Phường Nùng Trí Cao', communeCode: COMMUNE_B, dateTo: null });
    expect((await health.post('/api/intake/epidemic-areas', { kind: 'unit', unitLevel: 'commune', unitCode: COMMUNE_B, dateFrom: '2020-08-01', riskLevel: 3, declaredBy: 'x', legalRef: 'y' })).body.error.code)
      .toBe('epidemic_area.unknown_unit');
    const open = await client(http).get('/api/public/epidemic-areas?at=2025-08-03');
    expect(open.status).toBe(200);
    const shown = open.body.items.find((x: { id: number }) => x.id === a.body.id);
    expect(shown).toMatchObject({ name: 'Phường Nùng Trí Cao', riskLevel: 3, declaredBy: 'UBND tỉnh' });
    expect(shown.note).toBeUndefined();

    const ended = await health.post(`/api/intake/epidemic-areas/${a.body.id}/end`, { dateTo: '2025-08-10' });
    expect(ended.body.dateTo).toBe('2025-08-10');
    const later = await client(http).get('/api/public/epidemic-areas?at=2025-08-11');
    expect(later.body.items.some((x: { id: number }) => x.id === a.body.id)).toBe(false);
    clock = new Date('2025-08-20T09:00:00+07:00');
    const again = await health.post(`/api/intake/epidemic-areas/${a.body.id}/end`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('epidemic_area.already_ended');
  });

  it('refuses an unknown unit and a window that ends before it starts', async () => {
    const base = { kind: 'unit', unitLevel: 'province', dateFrom: '2020-08-01', riskLevel: 2, declaredBy: 'x', legalRef: 'y' };
    expect((await health.post('/api/intake/epidemic-areas', { ...base, unitCode: '99' })).body.error.code).toBe('epidemic_area.unknown_unit');
    // Bắc Kạn (06) existed in 2020, not after the 2025 merger.
    expect((await health.post('/api/intake/epidemic-areas', { ...base, unitCode: '06' })).status).toBe(201);
    expect((await health.post('/api/intake/epidemic-areas', { ...base, unitCode: '06', dateFrom: '2025-08-01' })).body.error.code).toBe('epidemic_area.unknown_unit');
    expect((await health.post('/api/intake/epidemic-areas', { ...base, unitCode: '48', dateTo: '2020-07-01' })).body.error.code).toBe('epidemic_area.invalid_window');
    const viewer = await loggedIn({ ...t, http }, 'viewer');
    expect((await viewer.post('/api/intake/epidemic-areas', { ...base, unitCode: '48' })).status).toBe(403);
  });

  it('offers the provinces of the day and the province\'s communes to the public forms', async () => {
    const r = await client(http).get('/api/public/places?at=2020-08-03');
    expect(r.body.provinces).toHaveLength(63);
    expect(r.body.provinces).toContainEqual({ code: '06', name: 'Tỉnh Bắc Kạn' });
    expect(r.body.communes).toContainEqual({ code: COMMUNE_A, name: 'Phường Thục Phán' });
    expect((await client(http).get('/api/public/places?at=2025-08-01')).body.provinces).toHaveLength(34);
  });
});

describe('public forms are rate-limited per client', () => {
  it('refuses the third declaration in a burst from one address with 429 and a retry-after', async () => {
    const small = await buildServer(app, [(h, a) => declarationRoutes(h, a, { limits: { declaration: { capacity: 2, perMinute: 1 } } })]);
    try {
      const post = (ip: string) => small.inject({ method: 'POST', url: '/api/public/declarations', remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(declaration()) });
      expect((await post('10.0.0.7')).statusCode).toBe(201);
      expect((await post('10.0.0.7')).statusCode).toBe(201);
      const third = await post('10.0.0.7');
      expect(third.statusCode).toBe(429);
      expect(JSON.parse(third.body).error.code).toBe('request.rate_limited');
      expect(third.headers['retry-after']).toBe('60');
      expect((await post('10.0.0.8')).statusCode).toBe(201);
    } finally {
      await small.close();
    }
  });
});
