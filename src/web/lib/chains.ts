// Pure helpers of the transmission-chains page: where nodes start before the force layout (deterministic, so
// that the same cluster always looks the same), how long the layout runs, colours and sizes by level, and the
// provenance chain in words.
import type { z } from 'zod';
import type { ChainStep } from '../../contracts/tracing.ts';
import type { ClusterSummary, Graph, GraphEdge, GraphNode, NodeDetail } from '../../contracts/tracingGraph.ts';
import type { ChainsT } from '../i18n.chains.ts';
import { formatDateTimeMinutes } from './format.ts';

export type GraphT = z.infer<typeof Graph>;
export type NodeT = z.infer<typeof GraphNode>;
export type EdgeT = z.infer<typeof GraphEdge>;
export type ClusterT = z.infer<typeof ClusterSummary>;
export type NodeDetailT = z.infer<typeof NodeDetail>;
export type Step = z.infer<typeof ChainStep>;
export type Point = { x: number; y: number };

export const COLORS = {
  case: '#c92a2a',
  f1: '#fd7e14',
  f2: '#f0b400',
  more: '#74b816',
  hidden: '#adb5bd',
} as const;

/** Transmissions stand out; the links to contacts stay light, there are thousands of them. */
export const EDGE_COLORS: Record<EdgeT['kind'], string> = {
  transmission: '#c92a2a',
  household: '#74c0fc',
  contact: '#ced4da',
  venue: '#d0bfff',
};

/** F0 red, F1 orange, F2 yellow, further levels green; a contact outside the reader's area grey (a case keeps
 * its red: its code is shown to everyone). */
export function nodeColor(n: Pick<NodeT, 'kind' | 'level' | 'hidden'>): string {
  if (n.kind === 'case') return COLORS.case;
  if (n.hidden) return COLORS.hidden;
  return n.level === 1 ? COLORS.f1 : n.level === 2 ? COLORS.f2 : COLORS.more;
}

/** Cases large, F1 medium, the rest small; contacts shrink a little on very large graphs. */
export function nodeSize(n: Pick<NodeT, 'kind' | 'level'>, order: number): number {
  if (n.kind === 'case') return 10;
  const scale = order > 5000 ? 0.7 : 1;
  return (n.level === 1 ? 5 : 3) * scale;
}

const UNIT = 10;

/**
 * Starting positions: cases on a circle (in order of confirmation), each sized by the people under it; every
 * contact on a ring around the person who exposed them (or around their case when that person is not in the
 * graph), its subtree fanning outwards. People hanging from nobody in the graph go on an outer ring. The same
 * graph gives the same positions whatever the order of its nodes and edges.
 */
export function seedPositions(
  nodes: ReadonlyArray<Pick<NodeT, 'id' | 'kind' | 'caseId' | 'date'>>,
  edges: ReadonlyArray<Pick<EdgeT, 'source' | 'target'>>,
): Map<number, Point> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const cases = nodes.filter((n) => n.kind === 'case').sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id);
  const personOfCase = new Map(cases.map((c) => [c.caseId, c.id]));
  const parent = new Map<number, number>();
  for (const e of [...edges].sort((a, b) => a.target - b.target || a.source - b.source)) {
    const target = byId.get(e.target);
    if (!target || target.kind === 'case' || !byId.has(e.source) || parent.has(e.target)) continue;
    parent.set(e.target, e.source);
  }
  for (const n of nodes) {
    const home = personOfCase.get(n.caseId);
    if (n.kind === 'contact' && !parent.has(n.id) && home !== undefined) parent.set(n.id, home);
  }
  // A cycle cannot come from the server (one incoming link per person), but would loop forever here: cut it.
  for (const id of [...parent.keys()].sort((a, b) => a - b)) {
    const seen = new Set([id]);
    for (let p = parent.get(id); p !== undefined; p = parent.get(p)) {
      if (seen.has(p)) { parent.delete(id); break; }
      seen.add(p);
    }
  }
  const children = new Map<number, number[]>();
  for (const [child, p] of parent) children.set(p, [...(children.get(p) ?? []), child]);
  for (const list of children.values()) list.sort((a, b) => a - b);

  const weight = new Map<number, number>();
  const weightOf = (root: number): number => {
    // Post-order without recursion: subtrees can be thousands deep in theory.
    const stack: Array<[number, boolean]> = [[root, false]];
    while (stack.length) {
      const [id, done] = stack.pop()!;
      if (weight.has(id)) continue;
      const kids = children.get(id) ?? [];
      if (done || kids.length === 0) {
        weight.set(id, 1 + kids.reduce((s, k) => s + (weight.get(k) ?? 0), 0));
        continue;
      }
      stack.push([id, true]);
      for (const k of kids) stack.push([k, false]);
    }
    return weight.get(root)!;
  };
  const extent = (id: number) => UNIT * Math.sqrt(weightOf(id));

  const out = new Map<number, Point>();
  const place = (root: number, at: Point, outward: number) => {
    out.set(root, at);
    const queue: Array<{ id: number; at: Point; outward: number }> = [{ id: root, at, outward }];
    for (let i = 0; i < queue.length; i++) {
      const { id, at: p, outward: dir } = queue[i]!;
      const kids = children.get(id) ?? [];
      if (!kids.length) continue;
      const total = kids.reduce((s, k) => s + weightOf(k), 0);
      const radius = extent(id) * 0.6;
      let acc = 0;
      for (const k of kids) {
        const w = weightOf(k);
        const angle = dir + Math.PI + (2 * Math.PI * (acc + w / 2)) / total;
        acc += w;
        const q = { x: p.x + radius * Math.cos(angle), y: p.y + radius * Math.sin(angle) };
        out.set(k, q);
        queue.push({ id: k, at: q, outward: angle + Math.PI });
      }
    }
  };

  const extents = cases.map((c) => extent(c.id));
  const circumference = extents.reduce((s, e) => s + 2 * e, 0);
  const ringRadius = cases.length > 1 ? circumference / (2 * Math.PI) : 0;
  let acc = 0;
  cases.forEach((c, i) => {
    const angle = (2 * Math.PI * (acc + extents[i]!)) / (circumference || 1);
    acc += 2 * extents[i]!;
    place(c.id, ringRadius ? { x: ringRadius * Math.cos(angle), y: ringRadius * Math.sin(angle) } : { x: 0, y: 0 }, angle);
  });

  const loose = nodes.filter((n) => !out.has(n.id) && !parent.has(n.id)).sort((a, b) => a.id - b.id);
  const outer = ringRadius + 2 * Math.max(UNIT, ...extents) + UNIT;
  loose.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / loose.length;
    place(n.id, { x: outer * Math.cos(angle), y: outer * Math.sin(angle) }, angle);
  });
  return out;
}

/** A small graph is laid out at once, a fixed number of iterations (the same picture every time); a large one
 * in the layout's web worker for a bounded time, so that the page stays responsive. */
export function layoutPlan(order: number): { mode: 'sync'; iterations: number } | { mode: 'worker'; millis: number } {
  if (order <= 600) return { mode: 'sync', iterations: 150 };
  return { mode: 'worker', millis: Math.min(8000, 1500 + order / 2) };
}

export type NameOf = (personId: number) => string;

/** Names from a node's detail: the person, and the people on the chains (outside the area: a neutral label). */
export function detailNames(d: Pick<NodeDetailT, 'person' | 'people'>, t: ChainsT): NameOf {
  const names = new Map<number, string | null>(d.people.map((p) => [p.id, p.name]));
  names.set(d.person.id, d.person.fullName);
  return (id) => names.get(id) ?? t('chains.panel.outsideName', { id });
}

/** One link of a provenance chain, in words: who was reached, how, from whom, when and where. */
export function stepText(step: Step, t: ChainsT, nameOf: NameOf, venueOf: (id: number) => string): string {
  const base = { level: `F${step.level}`, person: nameOf(step.personId), via: nameOf(step.via) };
  switch (step.kind) {
    case 'household':
      return t('chains.why.household', base);
    case 'contact':
      return t('chains.why.contact', { ...base, time: formatDateTimeMinutes(step.at) });
    case 'venue': {
      const venueId = step.venueId ?? step.ref;
      return t('chains.why.venue', {
        ...base,
        venue: venueId === null ? '?' : venueOf(venueId),
        from: formatDateTimeMinutes(step.targetFrom ?? step.at),
        to: formatDateTimeMinutes(step.targetTo) || '?',
        sourceFrom: formatDateTimeMinutes(step.sourceFrom) || '?',
        sourceTo: formatDateTimeMinutes(step.sourceTo) || '?',
      });
    }
  }
}
