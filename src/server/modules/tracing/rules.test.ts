// Property tests: the indexed breadth-first engine (rules.ts) against a brute-force reference written
// straight from the definition (scans of every array, no index), on small random provinces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainOf, classify, type Link, type TraceInput, type TraceResult, type TraceRules } from './rules.ts';

const MIN = 60_000;
const H = 60 * MIN;
const KINDS = ['market', 'school', 'office', 'vehicle'] as const;

/** The reference: for each level, every subject scans every household, contact and pair of check-ins. */
function reference(input: TraceInput, rules: TraceRules): TraceResult {
  const order = { household: 0, contact: 1, venue: 2 } as const;
  const less = (a: Link, b: Link) =>
    a.at !== b.at ? a.at < b.at : a.via !== b.via ? a.via < b.via : a.kind !== b.kind ? order[a.kind] < order[b.kind] : (a.ref ?? -1) < (b.ref ?? -1);
  const isCase = (p: number) => input.cases.some((c) => c.personId === p);
  const end = (c: { timeIn: number; timeOut: number | null }) => c.timeOut ?? c.timeIn + rules.checkinDefaultMinutes * MIN;
  const classifications = new Map<number, { personId: number; level: number; caseId: number; link: Link }>();
  const reviews: TraceResult['reviews'] = [];
  let subjects = input.cases.map((c) => ({ personId: c.personId, caseId: c.id, from: c.from, to: c.to })).sort((a, b) => a.caseId - b.caseId);
  for (let level = 1; level <= rules.maxDepth; level++) {
    const cands: Array<{ target: number; link: Link; caseId: number }> = [];
    for (const s of subjects) {
      const allowed = (t: number) => t !== s.personId && !input.rejections.some((r) => r.source === s.personId && r.target === t);
      for (const h of input.households) {
        if (!h.members.includes(s.personId)) continue;
        for (const m of h.members) if (allowed(m)) cands.push({ target: m, caseId: s.caseId, link: { kind: 'household', ref: h.id, via: s.personId, at: s.from } });
      }
      for (const c of input.contacts) {
        const other = c.a === s.personId ? c.b : c.b === s.personId ? c.a : null;
        if (other !== null && allowed(other) && c.at >= s.from && c.at <= s.to) {
          cands.push({ target: other, caseId: s.caseId, link: { kind: 'contact', ref: c.id, via: s.personId, at: c.at } });
        }
      }
      for (const k of input.checkins) {
        if (k.personId !== s.personId) continue;
        const from = Math.max(k.timeIn, s.from);
        const to = Math.min(end(k), s.to);
        if (from > to) continue;
        const kind = input.venues.find((v) => v.id === k.venueId)?.kind ?? 'other';
        const rule = rules.venueKinds[kind] ?? rules.venueKinds.other!;
        const perTarget = new Map<number, Link>();
        for (const j of input.checkins) {
          if (j.venueId !== k.venueId || !allowed(j.personId) || !rule.contact) continue;
          const lo = from - rule.marginMinutes * MIN;
          const hi = to + rule.marginMinutes * MIN;
          const overlap = Math.min(hi, end(j)) - Math.max(lo, j.timeIn);
          if (overlap < 0 || overlap < rule.minOverlapMinutes * MIN) continue;
          const link: Link = {
            kind: 'venue', ref: j.id, via: s.personId, at: Math.max(lo, j.timeIn), venueId: k.venueId,
            sourceFrom: from, sourceTo: to, targetFrom: j.timeIn, targetTo: end(j),
          };
          const prev = perTarget.get(j.personId);
          if (!prev || less(link, prev)) perTarget.set(j.personId, link);
        }
        if (perTarget.size > rules.fanoutThreshold) {
          if (!reviews.some((r) => r.sourcePersonId === s.personId && r.venueId === k.venueId && r.windowFrom === from)) {
            reviews.push({ sourcePersonId: s.personId, caseId: s.caseId, venueId: k.venueId, windowFrom: from, windowTo: to, candidates: perTarget.size });
          }
          continue;
        }
        for (const [target, link] of perTarget) cands.push({ target, link, caseId: s.caseId });
      }
    }
    const next: typeof subjects = [];
    const targets = [...new Set(cands.map((c) => c.target))].sort((a, b) => a - b);
    for (const t of targets) {
      if (isCase(t) || classifications.has(t)) continue;
      let best = cands.find((c) => c.target === t)!;
      for (const c of cands) if (c.target === t && less(c.link, best.link)) best = c;
      classifications.set(t, { personId: t, level, caseId: best.caseId, link: best.link });
      const iso = input.isolations.filter((i) => i.personId === t).map((i) => i.at);
      next.push({ personId: t, caseId: best.caseId, from: best.link.at, to: iso.length ? Math.min(...iso) : Infinity });
    }
    subjects = next;
  }
  reviews.sort((a, b) => a.sourcePersonId - b.sourcePersonId || a.venueId - b.venueId || a.windowFrom - b.windowFrom);
  return { classifications, reviews };
}

const asPlain = (r: TraceResult) => ({ classifications: [...r.classifications.values()].sort((a, b) => a.personId - b.personId), reviews: r.reviews });

const province = fc
  .record({
    people: fc.integer({ min: 2, max: 14 }),
    seedHouseholds: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 14, maxLength: 14 }),
    contacts: fc.array(fc.record({ a: fc.integer({ min: 1, max: 14 }), b: fc.integer({ min: 1, max: 14 }), at: fc.integer({ min: 0, max: 96 }) }), { maxLength: 20 }),
    checkins: fc.array(fc.record({ p: fc.integer({ min: 1, max: 14 }), v: fc.integer({ min: 1, max: 4 }), t: fc.integer({ min: 0, max: 96 * 4 }), len: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }) }), { maxLength: 40 }),
    venueKinds: fc.array(fc.constantFrom(...KINDS), { minLength: 4, maxLength: 4 }),
    cases: fc.uniqueArray(fc.record({ p: fc.integer({ min: 1, max: 14 }), from: fc.integer({ min: 0, max: 60 }), len: fc.integer({ min: 0, max: 60 }) }), { minLength: 1, maxLength: 3, selector: (c) => c.p }),
    isolations: fc.array(fc.record({ p: fc.integer({ min: 1, max: 14 }), at: fc.integer({ min: 0, max: 96 }) }), { maxLength: 5 }),
    rejections: fc.array(fc.record({ s: fc.integer({ min: 1, max: 14 }), t: fc.integer({ min: 1, max: 14 }) }), { maxLength: 5 }),
    threshold: fc.integer({ min: 1, max: 6 }),
    maxDepth: fc.integer({ min: 1, max: 3 }),
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
      cases: r.cases.map((c, i) => ({ id: i + 1, code: `BN${i + 1}`, personId: inRange(c.p), from: c.from * H, to: (c.from + c.len) * H }))
        .filter((c, i, all) => all.findIndex((x) => x.personId === c.personId) === i),
      households: [...households].map(([id, members]) => ({ id, members })),
      contacts: r.contacts.map((c, i) => ({ id: i + 1, a: inRange(c.a), b: inRange(c.b), at: c.at * H })).filter((c) => c.a !== c.b),
      checkins: r.checkins.map((k, i) => ({ id: i + 1, personId: inRange(k.p), venueId: k.v, timeIn: k.t * 15 * MIN, timeOut: k.len === null ? null : k.t * 15 * MIN + k.len * 15 * MIN })),
      venues: r.venueKinds.map((kind, i) => ({ id: i + 1, kind })),
      isolations: r.isolations.map((i) => ({ personId: inRange(i.p), at: i.at * H })),
      rejections: r.rejections.map((x) => ({ source: inRange(x.s), target: inRange(x.t) })),
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

function shuffled<T>(a: T[], seed: number): T[] {
  const out = [...a];
  let x = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('automatic classification (F1/F2/Fn)', () => {
  it('equals the brute-force reference on random small provinces', () => {
    fc.assert(fc.property(province, ({ input, rules }) => {
      expect(asPlain(classify(input, rules))).toEqual(asPlain(reference(input, rules)));
    }), { numRuns: 400 });
  });

  it('does not depend on the order in which cases, contacts and check-ins arrive', () => {
    fc.assert(fc.property(province, fc.integer({ min: 1, max: 1_000_000 }), ({ input, rules }, seed) => {
      const reordered: TraceInput = {
        cases: shuffled(input.cases, seed), households: shuffled(input.households, seed + 1), contacts: shuffled(input.contacts, seed + 2),
        checkins: shuffled(input.checkins, seed + 3), venues: shuffled(input.venues, seed + 4), isolations: shuffled(input.isolations, seed + 5),
        rejections: shuffled(input.rejections, seed + 6),
      };
      expect(asPlain(classify(reordered, rules))).toEqual(asPlain(classify(input, rules)));
    }), { numRuns: 300 });
  });

  it('keeps every chain well formed: levels step by one back to a case, no rejected link, no case classified', () => {
    fc.assert(fc.property(province, ({ input, rules }) => {
      const r = classify(input, rules);
      const cases = new Map(input.cases.map((c) => [c.personId, c]));
      for (const c of r.classifications.values()) {
        expect(cases.has(c.personId)).toBe(false);
        expect(c.level).toBeLessThanOrEqual(rules.maxDepth);
        expect(input.rejections.some((x) => x.source === c.link.via && x.target === c.personId)).toBe(false);
        const via = r.classifications.get(c.link.via);
        if (c.level === 1) expect(cases.get(c.link.via)?.id).toBe(c.caseId);
        else expect(via?.level).toBe(c.level - 1);
        expect(chainOf(r, c.personId)).toHaveLength(c.level);
      }
    }), { numRuns: 300 });
  });
});

describe('worked examples', () => {
  const rules: TraceRules = {
    venueKinds: {
      market: { contact: true, marginMinutes: 0, minOverlapMinutes: 15 },
      office: { contact: true, marginMinutes: 60, minOverlapMinutes: 0 },
      other: { contact: true, marginMinutes: 60, minOverlapMinutes: 0 },
    },
    fanoutThreshold: 3, maxDepth: 2, checkinDefaultMinutes: 60,
  };
  const t = (h: number, m = 0) => Date.UTC(2021, 0, 28, h, m);
  const base: TraceInput = {
    cases: [{ id: 1, code: 'BN1234', personId: 1, from: t(0), to: t(23) }],
    households: [{ id: 10, members: [1, 2] }],
    contacts: [{ id: 20, a: 3, b: 4, at: t(20) }],
    checkins: [
      { id: 30, personId: 1, venueId: 100, timeIn: t(9, 30), timeOut: t(10, 40) },
      { id: 31, personId: 3, venueId: 100, timeIn: t(9, 10), timeOut: t(10, 5) },
      { id: 32, personId: 5, venueId: 100, timeIn: t(10, 35), timeOut: t(10, 50) },
    ],
    venues: [{ id: 100, kind: 'market' }],
    isolations: [],
    rejections: [],
  };

  it('makes household members and market neighbours F1, and their later contacts F2', () => {
    const r = classify(base, rules);
    expect(r.classifications.get(2)).toMatchObject({ level: 1, link: { kind: 'household', via: 1 } });
    // At Chợ Phố Cũ 09:10–10:05, overlapping BN1234 09:30–10:40 (35 minutes ≥ 15 in an open market).
    expect(r.classifications.get(3)).toMatchObject({ level: 1, link: { kind: 'venue', via: 1, at: t(9, 30), targetFrom: t(9, 10), targetTo: t(10, 5) } });
    // 5 minutes together in a market is not close contact.
    expect(r.classifications.has(5)).toBe(false);
    expect(r.classifications.get(4)).toMatchObject({ level: 2, caseId: 1, link: { kind: 'contact', via: 3, at: t(20) } });
  });

  it('stops the F2 window at the F1 isolation (QĐ 3638/QĐ-BYT)', () => {
    const r = classify({ ...base, isolations: [{ personId: 3, at: t(18) }] }, rules);
    expect(r.classifications.has(4)).toBe(false);
  });

  it('respects an officer rejection in every recomputation', () => {
    const r = classify({ ...base, rejections: [{ source: 1, target: 3 }] }, rules);
    expect(r.classifications.has(3)).toBe(false);
    expect(r.classifications.has(4)).toBe(false);
  });

  it('holds a crowded stay for review instead of classifying the whole market', () => {
    const crowd = Array.from({ length: 4 }, (_, i) => ({ id: 40 + i, personId: 50 + i, venueId: 100, timeIn: t(9, 30), timeOut: t(10, 30) }));
    const r = classify({ ...base, checkins: [...base.checkins, ...crowd] }, rules);
    expect(r.reviews).toEqual([{ sourcePersonId: 1, caseId: 1, venueId: 100, windowFrom: t(9, 30), windowTo: t(10, 40), candidates: 5 }]);
    expect([...r.classifications.keys()].sort()).toEqual([2]);
  });
});
