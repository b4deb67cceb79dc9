// Reference data: administrative units over time (the 2025 reform), agencies, policy rules in force on a
// date, and the importer of official unit lists. One database for the file; tests that change it run last.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, count, COMMUNE_A, COMMUNE_B, loggedIn, makeUser, testApp, type TestApp } from '../../../../test/helpers.ts';
import { PERMISSIONS } from '../../../contracts/auth.ts';
import { systemActor } from '../../platform/context.ts';
import { newTotpSecret, totp } from '../../platform/auth/totp.ts';
import { AppError } from '../../platform/errors.ts';
import { importUnits } from './service.ts';
import { parseCsv, readUnitList } from './rules.ts';
import { PROVINCES_2025 } from './seed/units.ts';
import { CAO_BANG_COMMUNES_2025 } from './seed/cao-bang.ts';

const SHARED_DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data');
const PROVINCES_CSV = path.join(SHARED_DATA, 'admin-units-2025', 'provinces.csv');
const COMMUNES_CSV = path.join(SHARED_DATA, 'admin-units-2025', 'communes.csv');
const hasSharedData = fs.existsSync(PROVINCES_CSV) && fs.existsSync(COMMUNES_CSV);

const system = systemActor(Object.values(PERMISSIONS));

/** The 34 official codes of 01/7/2025 (Nghị quyết 202/2025/QH15). */
const CODES_2025 = [
  '01', '04', '08', '11', '12', '14', '15', '19', '20', '22', '24', '25', '31', '33', '37', '38', '40',
  '42', '44', '46', '48', '51', '52', '56', '66', '68', '75', '79', '80', '82', '86', '91', '92', '96',
];

type Unit = { id: number; code: string; name: string; level: string; parentCode: string | null; validFrom: string; validTo: string | null; successors: Array<{ code: string; name: string; effectiveOn: string }> };

// ─── pure: the CSV reader ────────────────────────────────────────────────────────────────────────────────

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and newlines inside quotes', () => {
    expect(parseCsv('code,name\n"00001","Xã A, B"\n00002,"Phường ""Mới"""\n"00003","dòng\nhai"\n')).toEqual([
      ['code', 'name'], ['00001', 'Xã A, B'], ['00002', 'Phường "Mới"'], ['00003', 'dòng\nhai'],
    ]);
  });

  it('drops a byte-order mark and accepts CRLF, LF and a missing final newline', () => {
    expect(parseCsv('\uFEFFcode,name\r\n01,Thành phố Hà Nội\r\n04,Tỉnh Cao Bằng')).toEqual([
      ['code', 'name'], ['01', 'Thành phố Hà Nội'], ['04', 'Tỉnh Cao Bằng'],
    ]);
  });

  it('accepts semicolons and tabs as separators and skips blank lines', () => {
    expect(parseCsv('code;name\n\n01;Thành phố Hà Nội\r\n\r\n04\tTỉnh Cao Bằng\n')).toEqual([
      ['code', 'name'], ['01', 'Thành phố Hà Nội'], ['04', 'Tỉnh Cao Bằng'],
    ]);
  });
});

describe('readUnitList', () => {
  it('understands Vietnamese headers "Mã,Tên,Cấp,Mã tỉnh" and Vietnamese level names', () => {
    const { units, errors } = readUnitList('\uFEFFMã;Tên;Cấp;Mã tỉnh\r\n04;Tỉnh Cao Bằng;Tỉnh;\r\n01273;Phường Thục Phán;Phường;04\r\n01290;"Xã Bảo Lâm";Xã;04\r\n');
    expect(errors).toEqual([]);
    expect(units).toEqual([
      { line: 2, code: '04', name: 'Tỉnh Cao Bằng', level: 'province', parentCode: null },
      { line: 3, code: '01273', name: 'Phường Thục Phán', level: 'commune', parentCode: '04' },
      { line: 4, code: '01290', name: 'Xã Bảo Lâm', level: 'commune', parentCode: '04' },
    ]);
  });

  it('infers the level from the code length when there is no level column (code,name,province_code)', () => {
    const { units, errors } = readUnitList('code,name,province_code\n19,Tỉnh Thái Nguyên,\n058,Thành phố Bắc Kạn,06\n01273,Phường Thục Phán,04\n');
    expect(errors).toEqual([]);
    expect(units.map((u) => [u.code, u.level, u.parentCode])).toEqual([
      ['19', 'province', null], ['058', 'district', '06'], ['01273', 'commune', '04'],
    ]);
  });

  it('restores leading zeros that a spreadsheet dropped when the level is given ("4" → "04", "1273" → "01273")', () => {
    const { units, errors } = readUnitList('code,name,level,parent\n4,Tỉnh Cao Bằng,province,\n40,Thành phố Cao Bằng,district,4\n1273,Phường Thục Phán,commune,4\n');
    expect(errors).toEqual([]);
    expect(units.map((u) => [u.code, u.level, u.parentCode])).toEqual([
      ['04', 'province', null], ['040', 'district', '04'], ['01273', 'commune', '04'],
    ]);
    // Without a level the width is unknown: such a code is refused, not guessed.
    expect(readUnitList('code,name,parent\n1273,Phường Thục Phán,04\n').errors).toEqual([{ line: 2, message: expect.stringContaining('"1273"') }]);
  });

  it('normalises names to NFC and collapses inner whitespace', () => {
    const decomposed = 'Xã  Bảo   Lâm'.normalize('NFD');
    const { units } = readUnitList(`code,name,parent\n01290,"${decomposed}",04\n`);
    expect(units[0]!.name).toBe('Xã Bảo Lâm'.normalize('NFC'));
  });

  it('reports every bad row with its line number instead of stopping at the first', () => {
    const { units, errors } = readUnitList([
      'code,name,level,parent',
      '01273,Phường Thục Phán,commune,04', // 2: fine
      '123456,Xã Sai Mã,commune,04', // 3: a 6-digit code
      '01290,,commune,04', // 4: no name
      '01294,Xã Lý Bôn,thôn,04', // 5: unknown level
      '01297,Xã Nam Quang,commune,', // 6: a commune without its parent
      '01273,Phường Thục Phán (lặp),commune,04', // 7: duplicate of line 2
      '01304,Xã Quảng Lâm,commune,4x', // 8: bad parent code
    ].join('\n'));
    expect(units.map((u) => u.code)).toEqual(['01273']);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(errors.find((e) => e.line === 3)!.message).toContain('123456');
    expect(errors.find((e) => e.line === 7)!.message).toContain('dòng 2');
  });

  it('refuses a file without code and name columns, and an empty file, on line 1', () => {
    expect(readUnitList('foo,bar\n1,2\n').errors).toEqual([{ line: 1, message: expect.stringContaining('code') }]);
    expect(readUnitList('\uFEFF\r\n').errors).toEqual([{ line: 1, message: expect.stringContaining('empty') }]);
  });
});

// ─── database ───────────────────────────────────────────────────────────────────────────────────────────

describe('reference data (database)', () => {
  let t: TestApp;
  let reader: Awaited<ReturnType<typeof loggedIn>>;
  const units = async (query: string): Promise<Unit[]> => {
    const r = await reader.get(`/api/reference/units?${query}`);
    expect(r.status).toBe(200);
    return r.body.items;
  };
  const byCode = (list: Unit[], code: string) => list.find((u) => u.code === code);

  /** An administrator past the second factor (admins without TOTP are sent to set it up first). */
  async function adminClient() {
    const secret = newTotpSecret();
    const user = await makeUser(t.app, 'admin', { totpSecret: secret });
    const c = client(t.http);
    const first = await c.login(user.username);
    expect(first.body.status).toBe('totp_required');
    const second = await c.post('/api/auth/totp', { code: totp(secret) });
    expect(second.status).toBe(200);
    expect(second.body.status).toBe('ok');
    return c;
  }

  beforeAll(async () => {
    t = await testApp();
    reader = await loggedIn(t, 'viewer');
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('administrative units over time', () => {
    it('holds exactly the 34 provincial units of the 2025 list today, with their official codes and names', async () => {
      const list = await units('level=province');
      expect(list).toHaveLength(34);
      expect(list.map((u) => u.code).sort()).toEqual(CODES_2025);
      expect(list.map((u) => [u.code, u.name])).toEqual(PROVINCES_2025.map(([c, n]) => [c, n]));
      expect(byCode(list, '04')).toMatchObject({ name: 'Tỉnh Cao Bằng', validTo: null });
      expect(byCode(list, '19')).toMatchObject({ name: 'Tỉnh Thái Nguyên', validTo: null });
    });

    it('holds the 63 provincial units on 2020-08-03', async () => {
      const list = await units('level=province&at=2020-08-03');
      expect(list).toHaveLength(63);
      expect(new Set(list.map((u) => u.code)).size).toBe(63);
      expect(byCode(list, '02')!.name).toBe('Tỉnh Hà Giang');
      expect(byCode(list, '77')!.name).toBe('Tỉnh Bà Rịa - Vũng Tàu');
    });

    it('resolves Bắc Kạn (06) of 2020 to its successor Thái Nguyên (19), effective 2025-07-01', async () => {
      const bacKan = byCode(await units('level=province&at=2020-08-03'), '06')!;
      expect(bacKan).toMatchObject({ name: 'Tỉnh Bắc Kạn', validTo: '2025-07-01' });
      expect(bacKan.successors).toEqual([{ code: '19', name: 'Tỉnh Thái Nguyên', effectiveOn: '2025-07-01' }]);
      expect(byCode(await units('level=province'), '06')).toBeUndefined();
    });

    it('gives code 15 to Yên Bái on 2020-08-03 and to Lào Cai today (codes are reused)', async () => {
      const then = byCode(await units('level=province&at=2020-08-03'), '15')!;
      const now = byCode(await units('level=province'), '15')!;
      expect(then.name).toBe('Tỉnh Yên Bái');
      expect(then.successors).toEqual([{ code: '15', name: 'Tỉnh Lào Cai', effectiveOn: '2025-07-01' }]);
      expect(now.name).toBe('Tỉnh Lào Cai');
      expect(now.validFrom).toBe('2025-07-01');
      expect(now.id).not.toBe(then.id);
      // The old Lào Cai had code 10, and it too went into the new Lào Cai.
      expect(byCode(await units('level=province&at=2020-08-03'), '10')!.successors.map((s) => s.code)).toEqual(['15']);
    });

    it('turns Thừa Thiên Huế into Thành phố Huế on 2025-01-01', async () => {
      const before = byCode(await units('level=province&at=2024-12-31'), '46')!;
      const after = byCode(await units('level=province&at=2025-01-01'), '46')!;
      expect(before).toMatchObject({ name: 'Tỉnh Thừa Thiên Huế', validTo: '2025-01-01' });
      expect(before.successors).toEqual([{ code: '46', name: 'Thành phố Huế', effectiveOn: '2025-01-01' }]);
      expect(after).toMatchObject({ name: 'Thành phố Huế', validFrom: '2025-01-01', validTo: null });
      // On 2025-01-01 the other 62 old units still stand (the reform came on 2025-07-01).
      expect(await units('level=province&at=2025-01-01')).toHaveLength(63);
    });

    it('lists the 56 current communes of Cao Bằng (04)', async () => {
      const r = await reader.get('/api/reference/communes');
      expect(r.status).toBe(200);
      const list: Unit[] = r.body.items;
      expect(list).toHaveLength(56);
      expect(list.every((u) => u.level === 'commune' && u.parentCode === '04' && u.validFrom === '2025-07-01')).toBe(true);
      expect(list.map((u) => [u.code, u.name])).toEqual(CAO_BANG_COMMUNES_2025.map(([c, n]) => [c, n]));
      expect(byCode(list, COMMUNE_A)!.name).toBe('Phường Thục Phán');
    });

    it('resolves the 10 old districts of Cao Bằng on 2020-08-03, and none today', async () => {
      const list = await units('level=district&parent=04&at=2020-08-03');
      expect(list.map((u) => u.code)).toEqual(['040', '042', '043', '045', '047', '048', '049', '051', '052', '053']);
      expect(byCode(list, '040')!.name).toBe('Thành phố Cao Bằng');
      expect(byCode(list, '049')!.name).toBe('Huyện Quảng Hòa');
      expect(list.every((u) => u.parentCode === '04' && u.validTo === '2025-07-01')).toBe(true);
      expect(await units('level=district&parent=04')).toEqual([]);
    });

    it('finds units by name without diacritics', async () => {
      const list = await units('level=commune&parent=04&q=thuc%20phan');
      expect(list.map((u) => u.code)).toEqual([COMMUNE_A]);
    });
  });

  describe('policy rules in force on a date', () => {
    const inForce = (key: string, at: string) => reader.get(`/api/reference/rules/in-force?key=${encodeURIComponent(key)}&at=${at}`);

    it('gives F1 quarantine of 14 days on 2020-08-03, 21 days on 2021-05-05 and 2021-06-01, 14 days on 2021-07-14', async () => {
      const dates = ['2020-08-03', '2021-05-05', '2021-06-01', '2021-07-14'] as const;
      const got = await Promise.all(dates.map((d) => inForce('quarantine.f1', d)));
      for (const r of got) expect(r.status).toBe(200);
      const [d2020, may5, jun1, jul14] = got.map((r) => r.body);
      expect(d2020.value.days).toBe(14);
      expect(may5.value.days).toBe(21);
      expect(jun1.value.days).toBe(21);
      expect(jul14.value.days).toBe(14);
      expect([d2020.version, may5.version, jun1.version, jul14.version]).toEqual(['2020', '2021-05-05', '2021-05-05', '2021-07-14']);
      expect(d2020.legalRef).toContain('3468/QĐ-BYT');
      expect(may5.legalRef).toContain('600/CĐ-BCĐ');
      expect(jul14.legalRef).toContain('5599/BYT-MT');
      // The same version on 5 May and 1 June is the same row; a different version is a different row.
      expect(jun1.id).toBe(may5.id);
      expect(new Set([d2020.id, may5.id, jul14.id]).size).toBe(3);
    });

    it('returns the id and version a decision records, matching the stored row', async () => {
      const r = await inForce('quarantine.f1', '2021-06-01');
      const row = await t.app.db.selectFrom('policy_rules').selectAll().where('key', '=', 'quarantine.f1').where('version', '=', '2021-05-05').executeTakeFirstOrThrow();
      expect(r.body).toMatchObject({ id: row.id, key: 'quarantine.f1', version: '2021-05-05', validFrom: '2021-05-05', validTo: '2021-07-14', legalRef: row.legal_ref });
    });

    it('answers 404 reference.rule_not_found for an unknown key, and for a date before any version', async () => {
      const unknown = await inForce('quarantine.f9', '2021-06-01');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('reference.rule_not_found');
      const tooEarly = await inForce('quarantine.f1', '2019-06-01');
      expect(tooEarly.status).toBe(404);
      expect(tooEarly.body.error.code).toBe('reference.rule_not_found');
    });
  });

  describe('agencies', () => {
    it('lists the province agencies and one UBND per current commune (56), with the names texts use', async () => {
      const r = await reader.get('/api/reference/agencies');
      expect(r.status).toBe(200);
      const items: Array<{ code: string; name: string; communeCode: string | null; aliases: string[] }> = r.body.items;
      const codes = new Set(items.map((a) => a.code));
      for (const code of ['SYT', 'CA', 'QS', 'BP', 'GTVT', 'GDDT', 'TTTT', 'CT', 'TC', 'KHDT', 'BHXH']) expect(codes, code).toContain(code);
      const ubnd = items.filter((a) => /^UBND_\d{5}$/.test(a.code));
      expect(ubnd).toHaveLength(56);
      expect(ubnd.map((a) => a.communeCode).sort()).toEqual(CAO_BANG_COMMUNES_2025.map(([c]) => c).sort());
      const thucPhan = items.find((a) => a.code === `UBND_${COMMUNE_A}`)!;
      expect(thucPhan.name).toBe('Ủy ban nhân dân Phường Thục Phán');
      expect(thucPhan.aliases).toEqual(expect.arrayContaining(['UBND Phường Thục Phán', 'UBND Thục Phán']));
      expect(items.find((a) => a.code === 'SYT')!.aliases).toContain('Sở Y tế');
      expect(items.find((a) => a.code === 'BP')!.aliases).toContain('Bộ đội Biên phòng');
    });
  });

  // These tests write to admin_units, with codes that are absent from the official list (99xxx) or valid
  // only from 2026, so that the real-data import below sees the seed as it was.
  describe('importing an official unit list', () => {
    let admin: Awaited<ReturnType<typeof adminClient>>;
    const importCsv = (query: string, csv: string) => admin.post(`/api/reference/units/import?${query}`, csv, { 'content-type': 'text/csv' });

    beforeAll(async () => {
      admin = await adminClient();
    });

    it('inserts a new code, renames a known code into a linked successor, and counts unchanged rows', async () => {
      const before = await count(t.app, 'admin_units');
      const r = await importCsv('validFrom=2026-01-01', [
        'code,name,level,parent',
        '99001,Xã Thử Nghiệm,commune,19', // new
        `${COMMUNE_B},Phường Nùng Trí Cao Mới,commune,04`, // known code, new name
        `${COMMUNE_A},Phường Thục Phán,commune,04`, // unchanged
      ].join('\n'));
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ rows: 3, inserted: 1, renamed: 1, unchanged: 1, retired: 0, errors: [], byLevel: { commune: 3 } });
      expect(await count(t.app, 'admin_units')).toBe(before + 2);

      const old = byCode(await units('level=commune&parent=04&at=2025-12-31'), COMMUNE_B)!;
      expect(old).toMatchObject({ name: 'Phường Nùng Trí Cao', validFrom: '2025-07-01', validTo: '2026-01-01' });
      expect(old.successors).toEqual([{ code: COMMUNE_B, name: 'Phường Nùng Trí Cao Mới', effectiveOn: '2026-01-01' }]);
      const renamed = byCode(await units('level=commune&parent=04&at=2026-01-01'), COMMUNE_B)!;
      expect(renamed).toMatchObject({ name: 'Phường Nùng Trí Cao Mới', validFrom: '2026-01-01', validTo: null });
      expect(renamed.id).not.toBe(old.id);

      expect(byCode(await units('level=commune&parent=19&at=2026-01-01'), '99001')).toMatchObject({ name: 'Xã Thử Nghiệm', validFrom: '2026-01-01' });
      expect(byCode(await units('level=commune&parent=19&at=2025-12-31'), '99001')).toBeUndefined();
      const unchanged = byCode(await units('level=commune&parent=04&at=2026-01-01'), COMMUNE_A)!;
      expect(unchanged).toMatchObject({ validFrom: '2025-07-01', validTo: null });

      const logged = await t.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'reference.import_units').execute();
      expect(logged).toHaveLength(1);
      expect(logged[0]!.record_count).toBe(3);
    });

    it('parses quoted fields that contain commas', async () => {
      const r = await importCsv('validFrom=2026-01-01', 'code,name,level,parent\r\n"99002","Xã Hòa, Bình",commune,"19"\r\n');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ rows: 1, inserted: 1, errors: [] });
      expect(byCode(await units('level=commune&parent=19&at=2026-01-01'), '99002')!.name).toBe('Xã Hòa, Bình');
    });

    it('refuses a file with bad rows (400 reference.import_invalid), reports every error by line, and writes nothing', async () => {
      const before = await count(t.app, 'admin_units');
      const auditBefore = await count(t.app, 'audit_log');
      const r = await importCsv('validFrom=2026-01-01', [
        'code,name,level,parent',
        '99003,Xã Hợp Lệ,commune,19', // 2: fine on its own
        '99004,Xã Mồ Côi,commune,77', // 3: Bà Rịa - Vũng Tàu (77) is no unit in 2026
        '99x00,Xã Sai Mã,commune,19', // 4: bad code
        '99003,Xã Hợp Lệ Lặp,commune,19', // 5: duplicate of line 2
      ].join('\n'));
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('reference.import_invalid');
      const errors: Array<{ line: number; message: string }> = r.body.error.details.errors;
      expect(errors.map((e) => e.line)).toEqual([3, 4, 5]);
      expect(errors[0]!.message).toContain('77');
      expect(errors[1]!.message).toContain('99x00');
      expect(errors[2]!.message).toContain('2');
      expect(await count(t.app, 'admin_units')).toBe(before);
      expect(await t.app.db.selectFrom('admin_units').select('id').where('code', '=', '99003').execute()).toEqual([]);
      expect(await count(t.app, 'audit_log')).toBe(auditBefore);
    });

    it('writes nothing on a dry run and returns the report', async () => {
      const before = await count(t.app, 'admin_units');
      const r = await importCsv('validFrom=2026-01-01&dryRun=true', `code,name,level,parent\n99005,Xã Chạy Thử,commune,19\n${COMMUNE_A},Phường Thục Phán,commune,04\n`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ rows: 2, inserted: 1, renamed: 0, unchanged: 1, retired: 0, errors: [], byLevel: { commune: 2 } });
      expect(await count(t.app, 'admin_units')).toBe(before);
      expect(await t.app.db.selectFrom('admin_units').select('id').where('code', '=', '99005').execute()).toEqual([]);
    });

    it('reports row errors on a dry run with 200 instead of refusing', async () => {
      const before = await count(t.app, 'admin_units');
      const report = await importUnits(t.app.db, system, 'code,name,parent\n99006,Xã Một,19\n99007,Xã Hai,99\n', { validFrom: '2026-01-01', dryRun: true });
      expect(report).toMatchObject({ rows: 2, inserted: 1, errors: [{ line: 3, message: expect.stringContaining('99') }] });
      expect(await count(t.app, 'admin_units')).toBe(before);
    });

    it('throws reference.import_invalid from the service too, for a file with errors', async () => {
      const before = await count(t.app, 'admin_units');
      const err = await importUnits(t.app.db, system, 'code,name,parent\n99008,Xã Ba,19\n99008,Xã Ba,19\n', { validFrom: '2026-01-01' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('reference.import_invalid');
      expect((err as AppError).details).toMatchObject({ errors: [{ line: 3 }] });
      expect(await count(t.app, 'admin_units')).toBe(before);
    });

    it('forbids the import to a non-admin (403 auth.forbidden)', async () => {
      const health = await loggedIn(t, 'health');
      const before = await count(t.app, 'admin_units');
      const r = await health.post('/api/reference/units/import?validFrom=2026-01-01', 'code,name,parent\n99009,Xã Cấm,19\n', { 'content-type': 'text/csv' });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('auth.forbidden');
      expect(await count(t.app, 'admin_units')).toBe(before);
    });
  });

  describe('the real 2025 lists in ../shared/data', () => {
    const readCsv = (file: string) => parseCsv(fs.readFileSync(file, 'utf8'));

    it.skipIf(!hasSharedData)('matches the seed to provinces.csv and Cao Bằng rows of communes.csv (skipped when ../shared/data is absent)', () => {
      const [header, ...provinces] = readCsv(PROVINCES_CSV);
      expect(header).toEqual(['code', 'name']);
      expect(provinces).toEqual(PROVINCES_2025.map(([c, n]) => [c, n]));
      const [cHeader, ...communes] = readCsv(COMMUNES_CSV);
      expect(cHeader).toEqual(['code', 'name', 'province_code']);
      const caoBang = communes.filter((r) => r[2] === '04').map(([c, n]) => [c, n]);
      expect(caoBang).toEqual(CAO_BANG_COMMUNES_2025.map(([c, n]) => [c, n]));
    });

    it.skipIf(!hasSharedData)('imports all 3,314 communes of communes.csv as of 2025-07-01 (skipped when ../shared/data is absent)', async () => {
      const text = fs.readFileSync(COMMUNES_CSV, 'utf8');
      const rows = readCsv(COMMUNES_CSV).slice(1);
      expect(rows).toHaveLength(3314);
      const before = await count(t.app, 'admin_units');
      const report = await importUnits(t.app.db, system, text, { validFrom: '2025-07-01' });
      expect(report).toEqual({ rows: 3314, inserted: 3314 - 56, renamed: 0, unchanged: 56, retired: 0, errors: [], byLevel: { commune: 3314 } });
      expect(await count(t.app, 'admin_units')).toBe(before + 3314 - 56);
      // Hà Nội's communes now resolve, as many as the file lists.
      const haNoi = await units('level=commune&parent=01&at=2025-07-01&limit=5000');
      expect(haNoi).toHaveLength(rows.filter((r) => r[2] === '01').length);
      expect(byCode(haNoi, '00004')!.name).toBe('Phường Ba Đình');
      // Importing the same file again changes nothing.
      const again = await importUnits(t.app.db, system, text, { validFrom: '2025-07-01' });
      expect(again).toMatchObject({ inserted: 0, renamed: 0, unchanged: 3314, errors: [] });
    }, 120_000);
  });
});

describe('importer corrections', () => {
  it('corrects a unit imported the same day instead of opening a successor that would last zero days', async () => {
    const t = await testApp();
    try {
      await importUnits(t.app.db, system, 'code,name,parent\n99101,Xã Viết Sai,04\n', { validFrom: '2026-03-01' });
      const r = await importUnits(t.app.db, system, 'code,name,parent\n99101,Xã Viết Đúng,04\n', { validFrom: '2026-03-01' });
      expect(r).toMatchObject({ renamed: 1, inserted: 0, errors: [] });
      const rows = await t.app.db.selectFrom('admin_units').select(['name', 'valid_from', 'valid_to']).where('code', '=', '99101').execute();
      expect(rows).toEqual([{ name: 'Xã Viết Đúng', valid_from: '2026-03-01', valid_to: null }]);
    } finally {
      await t.close();
    }
  });

  it('imports a back-dated rename of a unit that has since ended: the successor ends where it ended (no overlap, no 500)', async () => {
    const t = await testApp();
    try {
      const r = await importUnits(t.app.db, system, 'code,name,level\n06,Tỉnh Bắc Kạn (đổi tên thử),province\n', { validFrom: '2024-06-01' });
      expect(r).toMatchObject({ renamed: 1, errors: [] });
      const rows = await t.app.db.selectFrom('admin_units').select(['name', 'valid_from', 'valid_to']).where('code', '=', '06').orderBy('valid_from').execute();
      expect(rows).toEqual([
        { name: 'Tỉnh Bắc Kạn', valid_from: '2008-08-01', valid_to: '2024-06-01' },
        { name: 'Tỉnh Bắc Kạn (đổi tên thử)', valid_from: '2024-06-01', valid_to: '2025-07-01' },
      ]);
    } finally {
      await t.close();
    }
  });
});
