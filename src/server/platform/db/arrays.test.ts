import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../../../test/helpers.ts';
import { binaryArray, float8Array, int4Array, int8Array, textArray, uuidArray } from './arrays.ts';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => { await t.close(); });

describe('binary arrays', () => {
  const roundTrip = async <T>(param: Buffer, cast: string) =>
    (await sql<{ a: T[] }>`select ${param}${sql.raw(cast)} as a`.execute(t.app.db)).rows[0]!.a;

  it('round-trip 64-bit and 32-bit integers, doubles and nulls', async () => {
    const ints = fc.array(fc.option(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), { nil: null }), { maxLength: 40 });
    await fc.assert(fc.asyncProperty(ints, fc.array(fc.option(fc.integer(), { nil: null }), { maxLength: 40 }),
      fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }), { maxLength: 40 }), async (a, b, c) => {
        expect((await roundTrip<number | string | null>(int8Array(a), '::bigint[]')).map((x) => (x === null ? null : Number(x)))).toEqual(a);
        expect(await roundTrip<number | null>(int4Array(b), '::int[]')).toEqual(b);
        expect((await roundTrip<number | null>(float8Array(c), '::float8[]')).map((x) => (x === null ? null : Number(x)))).toEqual(c.map((x) => (x === null ? null : Object.is(x, -0) ? -0 : x)));
      }), { numRuns: 60 });
  });

  it('round-trip any text, UUIDs and bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.option(fc.string({ unit: 'grapheme' }), { nil: null }), { maxLength: 30 }), fc.array(fc.uuid(), { maxLength: 10 }), async (xs, ids) => {
      expect(await roundTrip<string | null>(textArray(xs), '::text[]')).toEqual(xs);
      expect(await roundTrip<string>(uuidArray(ids), '::uuid[]')).toEqual(ids.map((x) => x.toLowerCase()));
    }), { numRuns: 60 });
    const bytes = [Buffer.from([0, 255, 7]), Buffer.alloc(0)];
    const got = await roundTrip<Buffer>(binaryArray('bytea', 2, (i) => bytes[i]!.length, (i, b, at) => { bytes[i]!.copy(b, at); }), '::bytea[]');
    expect(got.map((b) => [...b])).toEqual([[0, 255, 7], []]);
    expect(await roundTrip<number>(int8Array([]), '::bigint[]')).toEqual([]);
    // An open end of a window.
    expect(await roundTrip<number>(float8Array([-Infinity, Infinity]), '::float8[]')).toEqual([-Infinity, Infinity]);
  });

  it('refuse what the element type cannot hold, and a cast of another type', async () => {
    expect(() => int8Array([2 ** 53])).toThrow();
    expect(() => int8Array([1.5])).toThrow();
    expect(() => int4Array([2 ** 31])).toThrow();
    expect(() => float8Array([NaN])).toThrow();
    expect(() => uuidArray(['not-a-uuid'])).toThrow();
    await expect(roundTrip(int8Array([1]), '::int[]')).rejects.toThrow();
  });
});
