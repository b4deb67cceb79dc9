// Property tests: the indexed breadth-first engine (rules.ts) against a brute-force reference written
// straight from the definition (scans of every array, no index), on small random provinces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainOf, classify, type Link, type TraceInput, type TraceResult, type TraceRules } from './rules.ts';
import { province } from './arbitrary.ts';

const MIN = 60_000;

/** The reference, straight from the definition, with no index and no breadth-first pruning: enumerate every
 * simple path from every case (each hop found by scanning all households, contacts and pairs of check-ins,
 * valid if it falls in the window the path opened for its source), then keep for each person and level the
 * best path, drop labels that a lower level reaches no later, and report the lowest level. */
function reference(input: TraceInput, rules: TraceRules): TraceResult {
  const order = { household: 0, contact: 1, venue: 2 } as const;
  const hopKey = (l: Link) => [l.at, l.via, order[l.kind], l.ref ?? -1, l.sourceFrom ?? -1, l.sourceTo ?? -1];
  const cmpHops = (a: Link[], b: Link[]) => {
    for (let i = 1; i <= Math.max(a.length, b.length); i++) {
      const x = a[a.length - i];
      const y = b[b.length - i];
      if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
      const kx = hopKey(x);
      const ky = hopKey(y);
      for (let j = 0; j < kx.length; j++) if (kx[j] !== ky[j]) return kx[j]! - ky[j]!;
    }
    return 0;
  };
  const isCase = (p: number) => input.cases.some((c) => c.personId === p);
  const end = (c: { timeIn: number; timeOut: number | null }) => c.timeOut ?? c.timeIn + rules.checkinDefaultMinutes * MIN;
  const ruleOf = (venueId: number) => rules.venueKinds[input.venues.find((v) => v.id === venueId)?.kind ?? 'other'] ?? rules.venueKinds.other!;
  const close = (rule: { contact: boolean; marginMinutes: number; minOverlapMinutes: number }, s: number, e: number, from: number, to: number) => {
    if (!rule.contact) return null;
    const lo = s - rule.marginMinutes * MIN;
    const hi = e + rule.marginMinutes * MIN;
    const overlap = Math.min(hi, to) - Math.max(lo, from);
    return overlap < 0 || overlap < rule.minOverlapMinutes * MIN ? null : Math.max(lo, from);
  };
  const crowd = (k: TraceInput['checkins'][number]) =>
    new Set(input.checkins.filter((j) => j.venueId === k.venueId && j.personId !== k.personId && close(ruleOf(k.venueId), k.timeIn, end(k), j.timeIn, end(j)) !== null).map((j) => j.personId)).size;
  const isolation = (p: number) => Math.min(...input.isolations.filter((i) => i.personId === p).map((i) => i.at), Infinity);

  type Path = { persons: number[]; hops: Link[]; caseId: number; from: number; to: number };
  const best = new Map<string, Path>(); // `${person}:${level}` → best path
  const stays = new Map<number, { path: Path; k: TraceInput['checkins'][number] }[]>(); // crowded stays reached
  const walk = (p: Path) => {
    const src = p.persons[p.persons.length - 1]!;
    const level = p.hops.length;
    if (level >= rules.maxDepth) return; // the deepest level passes nothing on (and needs no review)
    const hops: Array<{ target: number; link: Link }> = [];
    const allowed = (t: number) => t !== src && !isCase(t) && !p.persons.includes(t) && !input.rejections.some((r) => r.source === src && r.target === t);
    for (const h of input.households) {
      if (h.members.includes(src)) for (const m of h.members) if (allowed(m)) hops.push({ target: m, link: { kind: 'household', ref: h.id, via: src, at: p.from } });
    }
    for (const c of input.contacts) {
      const other = c.a === src ? c.b : c.b === src ? c.a : null;
      if (other !== null && allowed(other) && c.at >= p.from && c.at <= p.to) hops.push({ target: other, link: { kind: 'contact', ref: c.id, via: src, at: c.at } });
    }
    for (const k of input.checkins) {
      if (k.personId !== src) continue;
      const s = Math.max(k.timeIn, p.from);
      const e = Math.min(end(k), p.to);
      if (s > e) continue;
      if (crowd(k) > rules.fanoutThreshold && !(input.accepted ?? []).includes(k.id)) {
        stays.set(k.id, [...(stays.get(k.id) ?? []), { path: p, k }]);
        continue;
      }
      for (const j of input.checkins) {
        if (j.venueId !== k.venueId || !allowed(j.personId)) continue;
        const at = close(ruleOf(k.venueId), s, e, j.timeIn, end(j));
        if (at === null) continue;
        hops.push({ target: j.personId, link: { kind: 'venue', ref: j.id, via: src, at: Math.max(at, p.from), venueId: k.venueId, sourceFrom: s, sourceTo: e, targetFrom: j.timeIn, targetTo: end(j) } });
      }
    }
    for (const { target, link } of hops) {
      const next: Path = { persons: [...p.persons, target], hops: [...p.hops, link], caseId: p.caseId, from: link.at, to: isolation(target) };
      const key = `${target}:${level + 1}`;
      const prev = best.get(key);
      if (!prev || cmpHops(next.hops, prev.hops) < 0) best.set(key, next);
      walk(next);
    }
  };
  for (const c of input.cases) walk({ persons: [c.personId], hops: [], caseId: c.id, from: c.from, to: c.to });

  const classifications = new Map<number, { personId: number; level: number; caseId: number; link: Link }>();
  const labels = new Map<string, Path>();
  const persons = [...new Set([...best.keys()].map((k) => Number(k.split(':')[0])))];
  for (const person of persons) {
    let earliest = Infinity;
    for (let level = 1; level <= rules.maxDepth; level++) {
      const p = best.get(`${person}:${level}`);
      if (!p) continue;
      const link = p.hops[p.hops.length - 1]!;
      if (link.at >= earliest) continue;
      earliest = link.at;
      labels.set(`${person}:${level}`, p);
      if (!classifications.has(person)) classifications.set(person, { personId: person, level, caseId: p.caseId, link });
    }
  }
  // A crowded stay is reported once, for the lowest-level label that reached it (then the lowest person).
  const reviews: TraceResult['reviews'] = [];
  for (const [checkinId, reached] of stays) {
    const kept = reached.filter(({ path }) => path.hops.length === 0 || labels.get(`${path.persons[path.persons.length - 1]}:${path.hops.length}`) === path);
    if (!kept.length) continue;
    kept.sort((a, b) => a.path.hops.length - b.path.hops.length || a.path.caseId - b.path.caseId);
    const { path, k } = kept[0]!;
    reviews.push({ sourcePersonId: k.personId, caseId: path.caseId, venueId: k.venueId, checkinId, stayFrom: k.timeIn, stayTo: end(k), candidates: crowd(k) });
  }
  reviews.sort((a, b) => a.checkinId - b.checkinId);
  return { classifications, reviews };
}

const asPlain = (r: TraceResult) => ({ classifications: [...r.classifications.values()].sort((a, b) => a.personId - b.personId), reviews: r.reviews });

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
    }), { numRuns: Number(process.env.FC_RUNS ?? 400) });
  });

  it('does not depend on the order in which cases, contacts and check-ins arrive', () => {
    fc.assert(fc.property(province, fc.integer({ min: 1, max: 1_000_000 }), ({ input, rules }, seed) => {
      const reordered: TraceInput = {
        cases: shuffled(input.cases, seed), households: shuffled(input.households, seed + 1), contacts: shuffled(input.contacts, seed + 2),
        checkins: shuffled(input.checkins, seed + 3), venues: shuffled(input.venues, seed + 4), isolations: shuffled(input.isolations, seed + 5),
        rejections: shuffled(input.rejections, seed + 6), ...(input.accepted ? { accepted: shuffled(input.accepted, seed + 7) } : {}),
      };
      expect(asPlain(classify(reordered, rules))).toEqual(asPlain(classify(input, rules)));
    }), { numRuns: Number(process.env.FC_RUNS_ORDER ?? 300) });
  });

  it('keeps every chain well formed: levels step by one back to a case, no rejected link, no case classified', () => {
    fc.assert(fc.property(province, ({ input, rules }) => {
      const r = classify(input, rules);
      const cases = new Map(input.cases.map((c) => [c.personId, c]));
      for (const c of r.classifications.values()) {
        expect(cases.has(c.personId)).toBe(false);
        expect(c.level).toBeLessThanOrEqual(rules.maxDepth);
        expect(input.rejections.some((x) => x.source === c.link.via && x.target === c.personId)).toBe(false);
        const chain = chainOf(r, c.personId);
        expect(chain).toHaveLength(c.level);
        expect(cases.get(chain[0]!.link.via)?.id).toBe(c.caseId);
        chain.forEach((x, i) => {
          expect(x).toMatchObject({ level: i + 1, caseId: c.caseId });
          if (i > 0) expect(x.link.via).toBe(chain[i - 1]!.personId);
        });
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

  it('never dates an exposure before the source could pass it on (exposures along a chain go forward in time)', () => {
    const r = classify({
      ...base,
      venues: [{ id: 100, kind: 'office' }, { id: 200, kind: 'office' }],
      checkins: [
        ...base.checkins,
        { id: 33, personId: 3, venueId: 200, timeIn: t(9, 15), timeOut: t(9, 45) },
        { id: 34, personId: 6, venueId: 200, timeIn: t(8, 0), timeOut: t(8, 30) },
      ],
    }, rules);
    expect(r.classifications.get(3)).toMatchObject({ level: 1, link: { at: t(9, 10) } });
    // Person 6 left office 200 within the 60-minute margin before F1 (person 3) arrived: F2, exposed no
    // earlier than person 3 was (09:10), not at 08:15.
    expect(r.classifications.get(6)).toMatchObject({ level: 2, link: { kind: 'venue', via: 3, at: t(9, 10) } });
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
    expect(r.reviews).toEqual([{ sourcePersonId: 1, caseId: 1, venueId: 100, checkinId: 30, stayFrom: t(9, 30), stayTo: t(10, 40), candidates: 5 }]);
    expect([...r.classifications.keys()].sort()).toEqual([2]);
    // An officer reviews the stay and accepts it: everyone there is classified F1, and that stay is no longer
    // held (the F1s' own stays at the same market are, for their F2).
    const accepted = classify({ ...base, checkins: [...base.checkins, ...crowd], accepted: [30] }, rules);
    expect(accepted.reviews.map((x) => x.checkinId)).not.toContain(30);
    expect([...accepted.classifications.values()].filter((c) => c.level === 1).map((c) => c.personId).sort((a, b) => a - b)).toEqual([2, 3, 50, 51, 52, 53]);
  });
});

describe('sort keys in the database', () => {
  it('orders as bytes exactly as the engine orders keys', async () => {
    const { sortKeyBytes } = await import('./labels.ts');
    const { compareKeys } = await import('./rules.ts');
    const num = fc.integer({ min: -(2 ** 50), max: 2 ** 50 });
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.array(num, { minLength: 4 * n, maxLength: 4 * n }), fc.array(num, { minLength: 4 * n, maxLength: 4 * n }))), ([a, b]) => {
      expect(Math.sign(Buffer.compare(sortKeyBytes(a), sortKeyBytes(b)))).toBe(Math.sign(compareKeys(a, b)));
    }), { numRuns: 2000 });
  });
});
