import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cccd, COMMUNE_A, COMMUNE_B, count, loggedIn, testApp, type TestApp } from '../../../../test/helpers.ts';

let t: TestApp;
let officer: Awaited<ReturnType<typeof loggedIn>>;

const person = (over: Record<string, unknown> = {}) => ({
  fullName: 'Nguyễn Văn A', birthYear: 1985, sex: 'male', communeCode: COMMUNE_A, ...over,
});

beforeAll(async () => {
  t = await testApp();
  officer = await loggedIn(t, 'health');
});
afterAll(async () => { await t.close(); });

describe('people registry', () => {
  it('creates a person with normalised phone and identity number, and records version 1 in the history', async () => {
    const r = await officer.post('/api/people', person({ phone: '+84 912 000 111', idType: 'cccd', idNumber: `${cccd(1985, 'male', 1)}` }));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ fullName: 'Nguyễn Văn A', phone: '0912000111', idNumber: cccd(1985, 'male', 1), communeName: 'Phường Thục Phán', version: 1 });
    expect(r.body.history).toHaveLength(1);
    expect(r.body.history[0].change).toBe('create');
  });

  it('finds "Nguyễn Văn A" by the name typed without diacritics, ranked first', async () => {
    await officer.post('/api/people', person({ fullName: 'Nguyễn Văn Anh', birthYear: 1990 }));
    await officer.post('/api/people', person({ fullName: 'Trần Văn An', birthYear: 1991 }));
    const r = await officer.get('/api/people?q=nguyen%20van%20a');
    expect(r.status).toBe(200);
    expect(r.body.items[0].fullName).toBe('Nguyễn Văn A');
    expect(r.body.items.map((p: { fullName: string }) => p.fullName)).toContain('Nguyễn Văn Anh');
    expect(r.body.items.map((p: { fullName: string }) => p.fullName)).not.toContain('Trần Văn An');
  });

  it('matches "Hòa" and "Hoà" (two tone-mark placements) with each other', async () => {
    await officer.post('/api/people', person({ fullName: 'Lê Thị Hoà', sex: 'female', birthYear: 1970 }));
    for (const q of ['Hòa', 'Hoà', 'hoa']) {
      const r = await officer.get(`/api/people?q=${encodeURIComponent(`Lê Thị ${q}`)}`);
      expect(r.body.items.map((p: { fullName: string }) => p.fullName)).toContain('Lê Thị Hoà');
    }
  });

  it('finds a name from words in another order and from a part of a name', async () => {
    const a = await officer.get(`/api/people?q=${encodeURIComponent('hoa le')}`);
    expect(a.body.items.map((p: { fullName: string }) => p.fullName)).toContain('Lê Thị Hoà');
    const b = await officer.get('/api/people?q=thi%20ho');
    expect(b.body.items.map((p: { fullName: string }) => p.fullName)).toContain('Lê Thị Hoà');
  });

  it('looks people up by identity number and by phone in any written form', async () => {
    const byId = await officer.get(`/api/people?q=${cccd(1985, 'male', 1)}`);
    expect(byId.body.items).toHaveLength(1);
    expect(byId.body.items[0].fullName).toBe('Nguyễn Văn A');
    const byPhone = await officer.get(`/api/people?q=${encodeURIComponent('+84912000111')}`);
    expect(byPhone.body.items.map((p: { fullName: string }) => p.fullName)).toEqual(['Nguyễn Văn A']);
  });

  it('filters by commune, sex and birth year, and paginates', async () => {
    for (let i = 0; i < 5; i++) await officer.post('/api/people', person({ fullName: `Bế Văn Phân Trang ${String.fromCharCode(65 + i)}`, communeCode: COMMUNE_B, birthYear: 2000 }));
    const p1 = await officer.get(`/api/people?q=phan%20trang&commune=${COMMUNE_B}&pageSize=2&page=1`);
    const p3 = await officer.get(`/api/people?q=phan%20trang&commune=${COMMUNE_B}&pageSize=2&page=3`);
    expect(p1.body.total).toBe(5);
    expect(p1.body.items).toHaveLength(2);
    expect(p3.body.items).toHaveLength(1);
    const none = await officer.get(`/api/people?q=phan%20trang&commune=${COMMUNE_A}`);
    expect(none.body.total).toBe(0);
    const females = await officer.get(`/api/people?q=phan%20trang&sex=female`);
    expect(females.body.total).toBe(0);
    const byYear = await officer.get(`/api/people?commune=${COMMUNE_B}&birthYear=2000`);
    expect(byYear.body.total).toBe(5);
  });

  it('refuses a second person with the same identity number (409 person.duplicate_id) and writes nothing', async () => {
    const before = await count(t.app, 'persons');
    const r = await officer.post('/api/people', person({ fullName: 'Người Khác', idType: 'cccd', idNumber: cccd(1985, 'male', 1) }));
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('person.duplicate_id');
    expect(r.body.error.details.candidates[0].fullName).toBe('Nguyễn Văn A');
    expect(await count(t.app, 'persons')).toBe(before);
  });

  it('suggests duplicates with the same folded name, birth year and commune, and creates on confirmation', async () => {
    const r = await officer.post('/api/people', person({ fullName: 'NGUYEN VAN A' }));
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('person.possible_duplicate');
    expect(r.body.error.details.candidates.map((c: { reason: string }) => c.reason)).toContain('same_name_year_commune');
    const check = await officer.post('/api/people/duplicates', { fullName: 'nguyễn văn a', birthYear: 1985, communeCode: COMMUNE_A });
    expect(check.body.items.length).toBeGreaterThanOrEqual(1);
    const ok = await officer.post('/api/people', person({ fullName: 'NGUYEN VAN A', confirmNotDuplicate: true }));
    expect(ok.status).toBe(201);
    expect(ok.body.duplicates.map((d: { fullName: string }) => d.fullName)).toContain('Nguyễn Văn A');
  });

  it('merges a duplicate into a survivor, keeping both histories and filling missing fields', async () => {
    const survivor = await officer.post('/api/people', person({ fullName: 'Hoàng Văn Gộp', birthYear: 1960 }));
    const dup = await officer.post('/api/people', person({ fullName: 'Hoang Van Gop', birthYear: 1960, phone: '0987654321', confirmNotDuplicate: true }));
    expect(dup.status).toBe(201);
    const m = await officer.post(`/api/people/${survivor.body.id}/merge`, { duplicateId: dup.body.id, version: survivor.body.version });
    expect(m.status).toBe(200);
    expect(m.body.phone).toBe('0987654321');
    expect(m.body.history.map((h: { change: string }) => h.change)).toEqual(['absorbed', 'create']);
    const gone = await officer.get(`/api/people/${dup.body.id}`);
    expect(gone.body.mergedInto).toBe(survivor.body.id);
    expect(gone.body.history.map((h: { change: string }) => h.change)).toEqual(['merged_into', 'create']);
    const search = await officer.get('/api/people?q=gop');
    expect(search.body.items.map((p: { id: number }) => p.id)).toEqual([survivor.body.id]);
    const again = await officer.post(`/api/people/${survivor.body.id}/merge`, { duplicateId: dup.body.id, version: m.body.version });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('person.merged');
  });

  it('updates with optimistic concurrency: a stale version gets 409 person.version_conflict', async () => {
    const p = await officer.post('/api/people', person({ fullName: 'Đàm Thị Sửa', sex: 'female', birthYear: 1999 }));
    const { id, version, history: _h, duplicates: _d, communeName: _c, mergedInto: _m, createdAt: _a, updatedAt: _u, ...fields } = p.body;
    const u = await officer.put(`/api/people/${id}`, { ...fields, address: 'Tổ 5', version });
    expect(u.status).toBe(200);
    expect(u.body.version).toBe(2);
    expect(u.body.address).toBe('Tổ 5');
    const stale = await officer.put(`/api/people/${id}`, { ...fields, address: 'Tổ 6', version });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('person.version_conflict');
  });

  it('audits every read and write of a person with who, what and purpose', async () => {
    const p = await officer.post('/api/people', person({ fullName: 'Triệu Văn Nhật Ký', birthYear: 1977 }));
    await officer.get(`/api/people/${p.body.id}?purpose=tracing`);
    const rows = await t.app.db.selectFrom('audit_log').selectAll().where('entity_id', '=', String(p.body.id)).orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual(['person.create', 'person.read']);
    expect(rows[1]).toMatchObject({ actor_username: officer.user.username, purpose: 'tracing', outcome: 'ok' });
    const searches = await t.app.db.selectFrom('audit_log').select('action').where('action', '=', 'person.search').execute();
    expect(searches.length).toBeGreaterThan(0);
    // A lookup by identity number is read and audited in one statement: the audit row lists the id shown.
    await officer.get(`/api/people?q=${cccd(1985, 'male', 1)}&purpose=tracing`);
    const lookup = await t.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'person.search').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(lookup).toMatchObject({ actor_username: officer.user.username, purpose: 'tracing', record_count: 1, outcome: 'ok' });
    expect(lookup.details).toMatchObject({ kind: 'id' });
    expect((lookup.details as { ids: number[] }).ids).toHaveLength(1);
  });
});

describe('area scope', () => {
  it('gives a user scoped to one commune 403 for a person of another commune, and logs the attempt', async () => {
    const other = await officer.post('/api/people', person({ fullName: 'Lục Văn Xa', communeCode: COMMUNE_B, birthYear: 1950 }));
    const local = await loggedIn(t, 'field', { communes: [COMMUNE_A] });
    const r = await local.get(`/api/people/${other.body.id}`);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('auth.outside_area');
    const denied = await t.app.db.selectFrom('audit_log').selectAll()
      .where('entity_id', '=', String(other.body.id)).where('outcome', '=', 'denied').execute();
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ actor_username: local.user.username, action: 'person.read' });
  });

  it('shows a commune user only the people of their communes in search, and refuses a foreign commune filter', async () => {
    const local = await loggedIn(t, 'field', { communes: [COMMUNE_A] });
    const r = await local.get('/api/people?q=van');
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(r.body.items.every((p: { communeCode: string }) => p.communeCode === COMMUNE_A)).toBe(true);
    const f = await local.get(`/api/people?commune=${COMMUNE_B}`);
    expect(f.status).toBe(403);
  });

  it('refuses creating or moving a person into a commune outside the user area', async () => {
    const local = await loggedIn(t, 'field', { communes: [COMMUNE_A] });
    const before = await count(t.app, 'persons');
    const r = await local.post('/api/people', person({ fullName: 'Ma Văn Ngoài', communeCode: COMMUNE_B, birthYear: 1990 }));
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('auth.outside_area');
    expect(await count(t.app, 'persons')).toBe(before);
  });
});

describe('merge edge cases and audit of duplicates', () => {
  it('merges a record with only a birth year and one with only a date without mixing them (no 500)', async () => {
    const a = await officer.post('/api/people', person({ fullName: 'Sầm Văn Năm', birthYear: 1980 }));
    const b = await officer.post('/api/people', person({ fullName: 'Sầm Văn Năm Hai', birthDate: '1990-05-05', birthYear: null }));
    const m = await officer.post(`/api/people/${a.body.id}/merge`, { duplicateId: b.body.id, version: a.body.version });
    expect(m.status).toBe(200);
    expect(m.body).toMatchObject({ birthYear: 1980, birthDate: null });
  });

  it('refuses a merge whose identity number would contradict the survivor (person.merge_invalid)', async () => {
    const a = await officer.post('/api/people', person({ fullName: 'Hứa Thị Gộp', sex: 'female', birthYear: 1971 }));
    const b = await officer.post('/api/people', person({ fullName: 'Hứa Văn Gộp', sex: 'male', birthYear: 1971, idType: 'cccd', idNumber: cccd(1971, 'male', 77) }));
    const m = await officer.post(`/api/people/${a.body.id}/merge`, { duplicateId: b.body.id, version: a.body.version });
    expect(m.status).toBe(400);
    expect(m.body.error.code).toBe('person.merge_invalid');
  });

  it('audits the candidates a 409 shows, and records a duplicate identity number outside the area as denied', async () => {
    const other = await officer.post('/api/people', person({ fullName: 'La Văn Ngoài Vùng', communeCode: COMMUNE_B, birthYear: 1966, idType: 'cccd', idNumber: cccd(1966, 'male', 5) }));
    const local = await loggedIn(t, 'field', { communes: [COMMUNE_A] });
    const r = await local.post('/api/people', person({ fullName: 'Ai Đó', birthYear: 1966, idType: 'cccd', idNumber: cccd(1966, 'male', 5) }));
    expect(r.status).toBe(409);
    expect(r.body.error.details.candidates).toEqual([]);
    const denied = await t.app.db.selectFrom('audit_log').selectAll().where('actor_username', '=', local.user.username).where('outcome', '=', 'denied').execute();
    expect(denied.map((d) => d.entity_id)).toContain(String(other.body.id));
    const dup = await officer.post('/api/people', person({ fullName: 'La Van Ngoai Vung', communeCode: COMMUNE_B, birthYear: 1966 }));
    expect(dup.body.error.code).toBe('person.possible_duplicate');
    const shown = await t.app.db.selectFrom('audit_log').select(['details']).where('actor_username', '=', officer.user.username).where('action', '=', 'person.duplicate_check').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect((shown.details as { ids: number[] }).ids).toContain(other.body.id);
  });
});

describe('retention of the registry', () => {
  it('purges old records but keeps every record a kept one points to through a chain of merges', async () => {
    const { purgePeople } = await import('./service.ts');
    const mk = async (name: string) => (await officer.post('/api/people', person({ fullName: name, birthYear: 1930, confirmNotDuplicate: true }))).body.id as number;
    const [t0, s, d, old] = [await mk('Chuỗi Gộp Tê'), await mk('Chuỗi Gộp Ét'), await mk('Chuỗi Gộp Đê'), await mk('Chuỗi Gộp Cũ')];
    // S merged into T (both old); later the new D is merged into S: D → S → T must all stay.
    await t.app.db.updateTable('persons').set({ merged_into: t0, merged_at: new Date() }).where('id', '=', s).execute();
    await t.app.db.updateTable('persons').set({ merged_into: s, merged_at: new Date() }).where('id', '=', d).execute();
    const cut = new Date(Date.now() + 60_000);
    await t.app.db.updateTable('persons').set({ created_at: new Date(Date.now() + 120_000) }).where('id', '=', d).execute();
    const before = await count(t.app, 'persons');
    const n = await purgePeople(t.app.db, cut);
    const left = await t.app.db.selectFrom('persons').select('id').where('id', 'in', [t0, s, d, old]).execute();
    expect(left.map((r) => r.id).sort((a, b) => a - b)).toEqual([t0, s, d].sort((a, b) => a - b));
    expect(n).toBe(before - 3);
    expect(await count(t.app, 'persons')).toBe(3);
    const history = await t.app.db.selectFrom('person_history').select('person_id').where('person_id', '=', old).execute();
    expect(history).toEqual([]);
  });
});
