// `phongdich serve | migrate | user add | demo seed | demo generate | import units | retention purge | directive parse | bench`
import fs from 'node:fs';
import type pg from 'pg';
import { parseArgs } from 'node:util';
import { ROLES, UserCreate } from '../contracts/auth.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { systemActor } from './platform/context.ts';
import { createUser } from './platform/auth/service.ts';
import { AppError } from './platform/errors.ts';
import { errorMessage } from '../contracts/errors.ts';
import { purge } from './platform/retention.ts';
import { ensureAuditPartitions } from './platform/audit.ts';
import { DataDirLockedError } from './platform/db/embedded.ts';
import { buildHttp, consoleLog, openApp, PURGERS } from './main.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './demo/seed.ts';
import { generateProvince, ProvinceExistsError } from './demo/province.ts';
import { importUnits, provinceCommunes } from './modules/reference/index.ts';
import { startCheckinCatchup, startRescreens } from './modules/intake/index.ts';
import { startCheckinIndex } from './modules/tracing/index.ts';
import { PERMISSIONS } from '../contracts/auth.ts';

const HELP = `Phòng Dịch — hệ thống chỉ huy phòng, chống dịch

  phongdich serve [--demo] [--port N]     chạy API và giao diện web / run the API and web UI
  phongdich migrate                       áp dụng migration / apply migrations
  phongdich user add --username U --password P --role R [--name "Tên"] [--agency CODE] [--communes 04001,04002]
  phongdich demo seed [--people N] [--seed S]
  phongdich demo generate [--people 1000000] [--days 28] [--seed 2021] [--start YYYY-MM-DD] [--outbreak 20] [--force]
                                          tỉnh tổng hợp để trình diễn và đo truy vết / synthetic province (--force: deletes people and tracing data first)
  phongdich import units FILE.csv|FILE.xlsx [--valid-from YYYY-MM-DD] [--dry-run]
  phongdich retention purge
  phongdich trace rebuild                 truy vết lại mọi ca bệnh (sau khi đổi quy định) / retrace every case (after a rule changes)
  phongdich directive parse FILE [--json]  trích xuất thông tin và nhiệm vụ của văn bản chỉ đạo / extract a directive's metadata and tasks (JSON)
  phongdich directive accuracy [--json]   độ chính xác trên bộ văn bản mẫu / parser accuracy on the test directives
  phongdich bench [--people N]            đo hiệu năng / benchmarks (needs DATABASE_URL or BENCH_DATABASE_URL)

Roles: ${ROLES.join(', ')}.  Env: DATABASE_URL (else embedded PostgreSQL in ./data), PORT (3000).`;

const SYSTEM = systemActor(Object.values(PERMISSIONS));

async function serve(args: string[]) {
  const { values } = parseArgs({ args, options: { demo: { type: 'boolean' }, port: { type: 'string' }, dev: { type: 'boolean' } } });
  const config = loadConfig({ ...process.env, ...(values.port ? { PORT: values.port } : {}) });
  const t0 = Date.now();
  const opened = await openApp(config);
  const { app } = opened;
  if (values.demo) {
    const seeded = await seedDemo(app, { people: config.demoPeople });
    if (seeded) consoleLog.info(`Đã tạo tỉnh mẫu với ${config.demoPeople} người / demo province created`);
  }
  // Declarations received before an epidemic area was declared are screened again against it.
  const rescreens = startRescreens(app);
  const http = await buildHttp(app, { onAreaDeclared: rescreens.kick });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    consoleLog.info(`${signal}: đang dừng / shutting down`);
    clearInterval(purgeTimer);
    await catchup.stop().catch(() => {});
    await rescreens.stop().catch(() => {});
    index?.close();
    await http.close().catch(() => {});
    await opened.close().catch((e) => consoleLog.error(String(e)));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Every 6 hours: next months' audit partitions and the retention purge; an advisory lock lets one process
  // of several do it.
  // Tracing learns of QR check-ins in the background (they are too many to retrace per request).
  const catchup = startCheckinCatchup(app, { maxMs: 30_000 });
  // Tracing reads check-ins from memory once this is built (SQL until then).
  const index = config.traceIndex === 'memory' ? startCheckinIndex(app) : null;
  const purgeTimer = setInterval(async () => {
    let c: pg.PoolClient | null = null;
    try {
      c = await app.pool.connect();
      const got = await c.query<{ ok: boolean }>('select pg_try_advisory_lock(74012026) as ok');
      if (got.rows[0]!.ok) {
        try {
          await ensureAuditPartitions(app.db, new Date());
          await purge(app.db, SYSTEM, PURGERS);
        } finally { await c.query('select pg_advisory_unlock(74012026)'); }
      }
    } catch (e) {
      consoleLog.error(`retention purge failed: ${(e as Error).message}`);
    } finally {
      c?.release();
    }
  }, 6 * 3600_000);
  purgeTimer.unref();
  await http.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  const hasDemo = await app.db.selectFrom('users').select('username').where('username', 'in', DEMO_USERS.map((u) => u.username)).execute();
  consoleLog.info(`\nPhòng Dịch đang chạy tại / is running at ${url}  (${((Date.now() - t0) / 1000).toFixed(1)} s, PostgreSQL ${app.dbVersion}, ${app.dbKind})`);
  if (values.demo && hasDemo.length) {
    consoleLog.info(`Đăng nhập / log in:  canbo / ${DEMO_PASSWORD}  (cán bộ CDC)   ·   admin / ${DEMO_PASSWORD}  (quản trị; lần đầu cần thiết lập ứng dụng xác thực / sets up an authenticator app at first login)`);
  }
  consoleLog.info(`API: ${url}/api/docs`);
}

async function withApp<T>(fn: (opened: Awaited<ReturnType<typeof openApp>>) => Promise<T>): Promise<T> {
  const opened = await openApp(loadConfig());
  try {
    return await fn(opened);
  } finally {
    await opened.close();
  }
}

/** `demo generate`: the synthetic province (people, households, venues, check-ins, contacts, an outbreak). */
async function demoGenerate(args: string[]) {
  const { values } = parseArgs({ args, options: {
    people: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, start: { type: 'string' },
    outbreak: { type: 'string' }, force: { type: 'boolean' },
  } });
  const int = (name: string, v: string | undefined, dflt: number) => {
    if (v === undefined) return dflt;
    if (!/^-?\d+$/.test(v)) throw new ConfigError(`--${name}: a whole number, not "${v}"`);
    return Number(v);
  };
  const opts = {
    people: int('people', values.people, 1_000_000), days: int('days', values.days, 28), seed: int('seed', values.seed, 2021),
    outbreak: int('outbreak', values.outbreak, 20), start: values.start, force: values.force ?? false,
  };
  const log = { info: (m: string) => console.error(m), warn: (m: string) => console.error(m), error: (m: string) => console.error(m) };
  const opened = await openApp(loadConfig(), log);
  try {
    const communes = (await provinceCommunes(opened.app.db, opened.app.config.provinceCode)).map((c) => ({ code: c.code, name: c.name }));
    const summary = await generateProvince(opened.app.db, { ...opts, communes, log: (m) => console.error(m) });
    console.log(JSON.stringify(summary));
  } catch (e) {
    if (e instanceof ProvinceExistsError || e instanceof RangeError) throw new ConfigError(e.message);
    throw e;
  } finally {
    await opened.close();
  }
}

async function main(argv: string[]) {
  const [cmd, sub, ...rest] = argv;
  switch (cmd) {
    case 'serve':
      return serve([sub, ...rest].filter((x): x is string => x !== undefined));
    case 'migrate':
      return withApp(async () => consoleLog.info('Cơ sở dữ liệu đã cập nhật / database is up to date'));
    case 'user': {
      if (sub !== 'add') break;
      const { values } = parseArgs({ args: rest, options: {
        username: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' },
        agency: { type: 'string' }, communes: { type: 'string' },
      } });
      const communes = values.communes ? values.communes.split(',').map((s) => s.trim()) : [];
      const input = UserCreate.parse({
        username: values.username, password: values.password, role: values.role, displayName: values.name ?? values.username,
        agencyCode: values.agency ?? null, areaScope: communes.length ? 'communes' : 'province', areaCommunes: communes,
      });
      return withApp(async ({ app }) => {
        const me = await createUser(app.db, input);
        consoleLog.info(`Đã tạo người dùng / created user ${me.username} (${me.role})`);
      });
    }
    case 'demo': {
      if (sub === 'generate') return demoGenerate(rest);
      if (sub !== 'seed') break;
      const { values } = parseArgs({ args: rest, options: { people: { type: 'string' }, seed: { type: 'string' } } });
      return withApp(async ({ app }) => {
        const people = values.people ? Number(values.people) : app.config.demoPeople;
        const done = await seedDemo(app, { people, seed: values.seed ? Number(values.seed) : undefined });
        consoleLog.info(done ? `Đã tạo tỉnh mẫu với ${people} người / demo seeded` : 'Đã có dữ liệu, bỏ qua / users exist already, nothing seeded');
      });
    }
    case 'import': {
      if (sub !== 'units') break;
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { 'valid-from': { type: 'string' }, 'dry-run': { type: 'boolean' } } });
      const file = positionals[0];
      if (!file) break;
      const content = file.toLowerCase().endsWith('.xlsx') ? fs.readFileSync(file) : fs.readFileSync(file, 'utf8');
      return withApp(async ({ app }) => {
        const report = await importUnits(app.db, SYSTEM, content, { validFrom: values['valid-from'], dryRun: values['dry-run'] });
        console.log(JSON.stringify(report, null, 2));
      });
    }
    case 'retention':
      if (sub !== 'purge') break;
      return withApp(async ({ app }) => console.log(JSON.stringify(await purge(app.db, SYSTEM, PURGERS), null, 2)));
    case 'trace': {
      if (sub !== 'rebuild') break;
      const { retrace } = await import('./modules/tracing/index.ts');
      return withApp(async ({ app }) => {
        const t = Date.now();
        const stats = await retrace(app.db, SYSTEM);
        console.log(JSON.stringify({ ...stats, ms: Date.now() - t }, null, 2));
      });
    }
    case 'directive': {
      // Pure text work: no database needed.
      const { DirectiveParseError, parseDirective, directiveAccuracyReport, formatAccuracyReport } = await import('./modules/directives/index.ts');
      if (sub === 'accuracy') {
        const report = directiveAccuracyReport();
        console.log(rest.includes('--json') ? JSON.stringify(report, null, 2) : formatAccuracyReport(report));
        return;
      }
      if (sub !== 'parse') break;
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean' } } });
      const file = positionals[0];
      if (!file) break;
      try {
        console.log(JSON.stringify(parseDirective(fs.readFileSync(file, 'utf8')), null, 2));
      } catch (e) {
        if (!(e instanceof DirectiveParseError)) throw e;
        console.error(`${e.code}: ${errorMessage(e.code, 'vi')} / ${errorMessage(e.code, 'en')}`);
        process.exitCode = 1;
      }
      return;
    }
    case 'bench': {
      const { runBench } = await import('../../bench/run.ts');
      return runBench([sub, ...rest].filter((x): x is string => x !== undefined));
    }
  }
  console.log(HELP);
  if (cmd && cmd !== 'help' && cmd !== '--help') process.exitCode = 2;
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof DataDirLockedError) console.error(e.message);
  else if (e instanceof AppError) console.error(`${e.code}: ${JSON.stringify(e.details)}`);
  else console.error(e);
  process.exit(1);
});
