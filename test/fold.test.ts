// The SQL folding (pd_fold, used by the generated search column) and the JS folding (used to fold what an
// officer typed) must agree on every Vietnamese letter, or a search would miss.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { foldVietnamese } from '../src/contracts/identity.ts';
import { testApp, type TestApp } from './helpers.ts';

const LETTERS = 'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ';
// Also letters of Ê Đê and Jrai names (ŭ ĕ ĭ ŏ), carons, cedillas, and letters that fold to nothing in either.
const EXTRA = 'ŭĕĭŏŬĔĬŎǎǒǔěǐçÇñÑüÜøØłßÆæ\u0301\u0323';
const ALPHABET = `${LETTERS}${LETTERS.toUpperCase()}${EXTRA} '-.\t`;

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => { await t.close(); });

describe('pd_fold (SQL) equals foldVietnamese (JS)', () => {
  it('on every letter of the Vietnamese alphabet, lower and upper case', async () => {
    const chars = [...ALPHABET];
    const r = await sql<{ f: string }>`select pd_fold(c) as f from unnest(${chars}::text[]) with ordinality as u(c, i) order by i`.execute(t.app.db);
    expect(r.rows.map((x) => x.f)).toEqual(chars.map(foldVietnamese));
  });
  it('on random names built from that alphabet', async () => {
    const names = fc.sample(fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 1, maxLength: 30 }), 300);
    const r = await sql<{ f: string }>`select pd_fold(c) as f from unnest(${names}::text[]) with ordinality as u(c, i) order by i`.execute(t.app.db);
    expect(r.rows.map((x) => x.f)).toEqual(names.map(foldVietnamese));
  });
});

describe('search finds names with letters beyond Vietnamese', () => {
  it('folds "Y Bŭ Niê" to "y bu nie"', async () => {
    const r = await sql<{ f: string }>`select pd_fold('Y Bŭ Niê') as f`.execute(t.app.db);
    expect(r.rows[0]!.f).toBe('y bu nie');
    expect(foldVietnamese('Y Bŭ Niê')).toBe('y bu nie');
  });
});
