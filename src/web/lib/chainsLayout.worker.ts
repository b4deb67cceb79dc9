// ForceAtlas2 for the chain view, in a worker. The layout's own worker supervisor hands every iteration's
// positions to the page, which then redraws 10,000 nodes each time: measured, the page got 2.6 frames a second
// while it ran (docs/benchmarks.md, graphview). This one iterates on its own and posts positions at most every
// `everyMs`, so that the page redraws a few times while the graph settles and stays free in between.
import GraphModule from 'graphology';
import forceAtlas2Module from 'graphology-layout-forceatlas2';

export type LayoutStart = { xs: Float32Array; ys: Float32Array; sources: Uint32Array; targets: Uint32Array; millis: number; everyMs: number };
export type LayoutUpdate = { positions: Float32Array; done: boolean; iterations: number };

function interop<T>(m: T): T extends { default: infer D } ? D : T {
  return ((m as { default?: unknown }).default ?? m) as never;
}
const Graph = interop(GraphModule);
const forceAtlas2 = interop(forceAtlas2Module);

const ctx = self as unknown as { onmessage: ((e: MessageEvent<LayoutStart>) => void) | null; postMessage: (m: LayoutUpdate, transfer: Transferable[]) => void };

ctx.onmessage = (e) => {
  const { xs, ys, sources, targets, millis, everyMs } = e.data;
  const g = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  for (let i = 0; i < xs.length; i++) g.addNode(i, { x: xs[i], y: ys[i] });
  for (let i = 0; i < sources.length; i++) {
    const [s, t] = [sources[i]!, targets[i]!];
    if (s !== t && !g.hasEdge(s, t)) g.addEdge(s, t);
  }
  const settings = forceAtlas2.inferSettings(g);
  const post = (done: boolean, iterations: number) => {
    const positions = new Float32Array(xs.length * 2);
    g.forEachNode((node, a) => { const i = Number(node); positions[2 * i] = a.x as number; positions[2 * i + 1] = a.y as number; });
    ctx.postMessage({ positions, done, iterations }, [positions.buffer]);
  };
  const start = performance.now();
  let last = start;
  let iterations = 0;
  while (performance.now() - start < millis) {
    forceAtlas2.assign(g, { iterations: 5, settings });
    iterations += 5;
    if (performance.now() - last >= everyMs) { post(false, iterations); last = performance.now(); }
  }
  post(true, iterations);
};
