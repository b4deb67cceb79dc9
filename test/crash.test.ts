// Crash test of QR check-ins: the real server runs as a child process against a test database, a load of
// concurrent check-ins hits it, and it is killed with SIGKILL in the middle. After a restart, every check-in
// that was acknowledged (HTTP 2xx received by the client) is in the database, found by its client-generated
// idempotency key; retried requests with the same keys create no duplicates (an acknowledged one answers its
// first check-in), and the tracing catch-up goes on from its cursor.
//
// The server is `phongdich serve` once main.ts registers the check-in routes and the catch-up loop; until then a
// launcher that composes the same pieces (openApp, the HTTP server with the check-in routes, the catch-up).
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../src/server/platform/db/embedded.ts';
import { withDatabase } from '../src/server/platform/db/connect.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/phongdich.js');
const wired = fs.readFileSync(path.join(ROOT, 'src/server/main.ts'), 'utf8').includes('checkinRoutes')
  && fs.readFileSync(path.join(ROOT, 'src/server/cli.ts'), 'utf8').includes('startCheckinCatchup');

const dbName = `${inject('runId')}_crash`;
const url = withDatabase(inject('adminUrl'), dbName);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'phongdich-crash-'));
let server: ChildProcess | null = null;
let port = 0;
let token = '';

async function admin(sqlText: string) {
  const c = new pg.Client({ connectionString: inject('adminUrl') });
  await c.connect();
  try { await c.query(sqlText); } finally { await c.end(); }
}

async function query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return (await c.query<T>(text, values)).rows; } finally { await c.end(); }
}

function launcher(): string[] {
  if (wired) return [BIN, 'serve', '--port', String(port)];
  const file = path.join(tmp, 'launch.mjs');
  const src = (p: string) => JSON.stringify(path.join(ROOT, p));
  fs.writeFileSync(file, `
import { loadConfig } from ${src('src/server/platform/config.ts')};
import { openApp } from ${src('src/server/main.ts')};
import { buildServer } from ${src('src/server/platform/http/server.ts')};
import { authRoutes } from ${src('src/server/platform/auth/routes.ts')};
import { checkinRoutes } from ${src('src/server/modules/intake/routes.checkins.ts')};
import { startCheckinCatchup } from ${src('src/server/modules/intake/catchup.ts')};
const config = loadConfig();
const { app } = await openApp(config);
const http = await buildServer(app, [authRoutes, checkinRoutes]);
startCheckinCatchup(app, { intervalMs: 1000 });
await http.listen({ port: config.port, host: '127.0.0.1' });
console.log('READY');
`);
  return ['--import', 'tsx', file];
}

async function start(): Promise<void> {
  server = spawn(process.execPath, launcher(), {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), PHONGDICH_LOG_LEVEL: 'warn', PHONGDICH_TRUST_PROXY: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  server.stdout!.on('data', (d) => { out += d; });
  server.stderr!.on('data', (d) => { out += d; });
  const t0 = Date.now();
  while (Date.now() - t0 < 60_000) {
    if (server.exitCode !== null) throw new Error(`server exited: ${out}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/public/venues/${token}`, { headers: { 'x-forwarded-for': '192.0.2.1' } });
      if (r.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not start: ${out}`);
}

type Sent = { key: string; phone: string; ip: string };
type Outcome = { sent: Sent; status: number | null; checkinId?: number };

async function send(s: Sent): Promise<Outcome> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/api/public/checkins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': s.ip },
      body: JSON.stringify({ venueToken: token, phone: s.phone, idempotencyKey: s.key }),
    });
    const body = await r.json().catch(() => null) as { checkinId?: number } | null;
    return { sent: s, status: r.status, checkinId: body?.checkinId };
  } catch {
    return { sent: s, status: null }; // connection reset by the kill: not acknowledged
  }
}

beforeAll(async () => {
  await admin(`create database "${dbName}" template "${inject('templateDb')}"`);
  const v = await query<{ qr_token: string }>(`insert into venues (name, kind, commune_code) values ('Chợ Xanh', 'market', '01273') returning qr_token`);
  token = v[0]!.qr_token;
  port = await freePort();
});
afterAll(async () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  await admin(`drop database if exists "${dbName}" with (force)`);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('QR check-ins survive a crash', () => {
  it('keeps every acknowledged check-in across SIGKILL, and a retry with the same key adds nothing', async () => {
    await start();
    const pool = Array.from({ length: 1000 }, (_, i) => `09${String(30_000_000 + i).padStart(8, '0')}`);
    let seq = 0;
    const next = (): Sent => {
      seq++;
      // Half the phones are regulars (linked from the cache), half first-timers (a person is created).
      const phone = seq % 2 ? pool[seq % pool.length]! : `08${String(10_000_000 + seq).padStart(8, '0')}`;
      return { key: crypto.randomUUID(), phone, ip: `10.${(seq >> 16) & 255}.${(seq >> 8) & 255}.${seq & 255}` };
    };
    const outcomes: Outcome[] = [];
    let stop = false;
    let acked = 0;
    const clients = Array.from({ length: 48 }, async () => {
      while (!stop) {
        const o = await send(next());
        outcomes.push(o);
        if (o.status !== null && o.status >= 200 && o.status < 300) acked++;
        if (o.status === null) return;
      }
    });
    const t0 = Date.now();
    while (acked < 1500 && Date.now() - t0 < 15_000) await new Promise((r) => setTimeout(r, 20));
    const killedAt = acked;
    server!.kill('SIGKILL');
    await new Promise((r) => server!.once('exit', r));
    stop = true;
    await Promise.all(clients);

    const ok = outcomes.filter((o) => o.status !== null && o.status >= 200 && o.status < 300);
    const lost = outcomes.filter((o) => o.status === null);
    // Killed in the middle: acknowledged check-ins behind, requests in flight cut off.
    expect(ok.length).toBeGreaterThanOrEqual(Math.min(killedAt, 300));
    expect(ok.length).toBeGreaterThan(200);
    expect(lost.length).toBeGreaterThan(0);

    // Every acknowledged check-in is stored, under its key, with the id the client was given.
    const keys = ok.map((o) => o.sent.key);
    const stored = await query<{ key: string; id: string }>(
      `select k.key::text as key, c.id from checkin_keys k join checkins c on c.id = k.checkin_id and c.time_in = k.time_in where k.key = any($1::uuid[])`, [keys]);
    const byKey = new Map(stored.map((r) => [r.key, Number(r.id)]));
    const missing = ok.filter((o) => byKey.get(o.sent.key) !== o.checkinId);
    expect({ acknowledged: ok.length, stored: stored.length, missing: missing.length }).toEqual({ acknowledged: ok.length, stored: ok.length, missing: 0 });

    // Restarted: retries of acknowledged check-ins answer the first one; requests cut off by the kill either
    // were committed (answered as duplicates) or go in now; no key ever has two check-ins.
    await start();
    const retryAcked = await Promise.all(ok.slice(0, 300).map((o) => send({ ...o.sent, ip: `172.16.${o.sent.ip.split('.').slice(2).join('.')}` })));
    expect(retryAcked.every((r, i) => r.status === 200 && r.checkinId === ok[i]!.checkinId)).toBe(true);
    const retryLost = await Promise.all(lost.map((o) => send({ ...o.sent, ip: `172.17.${o.sent.ip.split('.').slice(2).join('.')}` })));
    expect(retryLost.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    const [counts] = await query<{ keys: number; checkins: number; distinct_keys: number }>(
      `select (select count(*)::int from checkin_keys) as keys, (select count(*)::int from checkins where source = 'qr') as checkins,
        (select count(distinct checkin_id)::int from checkin_keys) as distinct_keys`);
    expect(counts!.checkins).toBe(counts!.keys);
    expect(counts!.distinct_keys).toBe(counts!.keys);
    console.info(`crash test: ${ok.length} acknowledged before SIGKILL, all ${stored.length} stored; ${lost.length} cut off in flight, retried: `
      + `${retryLost.filter((r) => r.status === 200).length} had been committed, ${retryLost.filter((r) => r.status === 201).length} written now; `
      + `${counts!.keys} check-ins, one per key (${wired ? 'phongdich serve' : 'launcher'})`);

    // The catch-up resumes from its cursor and reaches the last check-in.
    const t1 = Date.now();
    let behind = -1;
    while (Date.now() - t1 < 30_000) {
      const [s] = await query<{ behind: number }>(`select ((select coalesce(max(id), 0) from checkins) - last_id)::int as behind from intake_cursors where name = 'checkins'`);
      behind = s!.behind;
      if (behind === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(behind).toBe(0);
    server!.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
  }, 180_000);
});
