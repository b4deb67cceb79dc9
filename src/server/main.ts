// Composition root: config → database → modules → HTTP. Nothing else lives here.
import pg from 'pg';
import type { Config } from './platform/config.ts';
import type { App } from './platform/context.ts';
import { connect, serverInfo, withDatabase } from './platform/db/connect.ts';
import { startEmbedded, type EmbeddedServer } from './platform/db/embedded.ts';
import { migrate } from './platform/db/migrate.ts';
import { ensureAuditPartitions, setReadAuditDb } from './platform/audit.ts';
import { buildServer, type Http } from './platform/http/server.ts';
import { authRoutes } from './platform/auth/routes.ts';
import { adminRoutes } from './platform/admin/routes.ts';
import { purgeAudit, purgeSessions, type Purger } from './platform/retention.ts';
import { referenceRoutes, seedReference } from './modules/reference/index.ts';
import { peopleRoutes, purgePeople } from './modules/people/index.ts';
import { ensureTraces, graphRoutes, tracingRoutes } from './modules/tracing/index.ts';
import { workRoutes } from './modules/work/index.ts';
import { directiveRoutes } from './modules/directives/index.ts';
import { checkinRoutes, checkpointRoutes, declarationRoutes, purgeCheckins, purgeDeclarations, purgeReports } from './modules/intake/index.ts';

export type Log = App['log'];
export const consoleLog: Log = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
};

/** Purgers by retention kind; a module that owns personal data registers its own here. */
export const PURGERS: Record<string, Purger> = {
  person: purgePeople, audit: purgeAudit, session: purgeSessions, declaration: purgeDeclarations, citizen_report: purgeReports, checkin: purgeCheckins,
};

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const r = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (r.rowCount === 0) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}

export type Opened = { app: App; close: () => Promise<void>; embedded: EmbeddedServer | null };

/** Opens the system of record: DATABASE_URL when given, else the embedded server in the data directory. */
export async function openApp(config: Config, log: Log = consoleLog, opts: { migrate?: boolean } = {}): Promise<Opened> {
  let embedded: EmbeddedServer | null = null;
  let url = config.databaseUrl;
  if (!url) {
    log.info(`Khởi động PostgreSQL nhúng tại ${config.dataDir} / starting embedded PostgreSQL`);
    embedded = await startEmbedded({ dataDir: config.dataDir, port: config.embeddedPgPort, notice: (m) => log.info(m) });
    await ensureDatabase(embedded.url, 'phongdich');
    url = withDatabase(embedded.url, 'phongdich');
  }
  const { db, pool } = connect(url);
  const readAudit = config.readAuditCommit === 'async' ? connect(url, 4, '-c synchronous_commit=off') : null;
  if (readAudit) setReadAuditDb(db, readAudit.db);
  try {
    const info = await serverInfo(pool);
    if (info.versionNum < 150000) throw new Error(`PostgreSQL ${info.version} is too old: 15 or newer is needed`);
    const app: App = { db, pool, config, dbKind: embedded ? 'embedded' : 'external', dbVersion: info.version, now: () => new Date(), log };
    const av = await pool.query<{ autovacuum: string }>('show autovacuum');
    if (av.rows[0]?.autovacuum !== 'on') log.warn('autovacuum is off on this PostgreSQL server: statistics of the tracing tables go stale and retraces slow down (docs/operations.md)');
    if (opts.migrate !== false) {
      const applied = await migrate(pool, (m) => log.info(m));
      if (applied.length) log.info(`Đã áp dụng ${applied.length} migration / applied ${applied.length} migrations`);
      await ensureAuditPartitions(db, new Date());
      await seedReference(db, config.provinceCode);
      await ensureTraces(db, (m) => log.info(m));
    }
    return {
      app,
      embedded,
      close: async () => {
        await readAudit?.db.destroy();
        await db.destroy();
        await embedded?.stop();
      },
    };
  } catch (e) {
    await readAudit?.db.destroy().catch(() => {});
    await db.destroy().catch(() => {});
    await embedded?.stop();
    throw e;
  }
}

/** `onAreaDeclared`: what `serve` does once an epidemic area is recorded (re-screening, intake/rescreen.ts). */
export function buildHttp(app: App, opts: { onAreaDeclared?: () => void } = {}): Promise<Http> {
  return buildServer(app, [
    (http, a) => authRoutes(http, a),
    (http, a) => adminRoutes(http, a, PURGERS),
    (http, a) => referenceRoutes(http, a),
    (http, a) => peopleRoutes(http, a),
    (http, a) => tracingRoutes(http, a),
    (http, a) => graphRoutes(http, a),
    (http, a) => workRoutes(http, a),
    (http, a) => declarationRoutes(http, a, { onAreaDeclared: opts.onAreaDeclared }),
    (http, a) => checkpointRoutes(http, a),
    (http, a) => checkinRoutes(http, a),
    (http, a) => directiveRoutes(http, a),
  ]);
}
