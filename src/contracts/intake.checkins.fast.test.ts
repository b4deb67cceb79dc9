// The hot path's hand-written check of a public check-in must never accept what the zod schema refuses, and
// must give the value the schema gives (fast accepts ⇒ zod accepts, same value).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastPublicCheckin, PublicCheckinBody } from './intake.checkins.ts';

const hex = fc.constantFrom(...'0123456789abcdefABCDEFxg-'.split(''));
const uuidish = fc.oneof(
  fc.uuid(),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.stringMatching(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/),
  fc.array(hex, { minLength: 30, maxLength: 40 }).map((a) => a.join('')),
  fc.uuid().chain((u) => fc.nat(35).map((i) => u.slice(0, i) + 'z' + u.slice(i + 1))),
  fc.constant('00000000-0000-0000-0000-000000000000'),
);
const tokenish = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{16,43}$/),
  fc.string({ minLength: 10, maxLength: 50 }),
  fc.stringMatching(/^[A-Za-z0-9_+/=-]{14,46}$/),
);
const phoneish = fc.oneof(
  fc.stringMatching(/^0[35789][0-9]{8}$/),
  fc.stringMatching(/^(\+84|84|0)[ .-]?[0-9]{2,3}[ .-]?[0-9]{3}[ .-]?[0-9]{3,4}$/),
  fc.stringMatching(/^01[0-9]{9}$/),
  fc.string({ maxLength: 35 }),
  fc.tuple(fc.stringMatching(/^0[35789][0-9]{8}$/), fc.nat(30)).map(([p, n]) => ' '.repeat(n) + p), // long only by its spaces
);
const body = fc.record(
  { venueToken: fc.oneof(tokenish, fc.integer(), fc.constant(null)), phone: fc.oneof(phoneish, fc.integer()), idempotencyKey: uuidish, name: fc.string(), extra: fc.string() },
  { requiredKeys: [] },
);

// Exactly the three fields, each drawn mostly from well-formed values: the bodies the fast path is for.
const common = fc.record({ venueToken: tokenish, phone: phoneish, idempotencyKey: uuidish });

describe('fastPublicCheckin', () => {
  it('accepts only what the schema accepts, with the same value', () => {
    let fastAccepted = 0;
    fc.assert(fc.property(fc.oneof(common, common, body, fc.anything()), (data) => {
      const fast = fastPublicCheckin(data);
      if (fast === undefined) return;
      fastAccepted++;
      const slow = PublicCheckinBody.safeParse(data);
      expect(slow.success).toBe(true);
      expect(fast).toEqual(slow.data);
    }), { numRuns: 3000 });
    expect(fastAccepted).toBeGreaterThan(20); // the generator reaches the fast path (the test is not vacuous)
  });

  it('takes the common body and leaves the rest to the schema', () => {
    const ok = { venueToken: 'AbCdEfGhIjKlMnOp_-12', phone: '+84 912 345 678', idempotencyKey: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' };
    expect(fastPublicCheckin(ok)).toEqual({ ...ok, phone: '0912345678' });
    expect(fastPublicCheckin({ ...ok, name: 'Lò Văn A' })).toBeUndefined(); // a name: the schema normalises it
    expect(fastPublicCheckin({ ...ok, phone: '12345' })).toBeUndefined(); // refused by the schema, with its code
    expect(fastPublicCheckin(JSON.parse(`{"venueToken":"${ok.venueToken}","phone":"0912345678","__proto__":{"x":1}}`))).toBeUndefined();
  });
});
