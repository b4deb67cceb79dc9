// Load generator for bench/run.ts, in its own thread (and event loop) so that the client's work does not sit
// on the server's event loop. Sequential calls give latency; `workers` > 1 gives throughput.
import { parentPort, workerData } from 'node:worker_threads';

const { base, cookie, urls, workers } = workerData;
const results = new Array(urls.length);
let next = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: workers }, async () => {
  while (next < urls.length) {
    const i = next++;
    const s = performance.now();
    // A request is a URL (GET) or { url, body } (POST with a JSON body).
    const req = typeof urls[i] === 'string' ? { url: urls[i] } : urls[i];
    const r = await fetch(base + req.url, req.body === undefined ? { headers: { cookie } }
      : { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(req.body) });
    const body = await r.json();
    const ms = performance.now() - s;
    results[i] = {
      ms, status: r.status, ids: Array.isArray(body.items) ? body.items.map((p) => p.id) : [], capped: Boolean(body.totalIsEstimate),
      ...(req.body === undefined ? {} : { summary: body.trace ?? body.error ?? null, f1: body.case?.f1, f2: body.case?.f2 }),
    };
  }
}));
parentPort.postMessage({ results, seconds: (performance.now() - t0) / 1000 });
