// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { translateChains, type ChainsKey } from '../i18n.chains.ts';
import { COLORS, detailNames, layoutPlan, nodeColor, seedPositions, stepText, type EdgeT, type NodeT } from './chains.ts';

const node = (id: number, kind: 'case' | 'contact', caseId: number, level = kind === 'case' ? 0 : 1, date = '2021-03-01T00:00:00.000Z'): NodeT =>
  ({ id, kind, level, caseId, label: String(id), communeCode: '01273', date, hidden: false });
const edge = (source: number, target: number, kind: EdgeT['kind'] = 'contact'): EdgeT => ({ source, target, kind, at: '2021-03-01T00:00:00.000Z' });

// Two cases (persons 1 and 2), 1 → 2 by transmission; 1 has F1s 10, 11 and an F2 20 under 10; 2 has F1 12;
// 30 is an F1 of case 2 whose via person is not in the graph; 40 belongs to a case not in the graph.
const nodes = [node(1, 'case', 100), node(2, 'case', 200, 0, '2021-03-03T00:00:00.000Z'), node(10, 'contact', 100), node(11, 'contact', 100),
  node(20, 'contact', 100, 2), node(12, 'contact', 200), node(30, 'contact', 200), node(40, 'contact', 999)];
const edges = [edge(1, 2, 'transmission'), edge(1, 10, 'household'), edge(1, 11), edge(10, 20, 'venue'), edge(2, 12)];
const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

describe('seedPositions', () => {
  it('places every node, finitely, the same way whatever the input order', () => {
    const a = seedPositions(nodes, edges);
    const b = seedPositions([...nodes].reverse(), [...edges].reverse());
    expect([...a.keys()].sort((x, y) => x - y)).toEqual(nodes.map((n) => n.id).sort((x, y) => x - y));
    for (const p of a.values()) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    for (const [id, p] of a) expect(b.get(id)).toEqual(p);
  });

  it('puts cases on a circle and each contact near the person who exposed them', () => {
    const p = seedPositions(nodes, edges);
    expect(dist(p.get(1)!, { x: 0, y: 0 })).toBeCloseTo(dist(p.get(2)!, { x: 0, y: 0 }), 6);
    expect(dist(p.get(1)!, p.get(2)!)).toBeGreaterThan(0);
    for (const [child, parent, other] of [[10, 1, 2], [11, 1, 2], [12, 2, 1], [20, 10, 2], [30, 2, 1]] as const) {
      expect(dist(p.get(child)!, p.get(parent)!), `${child}`).toBeLessThan(dist(p.get(child)!, p.get(other)!));
    }
    // Someone with no link in the graph goes outside the ring of cases.
    expect(dist(p.get(40)!, { x: 0, y: 0 })).toBeGreaterThan(dist(p.get(1)!, { x: 0, y: 0 }));
  });

  it('survives a cycle and a lone case', () => {
    const p = seedPositions([node(5, 'contact', 1), node(6, 'contact', 1)], [edge(5, 6), edge(6, 5)]);
    expect(p.size).toBe(2);
    expect(seedPositions([node(1, 'case', 1)], []).get(1)).toEqual({ x: 0, y: 0 });
  });
});

describe('layout plan, colours, words', () => {
  it('lays out small graphs at once and large ones in the worker for a bounded time', () => {
    expect(layoutPlan(100)).toEqual({ mode: 'sync', iterations: 150 });
    expect(layoutPlan(10_000)).toEqual({ mode: 'worker', millis: 6500 });
    expect(layoutPlan(20_000)).toEqual({ mode: 'worker', millis: 8000 });
  });

  it('colours by level, grey outside the area, red for every case', () => {
    expect(nodeColor({ kind: 'case', level: 0, hidden: true })).toBe(COLORS.case);
    expect(nodeColor({ kind: 'contact', level: 1, hidden: false })).toBe(COLORS.f1);
    expect(nodeColor({ kind: 'contact', level: 2, hidden: false })).toBe(COLORS.f2);
    expect(nodeColor({ kind: 'contact', level: 3, hidden: false })).toBe(COLORS.more);
    expect(nodeColor({ kind: 'contact', level: 1, hidden: true })).toBe(COLORS.hidden);
  });

  it('explains each link of a chain in Vietnamese, in Vietnam time, hiding names outside the area', () => {
    const t = (key: ChainsKey, params?: Record<string, string | number>) => translateChains('vi', key, params);
    const nameOf = detailNames({ person: { id: 3, fullName: 'Lê Văn C', communeCode: '01273' }, people: [{ id: 1, name: 'Nông Văn A' }, { id: 2, name: null }] }, t);
    const venueOf = (id: number) => (id === 7 ? 'Chợ Phố Cũ' : `#${id}`);
    expect(stepText({ level: 1, personId: 2, kind: 'household', via: 1, at: 0, ref: 5 }, t, nameOf, venueOf))
      .toBe('F1 người ngoài địa bàn #2: cùng hộ gia đình với Nông Văn A');
    expect(stepText({ level: 2, personId: 3, kind: 'contact', via: 2, at: Date.parse('2021-03-04T03:00:00Z'), ref: 9 }, t, nameOf, venueOf))
      .toBe('F2 Lê Văn C: tiếp xúc với người ngoài địa bàn #2 ngày 04/03/2021 10:00');
    expect(stepText({
      level: 1, personId: 3, kind: 'venue', via: 1, at: Date.parse('2021-03-04T02:00:00Z'), ref: 44, venueId: 7,
      targetFrom: Date.parse('2021-03-04T02:00:00Z'), targetTo: Date.parse('2021-03-04T03:30:00Z'),
      sourceFrom: Date.parse('2021-03-04T01:00:00Z'), sourceTo: Date.parse('2021-03-04T02:30:00Z'),
    }, t, nameOf, venueOf)).toBe('F1 Lê Văn C: cùng có mặt tại địa điểm Chợ Phố Cũ từ 04/03/2021 09:00 đến 04/03/2021 10:30, khi Nông Văn A ở đó từ 04/03/2021 08:00 đến 04/03/2021 09:30');
  });

  it('has both languages with the same placeholders for every key', async () => {
    const { vi, en } = await import('../i18n.chains.ts');
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(vi) as ChainsKey[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(holes(en[key]), key).toEqual(holes(vi[key]));
    }
  });
});
