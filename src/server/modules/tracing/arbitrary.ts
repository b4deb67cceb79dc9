// Small random provinces for the property tests of tracing (test support, not used by the application).
import fc from 'fast-check';
import type { TraceInput, TraceRules } from './rules.ts';

const MIN = 60_000;
const KINDS = ['market', 'school', 'office', 'vehicle'] as const;

/** `quarters`: the span of the check-ins in quarter hours (96 = a day; a few hours make crowded stays
 * common); `maxThreshold`: the highest fan-out threshold drawn; `people`, `checkins`: the most drawn;
 * `depth`: a fixed depth (else 1 to 3). */
export const provinceWith = (o: { quarters?: number; maxThreshold?: number; people?: number; checkins?: number; depth?: number } = {}) => {
  const P = o.people ?? 14;
  const K = o.checkins ?? 40;
  const person = fc.integer({ min: 1, max: P });
  return fc.record({
    people: fc.integer({ min: 2, max: P }),
    seedHouseholds: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: P, maxLength: P }),
    contacts: fc.array(fc.record({ a: person, b: person, at: fc.integer({ min: 0, max: 96 }) }), { maxLength: 20 }),
    checkins: fc.array(fc.record({ p: person, v: fc.integer({ min: 1, max: 4 }), t: fc.integer({ min: 0, max: o.quarters ?? 96 }), len: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }) }), { maxLength: K }),
    venueKinds: fc.array(fc.constantFrom(...KINDS), { minLength: 4, maxLength: 4 }),
    cases: fc.uniqueArray(fc.record({ p: person, from: fc.integer({ min: 0, max: Math.min(72, o.quarters ?? 96) }), len: fc.integer({ min: 0, max: 72 }) }), { minLength: 1, maxLength: 3, selector: (c) => c.p }),
    isolations: fc.array(fc.record({ p: person, at: fc.integer({ min: 0, max: 96 }) }), { maxLength: 5 }),
    rejections: fc.array(fc.record({ s: person, t: person }), { maxLength: 5 }),
    accepted: fc.uniqueArray(fc.integer({ min: 1, max: K }), { maxLength: 20 }),
    threshold: fc.integer({ min: 1, max: o.maxThreshold ?? 6 }),
    maxDepth: o.depth === undefined ? fc.integer({ min: 1, max: 3 }) : fc.constant(o.depth),
    margin: fc.constantFrom(0, 15, 60),
    minOverlap: fc.constantFrom(0, 15),
  })
  .map((r) => {
    const inRange = (p: number) => ((p - 1) % r.people) + 1;
    const households = new Map<number, number[]>();
    for (let p = 1; p <= r.people; p++) {
      const h = r.seedHouseholds[p - 1]!;
      if (h > 0) households.set(h, [...(households.get(h) ?? []), p]);
    }
    const input: TraceInput = {
      cases: r.cases.map((c, i) => ({ id: i + 1, code: `BN${i + 1}`, personId: inRange(c.p), from: c.from * 15 * MIN, to: (c.from + c.len) * 15 * MIN }))
        .filter((c, i, all) => all.findIndex((x) => x.personId === c.personId) === i),
      households: [...households].map(([id, members]) => ({ id, members })),
      contacts: r.contacts.map((c, i) => ({ id: i + 1, a: inRange(c.a), b: inRange(c.b), at: c.at * 15 * MIN })).filter((c) => c.a !== c.b),
      checkins: r.checkins.map((k, i) => ({ id: i + 1, personId: inRange(k.p), venueId: k.v, timeIn: k.t * 15 * MIN, timeOut: k.len === null ? null : k.t * 15 * MIN + k.len * 15 * MIN })),
      venues: r.venueKinds.map((kind, i) => ({ id: i + 1, kind })),
      isolations: r.isolations.map((i) => ({ personId: inRange(i.p), at: i.at * 15 * MIN })),
      rejections: r.rejections.map((x) => ({ source: inRange(x.s), target: inRange(x.t) })),
      accepted: r.accepted.filter((id) => id <= r.checkins.length),
    };
    const rules: TraceRules = {
      venueKinds: {
        market: { contact: true, marginMinutes: 0, minOverlapMinutes: r.minOverlap },
        school: { contact: true, marginMinutes: r.margin, minOverlapMinutes: 0 },
        office: { contact: true, marginMinutes: r.margin, minOverlapMinutes: 0 },
        vehicle: { contact: false, marginMinutes: 0, minOverlapMinutes: 0 },
        other: { contact: true, marginMinutes: 60, minOverlapMinutes: 0 },
      },
      fanoutThreshold: r.threshold,
      maxDepth: r.maxDepth,
      checkinDefaultMinutes: 60,
    };
    return { input, rules };
  });
};

export const province = provinceWith();
