// The commands a newcomer types, run as they would run them: `phongdich serve --demo` on the embedded database
// (what `npm start` runs after building the web app), a second process refused by the data-directory lock,
// a clean stop on SIGTERM; `phongdich migrate` and `phongdich user add` against a server given by DATABASE_URL.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../src/server/platform/db/embedded.ts';
import { withDatabase } from '../src/server/platform/db/connect.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/phongdich.js');
const baseEnv = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, PHONGDICH_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  return env;
};

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

describe('phongdich serve --demo (embedded database)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phongdich-cli-'));
  fs.chmodSync(dataDir, 0o755);
  let server: ChildProcess | null = null;
  let output = '';
  afterAll(() => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /api/health and the web app within 90 s of a first start, and prints how to log in', async () => {
    const port = await freePort();
    const t0 = Date.now();
    server = spawn(process.execPath, [BIN, 'serve', '--demo', '--port', String(port)], {
      env: { ...baseEnv(), PHONGDICH_DATA_DIR: dataDir, PHONGDICH_DEMO_PEOPLE: '300' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d) => { output += d; });
    server.stderr!.on('data', (d) => { output += d; });
    let health: { database: { kind: string } } | null = null;
    while (Date.now() - t0 < 90_000 && !health) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (r.ok) health = await r.json();
      } catch { await new Promise((r) => setTimeout(r, 250)); }
    }
    expect(health?.database.kind).toBe('embedded');
    expect(Date.now() - t0).toBeLessThan(90_000);
    const page = await fetch(`http://127.0.0.1:${port}/people`);
    expect([200, 503]).toContain(page.status); // 503 (a plain message) only when the web app was not built
    if (fs.existsSync(path.join(ROOT, 'dist/web/index.html'))) expect(await page.text()).toContain('<div id="root">');
    await expect.poll(() => output, { timeout: 5000 }).toMatch(/canbo \/ PhongDich@2021/);
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'canbo', password: 'PhongDich@2021' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const people = await (await fetch(`http://127.0.0.1:${port}/api/people?pageSize=1`, { headers: { cookie } })).json();
    expect(people.total).toBe(300);
  }, 120_000);

  it('refuses a second process on the same data directory', () => {
    const r = spawnSync(process.execPath, [BIN, 'serve', '--port', '0'], { env: { ...baseEnv(), PHONGDICH_DATA_DIR: dataDir }, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/data directory is in use by process/);
  }, 70_000);

  it('stops cleanly on SIGTERM: the database server stops and the lock is released', async () => {
    const postmaster = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(alive(postmaster)).toBe(true);
    const exited = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)));
    server!.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(alive(postmaster)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'phongdich.lock'))).toBe(false);
  }, 60_000);
});

describe('phongdich migrate and user add (DATABASE_URL)', () => {
  const dbName = `${inject('runId')}_cli`;
  const url = withDatabase(inject('adminUrl'), dbName);
  const admin = async (sqlText: string) => {
    const c = new pg.Client({ connectionString: inject('adminUrl') });
    await c.connect();
    try { await c.query(sqlText); } finally { await c.end(); }
  };
  afterAll(async () => { await admin(`drop database if exists "${dbName}" with (force)`); });

  it('migrates an empty database, then adds a commune-scoped user who can log in', async () => {
    await admin(`create database "${dbName}"`);
    const env = { ...baseEnv(), DATABASE_URL: url };
    const m = spawnSync(process.execPath, [BIN, 'migrate'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(m.status).toBe(0);
    const again = spawnSync(process.execPath, [BIN, 'migrate'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(again.stdout).not.toMatch(/applied migration/);
    const u = spawnSync(process.execPath, [BIN, 'user', 'add', '--username', 'can.bo.xa', '--password', 'mat-khau-du-dai', '--role', 'field', '--communes', '01273'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(u.status).toBe(0);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const r = await c.query('select role, area_scope, area_communes from users where username = $1', ['can.bo.xa']);
    await c.end();
    expect(r.rows[0]).toEqual({ role: 'field', area_scope: 'communes', area_communes: ['01273'] });
    const bad = spawnSync(process.execPath, [BIN, 'user', 'add', '--username', 'x', '--password', 'short', '--role', 'king'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(bad.status).toBe(1);
  }, 120_000);
});
