import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../../../test/helpers.ts';
import { numArray, tokenArray } from './arrays.ts';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => { await t.close(); });

describe('array literals', () => {
  it('round-trip numbers and nulls through PostgreSQL', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.option(fc.oneof(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.double({ noNaN: true, noDefaultInfinity: true })), { nil: null }), { maxLength: 50 }), async (xs) => {
      const r = await sql<{ a: Array<number | null> }>`select ${numArray(xs)}::float8[] as a`.execute(t.app.db);
      expect(r.rows[0]!.a.map((x) => (x === null ? null : Number(x)))).toEqual(xs.map((x) => (x === null ? null : Object.is(x, -0) ? 0 : x)));
    }), { numRuns: 100 });
  });

  it('round-trip plain tokens, and refuse anything that would need quoting', async () => {
    const r = await sql<{ a: string[] }>`select ${tokenArray(['venue', null, 'a1b2', '00ff'])}::text[] as a`.execute(t.app.db);
    expect(r.rows[0]!.a).toEqual(['venue', null, 'a1b2', '00ff']);
    for (const bad of ['a,b', 'x"y', '{', 'NULL', 'null', '', 'a b', 'é']) expect(() => tokenArray([bad])).toThrow();
    expect(() => numArray([Infinity])).toThrow();
    expect(() => numArray([NaN])).toThrow();
  });
});
