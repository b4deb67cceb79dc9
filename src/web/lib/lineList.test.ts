// @vitest-environment node
import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../contracts/people.ts';
import { ERROR_MESSAGES } from '../../contracts/errors.ts';
import { vi as mainVi } from '../i18n.ts';
import { LINELIST, LINELIST_CATALOGUE, lineListText } from '../i18n.linelist.ts';
import {
  applyPaste, candidatesFromServer, carryFrom, checkContactTime, checkRow, COLUMNS, contactErrorsFromServer, contactsBody, createLimiter,
  deleteRow, detectDelimiter, editCell, emptyValues, fillDown, formatContactTime, headerColumns, inferIdType, insertRowAfter, isBlankRow,
  isBlockPaste, keyAction, lookupKey, lookupOf, lookupQueries, maskId, matchCommune, mergeCandidates, moveCursor, namesMatch, newRow,
  normalizeCell, parseContactTime, parseDelimited, parsePaste, parseSetting, parseSex, pasteLayout, personErrorsFromServer, rankCandidates,
  SETTINGS, sheetDuplicates, toDelimited, type Column, type Delimiter, type DraftRow, type RowCheckContext, type RowValues,
} from './lineList.ts';

const COMMUNES = [
  { code: '01273', name: 'Phường Thục Phán' },
  { code: '01279', name: 'Phường Nùng Trí Cao' },
  { code: '01297', name: 'Xã Nam Quang' },
  { code: '01438', name: 'Xã Hà Quảng' },
];
const ctx = { communes: COMMUNES };
const keys = () => {
  let n = 100;
  return () => `r${++n}`;
};
const NOW = Date.parse('2021-02-02T00:00:00Z');
const vnIso = (y: number, mo: number, d: number, h: number, mi: number) => new Date(Date.UTC(y, mo - 1, d, h - 7, mi)).toISOString();

function row(values: Partial<RowValues>, over: Partial<DraftRow> = {}): DraftRow {
  return { ...newRow(over.key ?? 'r1'), ...over, values: { ...emptyValues(), ...values } };
}
const person = (over: Partial<PersonSummary> = {}): PersonSummary => ({
  id: 7, fullName: 'Trần Văn Khánh', birthDate: null, birthYear: 1992, sex: 'male', idType: null, idNumber: null, phone: null, address: null,
  communeCode: '01273', communeName: 'Phường Thục Phán', nationality: 'VN', ...over,
});
const GOOD: Partial<RowValues> = {
  fullName: 'Lý Thị Mai', birthYear: '1988', sex: 'female', phone: '0912345001', communeCode: '01273', at: '31/01/2021 10:00', setting: 'household',
};
const check = (r: DraftRow, over: Partial<RowCheckContext> = {}) =>
  checkRow(r, { now: NOW, communeCodes: new Set(COMMUNES.map((c) => c.code)), casePersonId: 1, candidates: 0, sheet: [], ...over });

describe('contact time (Vietnam time, UTC+7)', () => {
  it('reads dd/mm/yyyy hh:mm and yyyy-mm-dd hh:mm as Vietnam time', () => {
    expect(parseContactTime('31/01/2021 10:00')).toEqual({ ok: true, iso: '2021-01-31T03:00:00.000Z' });
    expect(parseContactTime('2021-01-31 10:00')).toEqual({ ok: true, iso: '2021-01-31T03:00:00.000Z' });
    expect(parseContactTime('2021-01-31T10:00')).toEqual({ ok: true, iso: '2021-01-31T03:00:00.000Z' });
    expect(parseContactTime('01/01/2021 03:00')).toEqual({ ok: true, iso: '2020-12-31T20:00:00.000Z' });
  });

  it('accepts the ways people write it: d/m, dots and dashes, 9h30, the time first, "lúc … ngày", SA/CH, seconds', () => {
    const at930 = vnIso(2021, 1, 31, 9, 30);
    for (const s of ['31/1/2021 9:30', '31-01-2021 9h30', '31.01.2021 09:30:00', '9h30 31/01/2021', 'lúc 9 giờ 30 ngày 31/01/2021', '31/01/2021, 9g30', '31/01/2021 9:30 SA']) {
      expect(parseContactTime(s), s).toEqual({ ok: true, iso: at930 });
    }
    expect(parseContactTime('31/01/2021 9:30 CH')).toEqual({ ok: true, iso: vnIso(2021, 1, 31, 21, 30) });
    expect(parseContactTime('31/01/2021 12:05 AM')).toEqual({ ok: true, iso: vnIso(2021, 1, 31, 0, 5) });
    expect(parseContactTime('31/01/2021 9h')).toEqual({ ok: true, iso: vnIso(2021, 1, 31, 9, 0) });
  });

  it('keeps an explicit offset', () => {
    expect(parseContactTime('2021-01-31T10:00:00+07:00')).toEqual({ ok: true, iso: '2021-01-31T03:00:00.000Z' });
    expect(parseContactTime('2021-01-31T03:00:00Z')).toEqual({ ok: true, iso: '2021-01-31T03:00:00.000Z' });
  });

  it('refuses a missing time, a day that does not exist, hours out of range and a bare number as the hour', () => {
    expect(parseContactTime('')).toEqual({ ok: false, problem: 'empty' });
    expect(parseContactTime('31/01/2021')).toEqual({ ok: false, problem: 'no_time' });
    for (const s of ['31/02/2021 10:00', '31/01/2021 24:00', '31/01/2021 10:60', '31/01/2021 10', '31/13/2021 10:00', 'hôm qua', '10:00', '31/01/2021 13:00 CH', '31/01/1800 10:00']) {
      expect(parseContactTime(s), s).toEqual({ ok: false, problem: 'format' });
    }
  });

  it('gives error codes for the cell, and refuses a time in the future', () => {
    expect(checkContactTime('', NOW)).toEqual({ ok: false, code: 'common.required' });
    expect(checkContactTime('31/01/2021', NOW)).toEqual({ ok: false, code: 'linelist.err.timeMissing' });
    expect(checkContactTime('31/01/2021 25:00', NOW)).toEqual({ ok: false, code: 'linelist.err.time' });
    expect(checkContactTime('03/02/2021 10:00', NOW)).toEqual({ ok: false, code: 'linelist.err.future' });
    expect(checkContactTime('01/02/2021 10:00', NOW).ok).toBe(true);
  });

  const minute = fc.integer({ min: Date.UTC(1900, 0, 1) / 60_000, max: Date.UTC(2199, 11, 31, 16) / 60_000 }).map((m) => m * 60_000);

  it('round-trips: format → parse gives the same instant (property)', () => {
    fc.assert(
      fc.property(minute, (ms) => {
        const text = formatContactTime(ms);
        expect(text).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
        expect(parseContactTime(text)).toEqual({ ok: true, iso: new Date(ms).toISOString() });
      }),
      { numRuns: 500 },
    );
  });

  it('reads yyyy-mm-dd hh:mm of the same wall clock as the same instant (property)', () => {
    fc.assert(
      fc.property(minute, (ms) => {
        const [d, time] = formatContactTime(ms).split(' ') as [string, string];
        const [dd, mm, yyyy] = d.split('/');
        expect(parseContactTime(`${yyyy}-${mm}-${dd} ${time}`)).toEqual(parseContactTime(`${d} ${time}`));
      }),
      { numRuns: 200 },
    );
  });
});

describe('pasted text', () => {
  it('splits Excel TSV, with a quoted cell holding a line break and quotes', () => {
    const text = 'Lý Thị Mai\t1988\t"Ở cùng nhà\nđêm ""30 Tết"""\r\nTrần Văn Khánh\t1992\t\r\n';
    expect(parseDelimited(text, '\t')).toEqual([
      ['Lý Thị Mai', '1988', 'Ở cùng nhà\nđêm "30 Tết"'],
      ['Trần Văn Khánh', '1992', ''],
    ]);
  });

  it('reads ; and , CSV; a quote that never closes is a plain character', () => {
    expect(parseDelimited('a;"b;c";d\ne;f;g', ';')).toEqual([['a', 'b;c', 'd'], ['e', 'f', 'g']]);
    expect(parseDelimited('"x, y",2\r3,4', ',')).toEqual([['x, y', '2'], ['3', '4']]);
    expect(parseDelimited('6" ruler\t"open\tend', '\t')).toEqual([['6" ruler', '"open', 'end']]);
  });

  it('round-trips any grid through toDelimited (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Ơ', ' ', '"', '\t', ';', ',', '\n', '\r', 'x') , maxLength: 6 });
    const grid = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(grid, fc.constantFrom<Delimiter>('\t', ';', ','), (g, d) => {
        expect(parseDelimited(toDelimited(g, d), d)).toEqual(g);
      }),
      { numRuns: 1000 },
    );
  });

  it('detects the delimiter: tab, else a ; or , that splits every line alike, else one column', () => {
    expect(detectDelimiter('a\tb\nc\td')).toBe('\t');
    expect(detectDelimiter('Họ tên;Năm sinh\nLý Thị Mai;1988')).toBe(';');
    expect(detectDelimiter('Họ tên,Năm sinh\nLý Thị Mai,1988')).toBe(',');
    expect(detectDelimiter('"Mai, Lý";1988\nKhánh;1992')).toBe(';');
    expect(detectDelimiter('Lý Thị Mai\nTrần Văn Khánh')).toBeNull();
    expect(detectDelimiter('Gặp ở chợ, không đeo khẩu trang\nĐi cùng xe')).toBeNull();
  });

  it('drops blank lines and trims cells; a single value is not a block', () => {
    expect(parsePaste(' a \t b \n\n\t\nc\td\n')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parsePaste('Lý Thị Mai\n\nTrần Văn Khánh')).toEqual([['Lý Thị Mai'], ['Trần Văn Khánh']]);
    expect(isBlockPaste('Lý Thị Mai')).toBe(false);
    expect(isBlockPaste('Lý Thị Mai\r\n')).toBe(false);
    expect(isBlockPaste('a\tb')).toBe(true);
    expect(isBlockPaste('a\nb')).toBe(true);
  });
});

describe('header line and columns', () => {
  it('recognises Vietnamese and English headers, with notes in parentheses and in any order', () => {
    expect(headerColumns(['Họ và tên', 'Năm sinh', 'Giới tính', 'SĐT', 'CCCD/CMND', 'Xã/phường', 'Thời gian tiếp xúc (dd/mm/yyyy hh:mm)', 'Hoàn cảnh', 'Ghi chú'])).toEqual([
      'fullName', 'birthYear', 'sex', 'phone', 'idNumber', 'communeCode', 'at', 'setting', 'evidence',
    ]);
    expect(headerColumns(['Phone', 'Name', 'Unknown column', 'Date'])).toEqual(['phone', 'fullName', null, 'at']);
  });

  it('takes every column label of the grid, in both languages, as a header', () => {
    for (const lang of ['vi', 'en'] as const) {
      const labels = COLUMNS.map((c) => LINELIST[lang][`linelist.col.${c}`]);
      expect(headerColumns(labels), lang).toEqual([...COLUMNS]);
    }
  });

  it('does not take a data line for a header', () => {
    expect(headerColumns(['Lý Thị Mai', '1988', 'Nữ', '0912345001'])).toBeNull();
    expect(headerColumns(['Nam', 'Xã Nam Quang', 'Khác'])).toBeNull();
    expect(headerColumns([])).toBeNull();
  });

  it('places the columns by the header names, else side by side from the starting column', () => {
    const withHeader = pasteLayout([['SĐT', 'Họ tên'], ['0912345001', 'Mai']], 4);
    expect(withHeader).toEqual({ header: true, columns: ['phone', 'fullName'], data: [['0912345001', 'Mai']] });
    const plain = pasteLayout([['0912345001', '004085001234', '01273', 'x', 'y', 'z', 'too far']], COLUMNS.indexOf('phone'));
    expect(plain.header).toBe(false);
    expect(plain.columns).toEqual(['phone', 'idNumber', 'communeCode', 'at', 'setting', 'evidence', null]);
  });
});

describe('cells', () => {
  it('normalises phones with the shared rules and keeps what it cannot read', () => {
    expect(normalizeCell('phone', '+84 912 345 001', ctx)).toBe('0912345001');
    expect(normalizeCell('phone', '0163 123 4567', ctx)).toBe('0331234567');
    expect(normalizeCell('phone', '123', ctx)).toBe('123');
  });

  it('reads sex, setting, commune, birth year, ID and time', () => {
    expect(['Nam', 'nam', 'M', 'male'].map(parseSex)).toEqual(['male', 'male', 'male', 'male']);
    expect(['Nữ', 'nu', 'F', 'Female'].map(parseSex)).toEqual(['female', 'female', 'female', 'female']);
    expect(parseSex('?')).toBeNull();
    expect(parseSex(' ')).toBe('');
    expect(SETTINGS.map((s) => parseSetting(lineListText('vi', `linelist.setting.${s}`)))).toEqual([...SETTINGS]);
    expect(SETTINGS.map((s) => parseSetting(lineListText('en', `linelist.setting.${s}`)))).toEqual([...SETTINGS]);
    expect(parseSetting('Cùng nhà')).toBe('household');
    expect(parseSetting('xe khách')).toBe('vehicle');
    expect(parseSetting('đám cưới')).toBe('venue');
    expect(parseSetting('???')).toBeNull();
    expect(matchCommune('Phường Thục Phán', COMMUNES)).toBe('01273');
    expect(matchCommune('thuc phan', COMMUNES)).toBe('01273');
    expect(matchCommune('P. Thục Phán', COMMUNES)).toBe('01273');
    expect(matchCommune('01279', COMMUNES)).toBe('01279');
    expect(matchCommune('99999', COMMUNES)).toBeNull();
    expect(matchCommune('Hà Nội', COMMUNES)).toBeNull();
    expect(normalizeCell('communeCode', 'Hà Nội', ctx)).toBe('Hà Nội');
    expect(normalizeCell('birthYear', '12/03/1990', ctx)).toBe('1990');
    expect(normalizeCell('birthYear', '1990-03-12', ctx)).toBe('1990');
    expect(normalizeCell('idNumber', '004 085 001 234', ctx)).toBe('004085001234');
    expect(normalizeCell('at', '31/1/2021 9h30', ctx)).toBe('31/01/2021 09:30');
    expect(normalizeCell('fullName', '  Lý   Thị Mai ', ctx)).toBe('Lý Thị Mai');
    expect([inferIdType('004085001234'), inferIdType('085123456'), inferIdType('C1234567')]).toEqual(['cccd', 'cmnd', 'passport']);
  });
});

describe('applying a paste', () => {
  const header = 'Họ tên\tNăm sinh\tGiới tính\tSố điện thoại\tSố CCCD\tXã/phường\tThời điểm tiếp xúc\tBối cảnh\tMô tả';
  const lines = [
    'Lý Thị Mai\t1988\tNữ\t0912 345 001\t\tThục Phán\t31/01/2021 10:00\tHộ gia đình\tỞ cùng nhà',
    'Trần Văn Khánh\t1992\tNam\t\t\tPhường Thục Phán\t31/01/2021 12:30\tNơi làm việc\tĂn trưa cùng',
    'Hoàng Văn Tư\t1979\tNam\t+84 987 654 321\t\t01273\t2021-01-31 18:00\tXe\tĐi chung xe',
  ];

  it('fills rows from the cell on, skips the header and normalises the values', () => {
    const start = [newRow('r0', { communeCode: '01279' })];
    const out = applyPaste(start, { row: 0, col: 0 }, [header, ...lines].join('\n'), { ...ctx, newKey: keys() });
    expect(out).toMatchObject({ header: true, first: 0, last: 2, added: 2, count: 3 });
    expect(out.rows.map((r) => r.values)).toEqual([
      { fullName: 'Lý Thị Mai', birthYear: '1988', sex: 'female', phone: '0912345001', idNumber: '', communeCode: '01273', at: '31/01/2021 10:00', setting: 'household', evidence: 'Ở cùng nhà' },
      { fullName: 'Trần Văn Khánh', birthYear: '1992', sex: 'male', phone: '', idNumber: '', communeCode: '01273', at: '31/01/2021 12:30', setting: 'workplace', evidence: 'Ăn trưa cùng' },
      { fullName: 'Hoàng Văn Tư', birthYear: '1979', sex: 'male', phone: '0987654321', idNumber: '', communeCode: '01273', at: '31/01/2021 18:00', setting: 'vehicle', evidence: 'Đi chung xe' },
    ]);
  });

  it('adds rows that carry commune, time and setting from the row above when the paste does not give them', () => {
    const start = [row({ fullName: 'A Bình', communeCode: '01297', at: '31/01/2021 08:00', setting: 'school' }, { key: 'r0' })];
    const out = applyPaste(start, { row: 1, col: 0 }, 'Lò Văn Một\t1990\nLò Văn Hai\t1991', { ...ctx, newKey: keys() });
    expect(out.rows).toHaveLength(3);
    expect(out.rows[2]!.values).toMatchObject({ fullName: 'Lò Văn Hai', birthYear: '1991', communeCode: '01297', at: '31/01/2021 08:00', setting: 'school' });
  });

  it('starts at the focused column, and a blank pasted cell clears a filled row but not what a blank row carried', () => {
    const start = [row({ fullName: 'A Bình', phone: '0912345001', communeCode: '01297' }, { key: 'r0' }), newRow('r1', { communeCode: '01297' })];
    const out = applyPaste(start, { row: 0, col: COLUMNS.indexOf('phone') }, '0987654321\t\t\n0987654322\t\t', { ...ctx, newKey: keys() });
    expect(out.rows[0]!.values).toMatchObject({ fullName: 'A Bình', phone: '0987654321', communeCode: '' });
    expect(out.rows[1]!.values).toMatchObject({ phone: '0987654322', communeCode: '01297' });
  });

  it('keeps unreadable values as written (shown with an error), and leaves created records alone', () => {
    const created = row({ fullName: 'Đã Tạo', birthYear: '1990' }, { key: 'r0', link: { kind: 'existing', person: person({ id: 9 }), created: true } });
    const out = applyPaste([created], { row: 0, col: 0 }, 'Người Khác\t1991\t?\t\t\tHà Nội\t31/01/2021\tphòng karaoke', { ...ctx, newKey: keys() });
    expect(out.rows[0]!.values).toMatchObject({ fullName: 'Đã Tạo', birthYear: '1990', at: '31/01/2021', setting: 'phòng karaoke' });
    const fresh = applyPaste([newRow('r0')], { row: 0, col: 0 }, 'Người Khác\t1991\t?\t\t\tHà Nội\t31/01/2021\tphòng karaoke', { ...ctx, newKey: keys() });
    expect(fresh.rows[0]!.values).toMatchObject({ sex: '?', communeCode: 'Hà Nội', at: '31/01/2021', setting: 'phòng karaoke' });
  });

  it('puts a pasted column of names under the cell, adding rows only as needed (property)', () => {
    const name = fc.constantFrom('Lý Thị Mai', 'Trần Văn Khánh', 'Hoàng Văn Tư', 'Nông Thị Hoà', "H'Hen Niê");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 5 }), fc.array(name, { minLength: 1, maxLength: 8 }), (size, at, names) => {
        const start = Array.from({ length: size }, (_, i) => newRow(`r${i}`));
        const target = Math.min(at, size - 1);
        const out = applyPaste(start, { row: target, col: 0 }, toDelimited(names.map((n) => [n]), '\t'), { ...ctx, newKey: keys() });
        expect(out.rows).toHaveLength(Math.max(size, target + names.length));
        expect(out.rows.slice(target, target + names.length).map((r) => r.values.fullName)).toEqual(names);
        expect(new Set(out.rows.map((r) => r.key)).size).toBe(out.rows.length);
      }),
    );
  });

  it('fills a pasted grid cell for cell from any starting column (property)', () => {
    const cell = fc.stringMatching(/^[a-z]{1,6}$/);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: COLUMNS.length - 1 }), fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 4 }), (col, grid) => {
        // Free-text columns only, so that values come back as pasted.
        const free: Column[] = ['fullName', 'evidence'];
        const width = Math.min(...grid.map((r) => r.length));
        const g = grid.map((r) => r.slice(0, width));
        // A first line that reads as a header (e.g. 'id', 'ten') is taken as one: not this property's case.
        fc.pre(headerColumns(g[0]!) === null);
        const out = applyPaste([newRow('r0')], { row: 0, col }, toDelimited(g, '\t'), { ...ctx, newKey: keys() });
        g.forEach((cells, i) =>
          cells.forEach((v, j) => {
            const column = COLUMNS[col + j];
            if (column && free.includes(column) && !(column === 'fullName' && ['ten', 'name'].includes(v))) expect(out.rows[i]!.values[column]).toBe(v);
          }),
        );
      }),
      { numRuns: Number(process.env.FC_RUNS_PASTE ?? 200) },
    );
  });
});

describe('row checks', () => {
  it('accepts a complete new person and gives the normalised person and contact', () => {
    const c = check(row({ ...GOOD, phone: '+84 912 345 001', evidence: ' Ở cùng nhà ' }));
    expect(c.ok).toBe(true);
    expect(c.person).toMatchObject({ fullName: 'Lý Thị Mai', birthYear: 1988, sex: 'female', phone: '0912345001', communeCode: '01273', idNumber: null });
    expect(c.contact).toEqual({ at: '2021-01-31T03:00:00.000Z', setting: 'household', evidence: 'Ở cùng nhà' });
  });

  it('reports each cell with the server’s codes, and refinements of a CCCD', () => {
    const c = check(row({ ...GOOD, fullName: '', phone: '123', birthYear: '19x8', at: '', setting: '' }));
    expect(c.ok).toBe(false);
    expect(c.cells).toMatchObject({ fullName: 'common.required', phone: 'person.invalid_phone', birthYear: 'person.invalid_birth', at: 'common.required', setting: 'common.required' });
    expect(check(row({ ...GOOD, birthYear: '1986', sex: 'male', idNumber: '004085001234' })).cells.idNumber).toBe('linelist.err.idBirthYear');
    expect(check(row({ ...GOOD, birthYear: '1985', sex: 'female', idNumber: '004085001234' })).cells.idNumber).toBe('linelist.err.idSex');
    expect(check(row({ ...GOOD, birthYear: '', sex: '', idNumber: '003085001234' })).cells.idNumber).toBe('linelist.err.idProvince');
    expect(check(row({ ...GOOD, idNumber: '12AB' })).cells.idNumber).toBe('person.invalid_id_number');
    expect(check(row({ ...GOOD, birthYear: '1985', sex: 'male', idNumber: '004085001234' })).ok).toBe(true);
    expect(check(row({ ...GOOD, communeCode: '99999' })).cells.communeCode).toBe('person.unknown_commune');
    expect(check(row({ ...GOOD, communeCode: 'Hà Nội' })).cells.communeCode).toBe('linelist.err.commune');
    expect(check(row({ ...GOOD, communeCode: '' })).cells.communeCode).toBe('common.required');
    expect(check(row({ ...GOOD, sex: '?' })).cells.sex).toBe('linelist.err.sex');
    expect(check(row({ ...GOOD, setting: 'karaoke' })).cells.setting).toBe('linelist.err.setting');
    expect(check(row({ ...GOOD, evidence: 'x'.repeat(2001) })).cells.evidence).toBe('linelist.err.tooLong');
    expect(check(row({ ...GOOD, fullName: 'Mai 3' })).cells.fullName).toBe('person.invalid_name');
  });

  it('asks for a decision when possible duplicates exist', () => {
    const undecided = check(row(GOOD), { candidates: 2 });
    expect(undecided.ok).toBe(false);
    expect(undecided.problems).toContainEqual({ code: 'linelist.err.undecided', level: 'error' });
    expect(check(row(GOOD, { link: { kind: 'new' } }), { candidates: 2 }).ok).toBe(true);
  });

  it('does not check the person cells of a row linked to a record, but refuses the case’s own person', () => {
    const linked = row({ fullName: '', phone: 'xx', at: '31/01/2021 10:00', setting: 'other' }, { link: { kind: 'existing', person: person(), created: false } });
    expect(check(linked)).toMatchObject({ ok: true, person: null, cells: {} });
    expect(check(linked, { casePersonId: 7 }).problems).toContainEqual({ code: 'linelist.err.self', level: 'error' });
  });

  it('blocks duplicates inside the sheet that would make the server fail half way, and only warns of the others', () => {
    const id = { ...GOOD, birthYear: '1985', sex: 'male', idNumber: '004085001234' };
    const rows = [row(id, { key: 'a' }), row({ ...id, fullName: 'Khác Tên' }, { key: 'b' }), row({ ...GOOD, phone: '0912345001' }, { key: 'c' })];
    const dups = sheetDuplicates(rows);
    expect(dups.get(0)).toEqual([{ other: 1, reason: 'same_id', otherLinked: false }, { other: 2, reason: 'same_phone', otherLinked: false }]);
    expect(dups.get(2)).toEqual([{ other: 0, reason: 'same_phone', otherLinked: false }, { other: 1, reason: 'same_phone', otherLinked: false }]);
    const c0 = check(rows[0]!, { sheet: dups.get(0)! });
    expect(c0.ok).toBe(false);
    expect(c0.problems).toContainEqual({ code: 'linelist.dup.same_id', params: { row: 2 }, level: 'error' });
    expect(check(rows[2]!, { sheet: dups.get(2)! }).ok).toBe(true);
  });
});

describe('duplicates inside the sheet', () => {
  it('pairs rows by their strongest reason, both ways, ignoring blank rows', () => {
    const p = person();
    const rows = [
      row({ fullName: 'Lý Thị Mai', birthYear: '1988', communeCode: '01273' }),
      row({ fullName: 'ly thi mai', birthYear: '1988', communeCode: '01273' }),
      row({ fullName: 'Lý Thị Mai', birthYear: '1988', communeCode: '01279' }),
      row({ fullName: 'X', at: '31/01/2021 10:00' }, { link: { kind: 'existing', person: p, created: false } }),
      row({ fullName: 'Y' }, { link: { kind: 'existing', person: p, created: false } }),
      row({ communeCode: '01273', at: '31/01/2021 10:00' }),
      row({ communeCode: '01273', at: '31/01/2021 10:00' }),
    ];
    const d = sheetDuplicates(rows);
    expect(d.get(0)).toEqual([
      { other: 1, reason: 'same_name_year_commune', otherLinked: false },
      { other: 2, reason: 'same_name_year', otherLinked: false },
    ]);
    expect(d.get(1)?.[0]).toEqual({ other: 0, reason: 'same_name_year_commune', otherLinked: false });
    expect(d.get(3)).toEqual([{ other: 4, reason: 'same_person', otherLinked: true }]);
    expect(d.has(5)).toBe(false);
    expect(d.has(6)).toBe(false);
    const warn = check(rows[3]!, { sheet: d.get(3)! });
    expect(warn.problems).toContainEqual({ code: 'linelist.dup.same_person', params: { row: 5 }, level: 'warning' });
  });

  it('is symmetric (property)', () => {
    const values = fc.record({
      fullName: fc.constantFrom('', 'Lý Thị Mai', 'ly thi mai', 'Trần Văn Khánh'),
      birthYear: fc.constantFrom('', '1988', '1992'),
      phone: fc.constantFrom('', '0912345001', '+84912345001'),
      idNumber: fc.constantFrom('', '004085001234'),
      communeCode: fc.constantFrom('', '01273', '01279'),
    });
    fc.assert(
      fc.property(fc.array(values, { maxLength: 8 }), (vs) => {
        const rows = vs.map((v) => row(v));
        const d = sheetDuplicates(rows);
        for (const [i, list] of d) for (const x of list) expect(d.get(x.other)?.find((y) => y.other === i)?.reason).toBe(x.reason);
      }),
    );
  });
});

describe('looking up existing people', () => {
  it('looks up a name with a birth year, phone or ID, or an ID alone; not a name alone', () => {
    expect(lookupOf({ ...emptyValues(), fullName: 'Trần Văn Khánh' })).toBeNull();
    expect(lookupOf({ ...emptyValues(), fullName: 'Tr', birthYear: '1992' })).toBeNull();
    const l = lookupOf({ ...emptyValues(), fullName: ' Trần  Văn Khánh', birthYear: '1992', phone: '+84 912 345 001' })!;
    expect(l).toEqual({ name: 'Trần Văn Khánh', birthYear: 1992, phone: '0912345001', idNumber: null });
    expect(lookupQueries(l)).toEqual([
      { kind: 'phone', params: { q: '0912345001' } },
      { kind: 'name', params: { q: 'Trần Văn Khánh', birthYear: 1992 } },
    ]);
    expect(lookupOf({ ...emptyValues(), idNumber: '004.085.001.234' })).toEqual({ name: null, birthYear: null, phone: null, idNumber: '004085001234' });
    expect(lookupKey(lookupOf({ ...emptyValues(), fullName: 'Tran Van Khanh', birthYear: '1992' }))).toBe(lookupKey(l && { ...l, phone: null }));
  });

  it('keeps real matches only, strongest first, without the case’s person', () => {
    const l = { name: 'Trần Văn Khánh', birthYear: 1992, phone: '0912345001', idNumber: null };
    const found = [
      { kind: 'name' as const, items: [person({ id: 1 }), person({ id: 2, fullName: 'Trần Văn Khánh Linh' }), person({ id: 3, fullName: 'Trần Khánh' }), person({ id: 4 })] },
      { kind: 'phone' as const, items: [person({ id: 5, fullName: 'Nguyễn Thị Hoa', phone: '0912345001' }), person({ id: 4, phone: '0912345001' })] },
    ];
    const out = rankCandidates(l, found, { exclude: [1] });
    expect(out.map((c) => [c.person.id, c.reasons])).toEqual([
      [4, ['same_name_year', 'same_phone']],
      [3, ['same_name_year']],
      [5, ['same_phone']],
    ]);
    expect(namesMatch('Nguyễn Bình', 'Nguyễn Văn Bình')).toBe(true);
    expect(namesMatch('Bình', 'Nguyễn Văn Bình')).toBe(false);
    expect(namesMatch('Nguyễn Văn An', 'Nguyễn Văn Bình')).toBe(false);
  });

  it('takes the candidates of a 409 and merges lists', () => {
    const server = candidatesFromServer([{ ...person({ id: 4 }), reason: 'same_name_year_commune' }]);
    expect(server).toEqual([{ person: person({ id: 4 }), reasons: ['same_name_year'] }]);
    expect(mergeCandidates(server, [{ person: person({ id: 4 }), reasons: ['same_id'] }])).toEqual([{ person: person({ id: 4 }), reasons: ['same_name_year', 'same_id'] }]);
  });

  it('masks identity numbers', () => {
    expect(maskId('004085001234')).toBe('••••••••1234');
    expect(maskId('123')).toBe('•••');
    expect(maskId(null)).toBe('');
  });
});

describe('editing', () => {
  const linked = row({ fullName: 'Trần Văn Khánh', birthYear: '1992' }, { link: { kind: 'existing', person: person(), created: false }, serverErrors: { birthYear: 'x', at: 'y' }, serverError: 'z' });

  it('undoes the duplicate decision when what identifies the person changes, not for a commune or diacritics', () => {
    expect(editCell(linked, 'birthYear', '1993').link).toEqual({ kind: 'undecided' });
    expect(editCell(linked, 'fullName', 'Tran Van Khanh').link.kind).toBe('existing');
    expect(editCell(linked, 'communeCode', '01279').link.kind).toBe('existing');
    expect(editCell(linked, 'at', '31/01/2021 10:00').link.kind).toBe('existing');
  });

  it('clears the server’s error of the cell edited', () => {
    const e = editCell(linked, 'birthYear', '1993');
    expect(e.serverErrors).toEqual({ at: 'y' });
    expect(e.serverError).toBeNull();
    expect(editCell(linked, 'evidence', 'x').serverError).toBe('z');
  });

  it('never changes the person cells of a record the sheet created', () => {
    const created = { ...linked, link: { kind: 'existing' as const, person: person(), created: true } };
    expect(editCell(created, 'fullName', 'Khác')).toBe(created);
    expect(editCell(created, 'at', '31/01/2021 10:00').values.at).toBe('31/01/2021 10:00');
  });

  it('knows a blank row (carried cells do not count)', () => {
    expect(isBlankRow({ ...emptyValues(), communeCode: '01273', at: 'x', setting: 'other' })).toBe(true);
    expect(isBlankRow({ ...emptyValues(), evidence: 'x' })).toBe(false);
    expect(carryFrom({ ...emptyValues(), fullName: 'A', communeCode: '01273', setting: 'other' })).toEqual({ communeCode: '01273', setting: 'other' });
  });
});

describe('server errors', () => {
  it('maps a refused person to cells, the row and candidates', () => {
    expect(personErrorsFromServer({ code: 'person.invalid_phone', details: { fields: [{ path: 'phone', code: 'person.invalid_phone', message: '' }, { path: 'nationality', code: 'request.invalid' }] } })).toEqual({
      cells: { phone: 'person.invalid_phone' }, row: 'request.invalid', candidates: [],
    });
    const dup = personErrorsFromServer({ code: 'person.duplicate_id', details: { candidates: [{ ...person({ id: 4 }), reason: 'same_id' }] } });
    expect(dup).toEqual({ cells: { idNumber: 'person.duplicate_id' }, row: null, candidates: [{ person: person({ id: 4 }), reasons: ['same_id'] }] });
    expect(personErrorsFromServer({ code: 'person.possible_duplicate', details: { candidates: [] } })).toEqual({ cells: {}, row: 'person.possible_duplicate', candidates: [] });
    expect(personErrorsFromServer({ code: 'auth.outside_area', details: { personId: null } }).cells).toEqual({ communeCode: 'auth.outside_area' });
    expect(personErrorsFromServer({ code: 'server.internal', details: null }).row).toBe('server.internal');
  });

  it('maps a refused contact batch to the rows sent', () => {
    const out = contactErrorsFromServer(
      { code: 'request.invalid', details: { fields: [{ path: 'contacts.1.at', code: 'request.invalid_format' }, { path: 'contacts.0.personB', code: 'request.custom' }, { path: 'contacts.9.at', code: 'x' }] } },
      [10, 11],
    );
    expect([...out.rows.entries()]).toEqual([[1, { cells: { at: 'request.invalid_format' }, row: null }], [0, { cells: {}, row: 'request.custom' }]]);
    const literal = contactErrorsFromServer({ code: 'request.invalid', details: { fields: [{ path: 'contacts.0.evidence', code: 'request.too_big', message: 'Quá dài' }] } }, [10]);
    expect(literal.rows.get(0)).toEqual({ cells: { evidence: '!Quá dài' }, row: null });
    expect(out.general).toBeNull();
    const missing = contactErrorsFromServer({ code: 'tracing.person_not_found', details: { personIds: [11] } }, [10, 11]);
    expect([...missing.rows.entries()]).toEqual([[1, { cells: {}, row: 'tracing.person_not_found' }]]);
    expect(contactErrorsFromServer({ code: 'server.unavailable', details: null }, [10]).general).toBe('server.unavailable');
  });
});

describe('keyboard', () => {
  const k = (key: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {}) =>
    keyAction({ key, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, ...mods });

  it('maps keys to grid actions and leaves the rest to the browser', () => {
    expect(k('Enter', { ctrlKey: true })).toBe('save');
    expect(k('Enter', { metaKey: true })).toBe('save');
    expect(k('Delete', { ctrlKey: true })).toBe('deleteRow');
    expect(k('d', { ctrlKey: true })).toBe('fillDown');
    expect([k('Enter'), k('Enter', { shiftKey: true }), k('ArrowUp'), k('ArrowDown'), k('Tab'), k('Tab', { shiftKey: true })]).toEqual([
      'enter', 'shiftEnter', 'up', 'down', 'tab', 'shiftTab',
    ]);
    expect([k('ArrowDown', { altKey: true }), k('a'), k('Delete'), k('c', { ctrlKey: true }), k('ArrowDown', { shiftKey: true })]).toEqual([null, null, null, null, null]);
  });

  it('moves: Tab across cells and rows, Enter down adding a row at the end, arrows clamp', () => {
    expect(moveCursor({ row: 0, col: 0 }, 'tab', 2)).toEqual({ cursor: { row: 0, col: 1 }, append: false });
    expect(moveCursor({ row: 0, col: 8 }, 'tab', 2)).toEqual({ cursor: { row: 1, col: 0 }, append: false });
    expect(moveCursor({ row: 1, col: 8 }, 'tab', 2)).toEqual({ cursor: { row: 2, col: 0 }, append: true });
    expect(moveCursor({ row: 1, col: 0 }, 'shiftTab', 2)).toEqual({ cursor: { row: 0, col: 8 }, append: false });
    expect(moveCursor({ row: 0, col: 0 }, 'shiftTab', 2)).toEqual({ cursor: { row: 0, col: 0 }, append: false });
    expect(moveCursor({ row: 0, col: 3 }, 'enter', 2)).toEqual({ cursor: { row: 1, col: 3 }, append: false });
    expect(moveCursor({ row: 1, col: 3 }, 'enter', 2)).toEqual({ cursor: { row: 2, col: 3 }, append: true });
    expect(moveCursor({ row: 1, col: 3 }, 'down', 2)).toEqual({ cursor: { row: 1, col: 3 }, append: false });
    expect(moveCursor({ row: 0, col: 3 }, 'up', 2)).toEqual({ cursor: { row: 0, col: 3 }, append: false });
    expect(moveCursor({ row: 1, col: 3 }, 'shiftEnter', 2)).toEqual({ cursor: { row: 0, col: 3 }, append: false });
  });

  it('stays inside the grid, and Tab then Shift+Tab comes back (property)', () => {
    const nav = fc.constantFrom('tab', 'shiftTab', 'enter', 'shiftEnter', 'up', 'down') as fc.Arbitrary<'tab'>;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 12 }), fc.nat(), fc.nat(), nav, (rows, cols, r, c, key) => {
        const cur = { row: r % rows, col: c % cols };
        const { cursor, append } = moveCursor(cur, key, rows, cols);
        const size = rows + (append ? 1 : 0);
        expect(cursor.row).toBeGreaterThanOrEqual(0);
        expect(cursor.row).toBeLessThan(size);
        expect(cursor.col).toBeGreaterThanOrEqual(0);
        expect(cursor.col).toBeLessThan(cols);
        if (key === 'tab' && !append) expect(moveCursor(cursor, 'shiftTab', rows, cols).cursor).toEqual(cur);
      }),
    );
  });

  it('deletes, inserts and fills down rows', () => {
    const next = keys();
    const rows = [row({ fullName: 'A', communeCode: '01273' }, { key: 'a' }), row({ fullName: 'B' }, { key: 'b' })];
    expect(deleteRow(rows, 1, next)).toMatchObject({ rows: [{ key: 'a' }], focus: 0 });
    const last = deleteRow([rows[0]!], 0, next);
    expect(last.rows).toHaveLength(1);
    expect(last.rows[0]!.values).toEqual({ ...emptyValues(), communeCode: '01273' });
    const inserted = insertRowAfter(rows, 0, next);
    expect(inserted.map((r) => r.key)).toEqual(['a', inserted[1]!.key, 'b']);
    expect(inserted[1]!.values.communeCode).toBe('01273');
    expect(fillDown(rows, { row: 1, col: COLUMNS.indexOf('communeCode') })[1]!.values.communeCode).toBe('01273');
    expect(fillDown(rows, { row: 0, col: 0 })).toEqual(rows);
  });
});

describe('save helpers', () => {
  it('builds the contact batch with the case’s person as person A', () => {
    expect(contactsBody(1, [{ personId: 2, contact: { at: '2021-01-31T03:00:00.000Z', setting: 'household', evidence: null } }])).toEqual({
      contacts: [{ personA: 1, personB: 2, at: '2021-01-31T03:00:00.000Z', setting: 'household', source: 'interview', evidence: null }],
    });
  });

  it('runs at most n lookups at once', async () => {
    const run = createLimiter(2);
    let active = 0;
    let peak = 0;
    const task = (v: number) => async () => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active -= 1;
      if (v === 3) throw new Error('boom');
      return v;
    };
    const out = await Promise.allSettled([1, 2, 3, 4, 5].map((v) => run(task(v))));
    expect(peak).toBe(2);
    expect(out.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  });
});

describe('line list texts', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('has both languages with the same placeholders, and no key clashing with an API code', () => {
    for (const [key, [vi, en]] of Object.entries(LINELIST_CATALOGUE)) {
      expect(vi.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(placeholders(en), key).toEqual(placeholders(vi));
      expect(key in ERROR_MESSAGES, key).toBe(false);
    }
    expect(lineListText('vi', 'linelist.result', { n: 3 })).toBe('Đã ghi 3 tiếp xúc.');
  });

  it('has a text for every code the logic gives', () => {
    const source = fs.readFileSync(new URL('./lineList.ts', import.meta.url), 'utf8');
    const codes = new Set([...source.matchAll(/'(linelist\.[\w.]+)'/g)].map((m) => m[1]!));
    for (const r of ['same_person', 'same_id', 'same_name_year_commune', 'same_name_year', 'same_phone']) codes.add(`linelist.dup.${r}`);
    for (const r of ['same_id', 'same_name_year', 'same_name', 'same_phone']) codes.add(`linelist.reason.${r}`);
    for (const code of codes) expect(Object.hasOwn(LINELIST_CATALOGUE, code), code).toBe(true);
  });
});
