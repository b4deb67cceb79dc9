// Bad input gets the right 4xx with a clear code; nothing is written; nothing crashes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, COMMUNE_A, count, loggedIn, testApp, type TestApp } from './helpers.ts';

let t: TestApp;
let officer: Awaited<ReturnType<typeof loggedIn>>;
const valid = { fullName: 'Nông Văn Hợp Lệ', birthYear: 1980, sex: 'male', communeCode: COMMUNE_A };

beforeAll(async () => {
  t = await testApp();
  officer = await loggedIn(t, 'health');
});
afterAll(async () => { await t.close(); });

async function expectRefused(body: unknown, status: number, code: string, field?: string) {
  const before = await count(t.app, 'persons');
  const r = await officer.post('/api/people', body, { 'content-type': 'application/json' });
  expect(r.status).toBe(status);
  expect(r.body.error.code).toBe(code);
  expect(typeof r.body.error.message).toBe('string');
  expect(r.body.error.requestId).toBeTruthy();
  expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+|stack/i);
  if (field) expect(r.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(field);
  expect(await count(t.app, 'persons')).toBe(before);
  return r;
}

describe('bad input to POST /api/people', () => {
  it('malformed JSON → 400 request.malformed_json', async () => {
    await expectRefused('{"fullName": "x",', 400, 'request.malformed_json');
  });
  it('wrong types → 400 request.invalid naming the field', async () => {
    await expectRefused({ ...valid, birthYear: 'nineteen eighty' }, 400, 'request.invalid', 'birthYear');
    await expectRefused({ ...valid, fullName: 42 }, 400, 'request.invalid', 'fullName');
  });
  it('unknown fields → 400 request.invalid listing the key', async () => {
    const r = await expectRefused({ ...valid, isAdmin: true }, 400, 'request.invalid');
    expect(JSON.stringify(r.body.error.details)).toContain('isAdmin');
  });
  it('a body over 1 MB → 413 request.too_large', async () => {
    await expectRefused({ ...valid, address: 'x'.repeat(1_100_000) }, 413, 'request.too_large');
  });
  it('invalid identity numbers → 400 person.invalid_id_number', async () => {
    await expectRefused({ ...valid, idType: 'cccd', idNumber: '12345' }, 400, 'person.invalid_id_number', 'idNumber');
    await expectRefused({ ...valid, idType: 'cccd', idNumber: '999080001234' }, 400, 'person.invalid_id_number', 'idNumber');
    await expectRefused({ ...valid, idType: 'cccd', idNumber: '004185001234' }, 400, 'person.invalid_id_number', 'idNumber'); // female digit, male person
    await expectRefused({ ...valid, idType: 'cmnd', idNumber: '12345678' }, 400, 'person.invalid_id_number', 'idNumber');
  });
  it('invalid phones → 400 person.invalid_phone', async () => {
    await expectRefused({ ...valid, phone: '0212345678' }, 400, 'person.invalid_phone', 'phone');
    await expectRefused({ ...valid, phone: '12' }, 400, 'person.invalid_phone', 'phone');
  });
  it('invalid dates → 400 person.invalid_birth or request.invalid', async () => {
    await expectRefused({ ...valid, birthDate: '1980-02-30' }, 400, 'person.invalid_birth', 'birthDate');
    await expectRefused({ ...valid, birthDate: '2999-01-01', birthYear: null }, 400, 'person.invalid_birth', 'birthDate');
    await expectRefused({ ...valid, birthDate: '1981-01-01' }, 400, 'person.invalid_birth', 'birthYear');
    await expectRefused({ ...valid, birthDate: '01/02/1980' }, 400, 'request.invalid', 'birthDate');
    await expectRefused({ ...valid, birthYear: 1700 }, 400, 'person.invalid_birth', 'birthYear');
  });
  it('an unknown commune → 400 person.unknown_commune', async () => {
    await expectRefused({ ...valid, communeCode: '99999' }, 400, 'person.unknown_commune');
  });
  it('SQL in a name is refused as a name, and stored verbatim (never executed) in an address', async () => {
    await expectRefused({ ...valid, fullName: "Robert'); DROP TABLE persons;--" }, 400, 'person.invalid_name', 'fullName');
    const r = await officer.post('/api/people', { ...valid, fullName: 'Vi Văn Sql', address: "'; DROP TABLE persons; --" });
    expect(r.status).toBe(201);
    expect(r.body.address).toBe("'; DROP TABLE persons; --");
    expect(await count(t.app, 'persons')).toBeGreaterThan(0);
  });
  it('HTML in a name is refused; in an address it is kept as text for the UI to escape', async () => {
    await expectRefused({ ...valid, fullName: '<img src=x onerror=alert(1)>' }, 400, 'person.invalid_name', 'fullName');
    const r = await officer.post('/api/people', { ...valid, fullName: 'Vi Văn Html', address: '<script>alert(1)</script>' });
    expect(r.status).toBe(201);
    expect(r.body.address).toBe('<script>alert(1)</script>');
    expect(r.headers['content-type']).toMatch(/application\/json/);
  });
  it('a wrong content type → 415', async () => {
    const before = await count(t.app, 'persons');
    const r = await officer.post('/api/people', 'fullName=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('request.unsupported_media_type');
    expect(await count(t.app, 'persons')).toBe(before);
  });
});

describe('bad requests elsewhere', () => {
  it('a request without a session → 401 auth.unauthenticated, and nothing is written', async () => {
    const anon = client(t.http);
    const before = await count(t.app, 'persons');
    expect((await anon.get('/api/people')).body.error.code).toBe('auth.unauthenticated');
    const r = await anon.post('/api/people', valid);
    expect(r.status).toBe(401);
    expect(await count(t.app, 'persons')).toBe(before);
  });
  it('a forged session cookie → 401', async () => {
    const anon = client(t.http);
    anon.setCookie('pd_session=forged-token');
    expect((await anon.get('/api/people')).status).toBe(401);
  });
  it('invalid ids in the path → 400; ids that do not exist → 404 person.not_found', async () => {
    expect((await officer.get('/api/people/abc')).status).toBe(400);
    expect((await officer.get('/api/people/-1')).status).toBe(400);
    expect((await officer.get('/api/people/99999999999999999999')).status).toBe(400);
    const r = await officer.get('/api/people/987654');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('person.not_found');
  });
  it('invalid query parameters → 400', async () => {
    expect((await officer.get('/api/people?pageSize=1000')).status).toBe(400);
    expect((await officer.get('/api/people?commune=abc')).status).toBe(400);
    expect((await officer.get('/api/people?unknown=1')).status).toBe(400);
  });
  it('a search for LIKE wildcards or SQL finds nothing and does not fail', async () => {
    for (const q of ['%', '_', "' or 1=1 --", '%%%_%']) {
      const r = await officer.get(`/api/people?q=${encodeURIComponent(q)}`);
      expect(r.status).toBe(200);
      expect(r.body.total).toBe(0);
    }
  });
  it('an unknown route → 404 request.not_found in English when asked', async () => {
    const r = await officer.get('/api/nope', { 'accept-language': 'en-US,en;q=0.9' });
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: 'request.not_found', message: 'No such route' });
  });
  it('impossible calendar dates anywhere → 400, never 500', async () => {
    const admin = await loggedIn(t, 'health');
    for (const url of ['/api/reference/units?at=2024-02-30', '/api/reference/rules/in-force?key=quarantine.f1&at=2021-13-01']) {
      const r = await admin.get(url);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('request.invalid');
    }
  });
  it('a malformed URL gets the same JSON error shape', async () => {
    const r = await officer.get('/api/people/%ZZ');
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'request.invalid' });
    expect(r.body.error.requestId).toBeTruthy();
  });
  it('an out-of-range birth year in a duplicate check → 400', async () => {
    const r = await officer.post('/api/people/duplicates', { fullName: 'Nguyễn Văn A', birthYear: 99999999999, communeCode: COMMUNE_A });
    expect(r.status).toBe(400);
  });
  it('a name or address that NFC makes longer than allowed → 400, not 500', async () => {
    const devanagari = '\u0958'; // NFC turns this one code point into two
    await expectRefused({ ...valid, fullName: devanagari.repeat(150) }, 400, 'person.invalid_name', 'fullName');
    await expectRefused({ ...valid, address: devanagari.repeat(400) }, 400, 'request.invalid', 'address');
  });
});
