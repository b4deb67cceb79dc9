// QR check-in benchmark (part of `npm run bench`, or alone: `node --import tsx bench/intake.ts`): through the
// HTTP API of one server process, with the load generator in worker threads of the same process (raw keep-alive
// HTTP/1.1 on node:net: the leanest client Node offers, so that the client's own cost stays small):
//  - an empty Fastify route (GET, and POST with the same JSON body as a check-in) on the same server, same
//    client: the ceiling of this machine, server and client together;
//  - check-ins at full speed (closed loop) and sustained for 60 s (paced at a target rate, latency counted from
//    the moment each request was due, so a stall shows as latency and not as a missing request);
//  - the ratio of check-ins to the empty route, the group-commit batch sizes, and the tracing catch-up's lag
//    after the load (the loop runs during the load, as it does in `serve`).
// Durable: the server's pool commits with synchronous_commit on (checked and reported).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import pg from 'pg';
import type { App } from '../src/server/platform/context.ts';
import { buildServer, type Http } from '../src/server/platform/http/server.ts';
import { checkinRoutes, checkinServiceOf } from '../src/server/modules/intake/routes.checkins.ts';
import type { CheckinService } from '../src/server/modules/intake/checkins.ts';
import { catchupStatus, startCheckinCatchup } from '../src/server/modules/intake/catchup.ts';
import { attachCheckinIndex, CheckinIndex, checkinIndexOf } from '../src/server/modules/tracing/checkinIndex.ts';
import { provinceCommunes } from '../src/server/modules/reference/index.ts';
import { VENUE_KINDS } from '../src/contracts/intake.checkins.ts';

export type Stats = { n: number; p50: number; p95: number; p99: number; mean: number; max: number };
export type LoadRun = Stats & {
  seconds: number; rps: number; ok: number; errors: number; statuses: Record<string, number>; connections: number; threads: number; targetRps: number | null;
  /** CPU seconds per second of the run: this process (server and client threads), and the PostgreSQL backends
   * serving this database (Linux, database on this machine; else null). WAL writer and checkpointer not counted. */
  cpu: { node: number; postgres: number | null };
  /** Mean time inside the server (arrival to answer); the rest of the client's latency is queueing on the way. */
  serverMeanMs: number;
};

export type IntakeBench = {
  setup: { venues: number; phonePool: number; newPhoneShare: number; checkinsBefore: number; synchronousCommit: string; cpus: number; loadAverage: number[] };
  emptyGet: LoadRun;
  emptyPost: LoadRun;
  checkinsMax: LoadRun;
  /** The same check-ins submitted in process (no HTTP), 512 at a time: what the validation-free pipeline, the
   * group commit and the database do by themselves. */
  pipelineOnly: { rps: number; seconds: number; meanBatch: number; meanFlushMs: number; cpu: { node: number; postgres: number | null } };
  checkinsSustained: LoadRun;
  ratio: { maxVsEmptyGet: number; maxVsEmptyPost: number; sustainedVsEmptyGet: number };
  batches: { batches: number; items: number; meanBatch: number; maxBatch: number; failedBatches: number; phoneLookupBatches: number; phonesLookedUp: number; meanFlushMs: number; meanQueueWaitMs: number };
  personsCreated: number;
  /** The tracing catch-up during and after the sustained run (with the in-memory check-in index, as `serve`):
   * seconds after the load until nothing was pending (null: not within 10 minutes). */
  catchup: { lagSecondsAfterLoad: number | null; pendingAtEnd: number; checkinsDuringRun: number; activeCases: number; indexBuildMs: number | null; tracedPerSecond: number };
  targets: { rps: number; p99Ms: number; ratio: number; met: boolean };
};

export type IntakeBenchOptions = {
  log?: (m: string) => void;
  seconds?: number;
  maxSeconds?: number;
  emptySeconds?: number;
  warmupSeconds?: number;
  connections?: number;
  threads?: number;
  venues?: number;
  phones?: number;
  newPhoneShare?: number;
  targetRps?: number;
  /** Check-in batches in flight at once (the group committer's slots; default 3). */
  maxInFlight?: number;
};

// The load generator, run as worker threads from source (no loader needed). Each connection sends a request,
// reads the whole answer (status line, Content-Length, body), records the latency, and sends the next: at once
// (closed loop) or when it is due (paced: `rate` requests/s over all connections of all threads).
const CLIENT = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const crypto = require('node:crypto');
const w = workerData;
const CRLF2 = Buffer.from('\r\n\r\n');
const lat = [];
const statuses = {};
let errors = 0;
let fresh = 0;
let next = 0;
const captured = [];
const capture = w.capture ? new RegExp(w.capture) : null;
const t0 = performance.now();
const end = t0 + w.durationMs;
const interval = w.rate ? (w.connections * w.threads * 1000) / w.rate : 0;

// Version-7 keys, as the public page makes them (time first: neighbouring keys, neighbouring index pages).
function uuid7() {
  const b = crypto.randomBytes(16);
  b.writeUIntBE(Date.now(), 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}

// Caller-built bodies (w.bodies, cycled through in order), with per-request values filled in: @KEY@ a fresh
// idempotency key, @SERIAL@ a 6-digit serial unique over the run's threads (w.serialBase + seq * threads +
// thread), @PHONE@ a fresh phone (this thread's prefix).
let seq = 0;
function fill(t) {
  const n = seq++;
  if (t.indexOf('@KEY@') >= 0) t = t.replace('@KEY@', uuid7());
  if (t.indexOf('@SERIAL@') >= 0) t = t.replace('@SERIAL@', String((w.serialBase + n * w.threads + w.thread) % 1000000).padStart(6, '0'));
  if (t.indexOf('@PHONE@') >= 0) t = t.replace('@PHONE@', w.newPrefix + String((w.newBase + n) % 10000000).padStart(7, '0'));
  return t;
}
// A client address per request out of w.addresses (X-Forwarded-For, for a server that trusts its proxy).
function forwarded() {
  if (!w.addresses) return '';
  const a = (Math.random() * w.addresses) | 0;
  return 'X-Forwarded-For: 10.' + ((a >> 16) & 255) + '.' + ((a >> 8) & 255) + '.' + (a & 255) + '\r\n';
}

function request() {
  if (w.mode === 'get') return 'GET /api/bench/empty HTTP/1.1\r\nHost: bench\r\n\r\n';
  if (w.bodies.length) {
    const body = fill(w.bodies[next++ % w.bodies.length]);
    return 'POST ' + (w.path || '/api/bench/echo') + ' HTTP/1.1\r\nHost: bench\r\n' + forwarded() + 'Content-Type: application/json\r\nContent-Length: ' + Buffer.byteLength(body) + '\r\n\r\n' + body;
  }
  let phone;
  if (Math.random() < w.newShare) phone = w.newPrefix + String(w.newBase + fresh++).padStart(7, '0');
  else phone = w.phones[(Math.random() * w.phones.length) | 0];
  const body = '{"venueToken":"' + w.tokens[(Math.random() * w.tokens.length) | 0] + '","phone":"' + phone + '","idempotencyKey":"' + uuid7() + '"}';
  const path = w.mode === 'post' ? '/api/bench/echo' : '/api/public/checkins';
  return 'POST ' + path + ' HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: ' + Buffer.byteLength(body) + '\r\n\r\n' + body;
}

function connection(index) {
  return new Promise((resolve) => {
    const sock = net.connect(w.port, '127.0.0.1');
    sock.setNoDelay(true);
    let buf = Buffer.alloc(0);
    let due = t0 + (interval ? (index * interval) / (w.connections) : 0);
    let sentAt = 0;
    let busy = false;
    const send = () => {
      const now = performance.now();
      if (now >= end) { sock.end(); return resolve(); }
      if (interval && now < due) { setTimeout(send, due - now); return; }
      sentAt = interval ? due : now;
      busy = true;
      sock.write(request());
    };
    sock.on('connect', send);
    sock.on('error', () => { errors++; resolve(); });
    sock.on('close', () => resolve());
    sock.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        const h = buf.indexOf(CRLF2);
        if (h < 0) return;
        const head = buf.toString('latin1', 0, h);
        const m = /content-length: *(\d+)/i.exec(head);
        const len = m ? Number(m[1]) : 0;
        if (buf.length < h + 4 + len) return;
        const status = head.slice(9, 12);
        if (capture && status[0] === '2') {
          const m = capture.exec(buf.toString('utf8', h + 4, h + 4 + len));
          if (m) captured.push(Number(m[1]));
        }
        buf = buf.subarray(h + 4 + len);
        const now = performance.now();
        if (busy) {
          lat.push(now - sentAt);
          statuses[status] = (statuses[status] || 0) + 1;
          busy = false;
          if (interval) due += interval;
          send();
        }
      }
    });
  });
}

Promise.all(Array.from({ length: w.connections }, (_, i) => connection(i))).then(() => {
  const l = Float64Array.from(lat);
  parentPort.postMessage({ lat: l, statuses, errors, seconds: (Math.min(performance.now(), end) - t0) / 1000, captured }, [l.buffer]);
});
`;

export function stats(ms: Float64Array): Stats {
  const s = Float64Array.from(ms).sort();
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  const r = (x: number) => Math.round(x * 100) / 100;
  let sum = 0;
  for (const x of s) sum += x;
  return { n: s.length, p50: r(q(0.5)), p95: r(q(0.95)), p99: r(q(0.99)), mean: r(sum / Math.max(1, s.length)), max: r(s[s.length - 1] ?? 0) };
}

export type Load = {
  mode: 'get' | 'post' | 'checkin'; seconds: number; connections: number; threads: number; rate?: number; tokens?: string[]; phones?: string[]; newShare?: number;
  /** 'post' with caller-built bodies: one list per thread (cycled through; placeholders as in CLIENT), sent to
   * `path` (default: the empty POST route). */
  bodies?: string[][];
  path?: string;
  /** First serial of @SERIAL@ in this run. */
  serialBase?: number;
  /** Send each request from one of this many client addresses (X-Forwarded-For). */
  addresses?: number;
  /** A regular expression with one numeric group, matched on the body of every 2xx answer; the numbers go to `captured`. */
  capture?: string;
  captured?: number[];
};

/** CPU ticks used so far by each of these PostgreSQL backends (from /proc: Linux, same machine). */
export function backendTicks(pids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, Number(f[11]) + Number(f[12]));
    } catch { /* gone, or not on this machine */ }
  }
  return out;
}

/** CPU seconds the backends used between two snapshots (those alive at both), or null when none was seen. */
export function backendCpu(before: Map<number, number>, after: Map<number, number>): number | null {
  let ticks = 0;
  let seen = 0;
  for (const [pid, t] of after) {
    const t0 = before.get(pid);
    if (t0 === undefined) continue;
    ticks += t - t0;
    seen++;
  }
  return seen ? ticks / 100 : null;
}

export async function load(port: number, l: Load, backends: () => Promise<number[]>): Promise<LoadRun> {
  const pids = await backends();
  serverTime.n = 0;
  serverTime.ms = 0;
  const cpu0 = process.cpuUsage();
  const pg0 = backendTicks(pids);
  const runs = await Promise.all(Array.from({ length: l.threads }, (_, t) => new Promise<{ lat: Float64Array; statuses: Record<string, number>; errors: number; seconds: number; captured: number[] }>((resolve, reject) => {
    const w = new Worker(CLIENT, {
      eval: true,
      workerData: {
        port, mode: l.mode, durationMs: l.seconds * 1000, connections: l.connections, threads: l.threads, rate: l.rate ?? 0,
        tokens: l.tokens ?? [], phones: l.phones ?? [], newShare: l.newShare ?? 0,
        thread: t, bodies: l.bodies?.[t % l.bodies.length] ?? [], path: l.path ?? null, serialBase: l.serialBase ?? 0, addresses: l.addresses ?? 0, capture: l.capture ?? null,
        // First-time phones: 07x + 7 digits, a prefix per thread and a random base per run.
        newPrefix: `07${[6, 7, 8, 9][t % 4]}`, newBase: crypto.randomInt(0, 5_000_000),
      },
    });
    w.once('message', resolve);
    w.once('error', reject);
  })));
  const all = new Float64Array(runs.reduce((a, r) => a + r.lat.length, 0));
  let at = 0;
  for (const r of runs) { all.set(r.lat, at); at += r.lat.length; }
  if (l.captured) for (const r of runs) for (const x of r.captured) l.captured.push(x);
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const seconds = Math.max(...runs.map((r) => r.seconds));
  const cpu1 = process.cpuUsage(cpu0);
  const pg1 = backendTicks(pids);
  const pgCpu = backendCpu(pg0, pg1);
  const perSecond = (x: number) => Math.round((x / seconds) * 100) / 100;
  const ok = Object.entries(statuses).filter(([k]) => k.startsWith('2')).reduce((a, [, v]) => a + v, 0);
  return {
    ...stats(all), seconds: Math.round(seconds * 10) / 10, rps: Math.round(ok / seconds), ok, errors: all.length - ok + runs.reduce((a, r) => a + r.errors, 0),
    statuses, connections: l.connections * l.threads, threads: l.threads, targetRps: l.rate ?? null,
    cpu: { node: perSecond((cpu1.user + cpu1.system) / 1e6), postgres: pgCpu === null ? null : perSecond(pgCpu) },
    serverMeanMs: Math.round((serverTime.ms / Math.max(1, serverTime.n)) * 100) / 100,
  };
}

/** Server-side time per request (Fastify's elapsed time, from the request's arrival to its answer written). */
const serverTime = { n: 0, ms: 0 };

async function pipeline(svc: CheckinService, tokens: string[], phones: string[], seconds: number, pids: number[]): Promise<IntakeBench['pipelineOnly']> {
  const before = svc.stats();
  const cpu0 = process.cpuUsage();
  const pg0 = backendTicks(pids);
  const t0 = performance.now();
  let n = 0;
  await Promise.all(Array.from({ length: 512 }, async () => {
    while (performance.now() - t0 < seconds * 1000) {
      await svc.publicCheckin({ venueToken: tokens[(Math.random() * tokens.length) | 0]!, phone: phones[(Math.random() * phones.length) | 0]!, idempotencyKey: crypto.randomUUID() }, 'bench');
      n++;
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const pg1 = backendTicks(pids);
  const pgCpu = backendCpu(pg0, pg1);
  const after = svc.stats();
  const batches = Math.max(1, after.batches - before.batches);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    rps: Math.round(n / secs), seconds: r2(secs), meanBatch: r2((after.items - before.items) / batches), meanFlushMs: r2((after.flushMs - before.flushMs) / batches),
    cpu: { node: r2((cpu.user + cpu.system) / 1e6 / secs), postgres: pgCpu === null ? null : r2(pgCpu / secs) },
  };
}

export function benchRoutes(http: Http) {
  http.addHook('onResponse', (_req, reply, done) => {
    serverTime.n++;
    serverTime.ms += reply.elapsedTime;
    done();
  });
  http.get('/api/bench/empty', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ ok: true }));
  http.post('/api/bench/echo', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ ok: true }));
}

/** Venues for the benchmark (kinds in turn, over the province's communes), created once per database. */
async function benchVenues(app: App, n: number): Promise<string[]> {
  const have = await sql<{ qr_token: string }>`select qr_token from venues where name like 'Bench venue %' and active order by id limit ${n}`.execute(app.db);
  if (have.rows.length >= n) return have.rows.map((r) => r.qr_token);
  const communes = (await provinceCommunes(app.db, app.config.provinceCode)).map((c) => c.code);
  await sql`insert into venues (name, kind, commune_code)
    select 'Bench venue ' || g, (${`{${VENUE_KINDS.join(',')}}`}::text[])[1 + g % ${VENUE_KINDS.length}::int], (${`{${communes.join(',')}}`}::text[])[1 + g % ${communes.length}::int]
    from generate_series(${have.rows.length + 1}::int, ${n}::int) g`.execute(app.db);
  return benchVenues(app, n);
}

/** Phones of registered people (a province's regulars); when the registry holds fewer, people with generated
 * phones are registered first (once per database), as a province's registry would hold them. */
async function phonePool(app: App, n: number): Promise<string[]> {
  const r = await sql<{ phone: string }>`select phone from persons where phone is not null and merged_into is null group by phone limit ${n}`.execute(app.db);
  if (r.rows.length >= n) return r.rows.map((x) => x.phone);
  const communes = (await provinceCommunes(app.db, app.config.provinceCode)).map((c) => c.code);
  await sql`insert into persons (full_name, phone, commune_code)
    select 'Người thử ' || g, '09' || lpad((40000000 + g)::text, 8, '0'), (${`{${communes.join(',')}}`}::text[])[1 + g % ${communes.length}::int]
    from generate_series(1, ${n}::int) g
    where not exists (select 1 from persons p where p.phone = '09' || lpad((40000000 + g)::text, 8, '0'))`.execute(app.db);
  await sql`analyze persons`.execute(app.db);
  return phonePool(app, n);
}

export async function intakeBench(app: App, opts: IntakeBenchOptions = {}): Promise<IntakeBench> {
  const log = opts.log ?? ((m: string) => console.error(m));
  const threads = opts.threads ?? 2;
  const connections = opts.connections ?? 256; // per thread
  const seconds = opts.seconds ?? 60;
  const target = opts.targetRps ?? 20_000;
  const newShare = opts.newPhoneShare ?? 0.02;
  const sync = (await sql<{ s: string }>`select current_setting('synchronous_commit') as s`.execute(app.db)).rows[0]!.s;
  const checkinsBefore = Number((await sql<{ n: number }>`select coalesce(max(id), 0) as n from checkins`.execute(app.db)).rows[0]!.n);
  const tokens = await benchVenues(app, opts.venues ?? 2_000);
  const phones = await phonePool(app, opts.phones ?? 200_000);
  const personsBefore = Number((await sql<{ n: number }>`select count(*)::int as n from persons`.execute(app.db)).rows[0]!.n);
  // A pool large enough for the in-flight batches, the catch-up and the person look-ups at once.
  const http = await buildServer(app, [
    (h, a) => checkinRoutes(h, a, { limits: { perAddress: { burst: 1e9, perSecond: 1e9 }, perPhone: { burst: 1e9, perSecond: 1e9 } }, maxInFlight: opts.maxInFlight }),
    benchRoutes,
  ]);
  await http.listen({ port: 0, host: '127.0.0.1' });
  const port = (http.server.address() as { port: number }).port;
  const svc = checkinServiceOf(http)!;
  const base = { connections, threads };
  const backends = async () => (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(app.db)).rows.map((r) => r.pid);
  try {
    log(`intake bench: ${tokens.length} venues, ${phones.length} phones, ${threads}×${connections} connections, synchronous_commit=${sync}`);
    const primed = await svc.prime();
    log(`warm-up (${primed} phones cached from recent check-ins) …`);
    await load(port, { ...base, mode: 'checkin', seconds: opts.warmupSeconds ?? 10, tokens, phones, newShare }, backends);
    await load(port, { ...base, mode: 'get', seconds: 3 }, backends);
    log('empty route (GET, POST) …');
    const emptyGet = await load(port, { ...base, mode: 'get', seconds: opts.emptySeconds ?? 10 }, backends);
    const emptyPost = await load(port, { ...base, mode: 'post', seconds: opts.emptySeconds ?? 10, tokens, phones, newShare }, backends);
    log(`  GET ${emptyGet.rps}/s, POST ${emptyPost.rps}/s`);
    log('check-ins, closed loop …');
    const checkinsMax = await load(port, { ...base, mode: 'checkin', seconds: opts.maxSeconds ?? 15, tokens, phones, newShare }, backends);
    log(`  ${checkinsMax.rps}/s p99 ${checkinsMax.p99} ms`);
    log('check-ins in process, without HTTP …');
    const pipelineOnly = await pipeline(svc, tokens, phones, opts.emptySeconds ?? 10, await backends());
    log(`  ${pipelineOnly.rps}/s`);
    const before = svc.stats();
    const resolverBefore = svc.resolverStats();
    const startId = Number((await sql<{ n: number }>`select coalesce(max(id), 0) as n from checkins`.execute(app.db)).rows[0]!.n);
    // The catch-up runs during the sustained load, as in `serve`; it starts from here (the earlier phases'
    // check-ins are not traced: they are the benchmark's own).
    await sql`update intake_cursors set last_id = ${startId} where name = 'checkins'`.execute(app.db);
    // Tracing reads check-ins from memory, as in `serve` (built before the load, as a running server has it).
    let index = checkinIndexOf(app.db) ?? null;
    const ownIndex = !index;
    if (!index) { index = new CheckinIndex(app.db, { log }); attachCheckinIndex(app.db, index); }
    await index.build();
    const indexBuildMs = index.stats().builtMs;
    const activeCases = Number((await sql<{ n: number }>`select count(*)::int as n from cases where status <> 'withdrawn'`.execute(app.db)).rows[0]!.n);
    const loop = startCheckinCatchup(app, { intervalMs: 5_000, maxMs: 30_000 });
    log(`check-ins sustained for ${seconds} s at ${target}/s …`);
    const tLoad = performance.now();
    let checkinsSustained: LoadRun;
    let lag: number | null = null;
    try {
      checkinsSustained = await load(port, { ...base, mode: 'checkin', seconds, rate: target, tokens, phones, newShare }, backends);
      log(`  ${checkinsSustained.rps}/s p50 ${checkinsSustained.p50} p95 ${checkinsSustained.p95} p99 ${checkinsSustained.p99} ms`);
      const tEnd = performance.now();
      for (;;) {
        await loop.runNow();
        const s = await catchupStatus(app);
        if (s.pending === 0) { lag = Math.round((performance.now() - tEnd) / 100) / 10; break; }
        if (performance.now() - tEnd > 600_000) break;
      }
    } finally {
      await loop.stop();
      if (ownIndex) { attachCheckinIndex(app.db, null); index.close(); }
    }
    const after = svc.stats();
    const resolverAfter = svc.resolverStats();
    const status = await catchupStatus(app);
    const personsAfter = Number((await sql<{ n: number }>`select count(*)::int as n from persons`.execute(app.db)).rows[0]!.n);
    const r2 = (x: number) => Math.round(x * 100) / 100;
    const batches = after.batches - before.batches;
    const result: IntakeBench = {
      setup: { venues: tokens.length, phonePool: phones.length, newPhoneShare: newShare, checkinsBefore, synchronousCommit: sync, cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => r2(x)) },
      emptyGet, emptyPost, checkinsMax, pipelineOnly, checkinsSustained,
      ratio: { maxVsEmptyGet: r2(checkinsMax.rps / emptyGet.rps), maxVsEmptyPost: r2(checkinsMax.rps / emptyPost.rps), sustainedVsEmptyGet: r2(checkinsSustained.rps / emptyGet.rps) },
      batches: { batches, items: after.items - before.items, meanBatch: r2((after.items - before.items) / Math.max(1, batches)), maxBatch: after.maxBatchSeen, failedBatches: after.failedBatches - before.failedBatches,
        phoneLookupBatches: resolverAfter.batches - resolverBefore.batches, phonesLookedUp: resolverAfter.items - resolverBefore.items,
        meanFlushMs: r2((after.flushMs - before.flushMs) / Math.max(1, batches)), meanQueueWaitMs: r2((after.waitMs - before.waitMs) / Math.max(1, after.items - before.items)) },
      personsCreated: personsAfter - personsBefore,
      catchup: {
        lagSecondsAfterLoad: lag, pendingAtEnd: status.pending, checkinsDuringRun: status.latestCheckinId - startId, activeCases, indexBuildMs,
        // Check-ins traced per second from the start of the load to the end of the wait (caught up or not).
        tracedPerSecond: Math.round((status.latestCheckinId - startId - status.pending) / Math.max(1, (performance.now() - tLoad) / 1000)),
      },
      targets: { rps: 20_000, p99Ms: 50, ratio: 0.6, met: checkinsSustained.rps >= 20_000 && checkinsSustained.p99 <= 50 && checkinsMax.rps / emptyGet.rps >= 0.6 },
    };
    return result;
  } finally {
    await http.close();
  }
}

/** The app on the database phongdich_bench_intake of BENCH_DATABASE_URL / DATABASE_URL (created and migrated
 * there when absent): for running the intake benchmarks alone. */
export async function standaloneIntakeApp() {
  const { loadConfig } = await import('../src/server/platform/config.ts');
  const { withDatabase } = await import('../src/server/platform/db/connect.ts');
  const { openApp } = await import('../src/server/main.ts');
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  if ((await admin.query(`select 1 from pg_database where datname = 'phongdich_bench_intake'`)).rowCount === 0) await admin.query('create database phongdich_bench_intake');
  await admin.end();
  const log = { info: (m: string) => console.error(m), warn: (m: string) => console.error(m), error: (m: string) => console.error(m) };
  return openApp(loadConfig({ ...process.env, DATABASE_URL: withDatabase(serverUrl, 'phongdich_bench_intake'), PHONGDICH_LOG_LEVEL: 'silent' }), log);
}

// Alone: `node --import tsx bench/intake.ts [seconds] [targetRps]`.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { app, close } = await standaloneIntakeApp();
  try {
    const [secs, rate] = process.argv.slice(2).map(Number);
    console.log(JSON.stringify(await intakeBench(app, { seconds: secs || 60, targetRps: rate || 20_000 }), null, 2));
  } finally {
    await close();
  }
}
