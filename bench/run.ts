// `npm run bench`: people search on N synthetic persons (default 1,000,000) in a PostgreSQL server
// (BENCH_DATABASE_URL, else DATABASE_URL, else the machine's server at 127.0.0.1:5432), through the HTTP API.
// Writes bench/results/<time>.json and the table in docs/benchmarks.md. Ratios are against a baseline measured
// in the same run: the cheapest authenticated API call (GET /api/auth/me: session lookup + one query).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../src/server/platform/config.ts';
import { connect, withDatabase } from '../src/server/platform/db/connect.ts';
import { createUser } from '../src/server/platform/auth/service.ts';
import { buildHttp, openApp } from '../src/server/main.ts';
import { insertSynthetic } from '../src/server/demo/people.ts';
import { provinceCommunes } from '../src/server/modules/reference/index.ts';
import { foldVietnamese } from '../src/contracts/identity.ts';
import { tracingBench, type TracingBench } from './tracing.ts';
import { intakeBench, type IntakeBench } from './intake.ts';
import { declarationsBench, type DeclarationsBench } from './declarations.ts';
import { graphviewBench, type GraphviewBench } from './graphview.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_USER = 'bench';
const BENCH_PASSWORD = 'bench-password-1';

type Stats = { n: number; p50: number; p95: number; p99: number; mean: number; max: number };

function stats(ms: number[]): Stats {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  const round = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: round(q(0.5)), p95: round(q(0.95)), p99: round(q(0.99)), mean: round(s.reduce((a, b) => a + b, 0) / s.length), max: round(s[s.length - 1]!) };
}

type Call = { ms: number; status: number; ids: number[]; capped: boolean; summary?: { cases?: number; changed?: number; timings?: Record<string, number> } | null; f1?: number; f2?: number };
type PeopleRuns = { baseline: Stats & { name: string }; cases: Record<string, Stats & { ratioP95: number; targetP95: number; misses?: number }>; throughput_name_search_8_clients: { rps: number; p95: number } };

function runClient(base: string, cookie: string, urls: Array<string | { url: string; body: unknown }>, workers: number): Promise<{ results: Call[]; seconds: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./http-client.mjs', import.meta.url), { workerData: { base, cookie, urls, workers } });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

/** Sequential calls from the client thread; `expect[i]` is the person that call i should find on page one. */
async function timeCalls(base: string, cookie: string, urls: string[], expect?: number[]): Promise<{ stats: Stats; misses: number }> {
  const { results } = await runClient(base, cookie, urls, 1);
  const misses = results.filter((r, i) => r.status !== 200 || (expect && !r.ids.includes(expect[i]!) && !r.capped)).length;
  return { stats: stats(results.map((r) => r.ms)), misses };
}

async function concurrent(base: string, cookie: string, urls: string[], workers: number): Promise<{ rps: number; p95: number }> {
  const { results, seconds } = await runClient(base, cookie, urls, workers);
  return { rps: Math.round(urls.length / seconds), p95: stats(results.map((r) => r.ms)).p95 };
}

export async function runBench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { people: { type: 'string' }, samples: { type: 'string' }, only: { type: 'string' } } });
  const only = values.only as 'people' | 'tracing' | 'intake' | 'declarations' | 'graphview' | undefined;
  const people = Number(values.people ?? 1_000_000);
  const samples = Number(values.samples ?? 1000);
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `phongdich_bench_${people}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  if ((await admin.query('select 1 from pg_database where datname = $1', [dbName])).rowCount === 0) await admin.query(`create database "${dbName}"`);
  await admin.end();

  const config = loadConfig({ ...process.env, DATABASE_URL: withDatabase(serverUrl, dbName), PHONGDICH_LOG_LEVEL: 'silent', PORT: '0' });
  const log = { info: (m: string) => console.error(m), warn: (m: string) => console.error(m), error: (m: string) => console.error(m) };
  const { app, close } = await openApp(config, log);
  try {
    const have = Number((await sql<{ n: number }>`select count(*)::int as n from persons`.execute(app.db)).rows[0]!.n);
    if (have < people) {
      const communes = (await provinceCommunes(app.db, config.provinceCode)).map((c) => c.code);
      const t0 = Date.now();
      console.error(`generating ${people - have} synthetic people (have ${have}) …`);
      await insertSynthetic(app.db, {
        seed: 2021, from: have, to: people, communes, batch: 10_000,
        onBatch: (d) => { if (d % 100_000 === 0) console.error(`  ${have + d} (${Math.round((Date.now() - t0) / 1000)} s)`); },
      });
      await sql`vacuum analyze persons`.execute(app.db);
      console.error(`generated in ${Math.round((Date.now() - t0) / 1000)} s`);
    }
    if (!(await app.db.selectFrom('users').select('id').where('username', '=', BENCH_USER).executeTakeFirst())) {
      await createUser(app.db, { username: BENCH_USER, displayName: 'Benchmark', password: BENCH_PASSWORD, role: 'health', areaScope: 'province', areaCommunes: [] });
    }
    const http = await buildHttp(app);
    await http.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(http.server.address() as { port: number }).port}`;
    try {
      const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: BENCH_USER, password: BENCH_PASSWORD }) });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

      let peopleRuns: PeopleRuns | null = null;
      if (only === undefined || only === 'people') {
        // Targets: random persons (fixed seed), asked for as an officer would type them.
        const sample = await sql<{ id: number; full_name: string; id_number: string | null; phone: string | null }>`
          select id, full_name, id_number, phone from persons tablesample bernoulli (1) repeatable (42)
          where merged_into is null order by id limit ${samples}`.execute(app.db);
        const rows = sample.rows;
        const folded = rows.map((r) => foldVietnamese(r.full_name));
        const withId = rows.filter((r) => r.id_number);
        const withPhone = rows.filter((r) => r.phone);
        const q = (s: string) => `/api/people?q=${encodeURIComponent(s)}&pageSize=20`;

        // Warm-up: the first calls load indexes into the cache; they are not measured.
        await timeCalls(base, cookie, folded.slice(0, 50).map(q));

        const baseline = await timeCalls(base, cookie, rows.map(() => '/api/auth/me'));
        const nameFull = await timeCalls(base, cookie, folded.map(q), rows.map((r) => r.id));
        const namePartial = await timeCalls(base, cookie, folded.map((f) => { const w = f.split(' '); return q(`${w[0]} ${w[w.length - 1]}`); }));
        const nameDiacritics = await timeCalls(base, cookie, rows.map((r) => q(r.full_name)), rows.map((r) => r.id));
        const byId = await timeCalls(base, cookie, withId.map((r) => q(r.id_number!)), withId.map((r) => r.id));
        const byPhone = await timeCalls(base, cookie, withPhone.map((r) => q(r.phone!)), withPhone.map((r) => r.id));
        const load = await concurrent(base, cookie, [...folded, ...folded].map(q), 8);

        // The same lookups with every read-audit row committed synchronously (PHONGDICH_READ_AUDIT_COMMIT=sync).
        const strictConn = connect(withDatabase(serverUrl, dbName), 4);
        const strictHttp = await buildHttp({ ...app, db: strictConn.db, pool: strictConn.pool });
        await strictHttp.listen({ port: 0, host: '127.0.0.1' });
        const strictBase = `http://127.0.0.1:${(strictHttp.server.address() as { port: number }).port}`;
        let strictId: Awaited<ReturnType<typeof timeCalls>>;
        let strictPhone: Awaited<ReturnType<typeof timeCalls>>;
        try {
          await timeCalls(strictBase, cookie, withId.slice(0, 30).map((r) => q(r.id_number!)));
          strictId = await timeCalls(strictBase, cookie, withId.map((r) => q(r.id_number!)), withId.map((r) => r.id));
          strictPhone = await timeCalls(strictBase, cookie, withPhone.map((r) => q(r.phone!)), withPhone.map((r) => r.id));
        } finally {
          await strictHttp.close();
          await strictConn.db.destroy();
        }
        peopleRuns = {
          baseline: { name: 'GET /api/auth/me', ...baseline.stats },
          cases: {
            name_full_no_diacritics: { ...nameFull.stats, misses: nameFull.misses, ratioP95: +(nameFull.stats.p95 / baseline.stats.p95).toFixed(2), targetP95: 50 },
            name_with_diacritics: { ...nameDiacritics.stats, misses: nameDiacritics.misses, ratioP95: +(nameDiacritics.stats.p95 / baseline.stats.p95).toFixed(2), targetP95: 50 },
            name_family_and_given: { ...namePartial.stats, ratioP95: +(namePartial.stats.p95 / baseline.stats.p95).toFixed(2), targetP95: 50 },
            id_number: { ...byId.stats, misses: byId.misses, ratioP95: +(byId.stats.p95 / baseline.stats.p95).toFixed(2), targetP95: 5 },
            phone: { ...byPhone.stats, misses: byPhone.misses, ratioP95: +(byPhone.stats.p95 / baseline.stats.p95).toFixed(2), targetP95: 5 },
            id_number_sync_read_audit: { ...strictId.stats, misses: strictId.misses, ratioP95: +(strictId.stats.p95 / baseline.stats.p95).toFixed(2), targetP95: 5 },
            phone_sync_read_audit: { ...strictPhone.stats, misses: strictPhone.misses, ratioP95: +(strictPhone.stats.p95 / baseline.stats.p95).toFixed(2), targetP95: 5 },
          },
          throughput_name_search_8_clients: load,
        };
      }
      let tracing: TracingBench | null = null;
      if (only === undefined || only === 'tracing') {
        const baseline = (await timeCalls(base, cookie, Array.from({ length: 300 }, () => '/api/auth/me'))).stats;
        tracing = await tracingBench(app, (reqs, w) => runClient(base, cookie, reqs, w), stats, (m) => console.error(m), people);
        Object.assign(tracing, { baseline: { name: 'GET /api/auth/me', ...baseline } });
      }
      // Check-in ingestion through HTTP (its own server on this app; see bench/intake.ts).
      const intake = only === undefined || only === 'intake' ? await intakeBench(app, { log: (m) => console.error(m) }) : null;
      // Health declarations through HTTP (its own server on this app; see bench/declarations.ts).
      const declarations = only === undefined || only === 'intake' || only === 'declarations' ? await declarationsBench(app, { log: (m) => console.error(m) }) : null;
      // The transmission-chain view in Chromium (bench/graphview.ts).
      const graphview = only === undefined || only === 'graphview'
        ? await graphviewBench(app, base, { username: BENCH_USER, password: BENCH_PASSWORD }, (m) => console.error(m)) : null;
      const result = {
        at: new Date().toISOString(),
        machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
        database: { version: app.dbVersion, people: Number((await sql<{ n: number }>`select count(*)::int as n from persons`.execute(app.db)).rows[0]!.n) },
        people: peopleRuns,
        tracing,
        intake,
        declarations,
        graphview,
      };
      const out = JSON.stringify(result, null, 2);
      console.log(out);
      fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
      fs.writeFileSync(path.join(ROOT, 'bench/results', `${result.at.replace(/[:.]/g, '-')}.json`), out + '\n');
      writeMarkdown(result);
    } finally {
      await http.close();
    }
  } finally {
    await close();
  }
}

/** Replaces the generated part of docs/benchmarks.md between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`
 * (appended when absent); the hand-written text around it stays. */
function writeSection(name: string, lines: string[]) {
  const file = path.join(ROOT, 'docs/benchmarks.md');
  const doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const block = [open, ...lines, close].join('\n');
  const a = doc.indexOf(open);
  const b = doc.indexOf(close);
  fs.writeFileSync(file, a >= 0 && b > a ? doc.slice(0, a) + block + doc.slice(b + close.length) : `${doc.trimEnd()}\n\n${block}\n`);
}

type Result = { at: string; machine: { cpus: number; model: string; memGiB: number; node: string }; database: { version: string; people: number }; people: PeopleRuns | null; tracing: (TracingBench & { baseline?: Stats & { name: string } }) | null; intake: IntakeBench | null; declarations: DeclarationsBench | null; graphview: GraphviewBench | null };

function writeMarkdown(r: Result) {
  const run = `Last run: ${r.at} · ${r.machine.cpus} cores (${r.machine.model}), ${r.machine.memGiB} GiB · Node ${r.machine.node} · PostgreSQL ${r.database.version} · ${r.database.people.toLocaleString('en')} persons`;
  if (r.people) {
    const p = r.people;
    writeSection('people', [
      run,
      '',
      '| case | n | p50 ms | p95 ms | p99 ms | target p95 | ratio p95 / baseline | misses |',
      '|---|---|---|---|---|---|---|---|',
      `| baseline: ${p.baseline.name} | ${p.baseline.n} | ${p.baseline.p50} | ${p.baseline.p95} | ${p.baseline.p99} | – | 1 | – |`,
      ...Object.entries(p.cases).map(([k, c]) => `| ${k.replace(/_/g, ' ')} | ${c.n} | ${c.p50} | ${c.p95} | ${c.p99} | ≤ ${c.targetP95} | ${c.ratioP95} | ${c.misses ?? '–'} |`),
      '',
      `Name search with 8 concurrent clients: ${p.throughput_name_search_8_clients.rps} requests/s, p95 ${p.throughput_name_search_8_clients.p95} ms.`,
    ]);
  }
  if (r.intake) {
    const i = r.intake;
    const line = (name: string, x: { rps: number; p50: number; p95: number; p99: number }) => `| ${name} | ${x.rps} | ${x.p50} | ${x.p95} | ${x.p99} |`;
    writeSection('intake', [
      run,
      '',
      '| run (HTTP, same client) | requests/s | p50 ms | p95 ms | p99 ms |',
      '|---|---|---|---|---|',
      line('empty GET route (baseline)', i.emptyGet),
      line('empty POST route', i.emptyPost),
      line('check-ins, as fast as possible', i.checkinsMax),
      line(`check-ins sustained (offered ${i.targets.rps}/s)`, i.checkinsSustained),
      '',
      `Ratio check-ins / empty GET: ${i.ratio.maxVsEmptyGet} (target ≥ ${i.targets.ratio}), / empty POST: ${i.ratio.maxVsEmptyPost}; in process without HTTP: ${i.pipelineOnly.rps}/s. Group commit: mean batch ${i.batches.meanBatch}, flush ${i.batches.meanFlushMs} ms, ${i.batches.failedBatches} failed batches. Targets met: ${i.targets.met ? 'yes' : 'no'}.`,
      `Tracing catch-up (${i.catchup.activeCases.toLocaleString('en')} active cases, check-ins from the in-memory index): ${i.catchup.checkinsDuringRun.toLocaleString('en')} check-ins in the sustained run, ${i.catchup.lagSecondsAfterLoad === null ? `not caught up 10 minutes after the load (${i.catchup.pendingAtEnd.toLocaleString('en')} pending)` : `caught up ${i.catchup.lagSecondsAfterLoad} s after the load`}; ${i.catchup.tracedPerSecond?.toLocaleString('en') ?? '–'} check-ins traced per second from the start of the load.`,
    ]);
  }
  if (r.graphview) {
    const g = r.graphview;
    writeSection('graphview', 'skipped' in g ? [`Last run: ${r.at}: skipped (${g.skipped}).`] : [
      run,
      '',
      `Chromium (Debian, headless, WebGL on SwiftShader: no GPU), 1400×900; a cluster of ${g.nodes.toLocaleString('en')} people and ${g.edges.toLocaleString('en')} links written for the run.`,
      '',
      '| | animation frames | interval p50 ms | p95 ms | max ms | tasks over 50 ms (total ms) |',
      '|---|---|---|---|---|---|',
      `| baseline: the page with no graph open, ${g.sampleMs / 1000} s | ${g.baseline.frames} | ${g.baseline.p50} | ${g.baseline.p95} | ${g.baseline.max} | ${g.baseline.longTasks} (${g.baseline.longTaskMs}) |`,
      `| 10,000 nodes while ForceAtlas2 arranges them, ${g.sampleMs / 1000} s | ${g.during.frames} | ${g.during.p50} | ${g.during.p95} | ${g.during.max} | ${g.during.longTasks} (${g.during.longTaskMs}) |`,
      '',
      `Opening the page to the graph drawn: ${g.drawnMs} ms; a click on the case to its panel while the layout runs: ${g.panelMs} ms (the panel's request alone: ${g.panelApiMs} ms). Frame interval p95 / baseline p95: ${g.ratioP95}. Target p95 ≤ ${g.target.p95FrameMs} ms while arranging: ${g.target.met ? 'met' : 'not met'}.`,
    ]);
  }
  if (r.declarations) {
    const d = r.declarations;
    const w = d.written;
    const pd = d.perDeclaration;
    const line = (name: string, x: { rps: number; p50: number; p95: number; p99: number; connections: number; errors: number }) => `| ${name} | ${x.connections} | ${x.rps} | ${x.p50} | ${x.p95} | ${x.p99} | ${x.errors} |`;
    const pct = (x: number) => `${Math.round(x * 100)} %`;
    writeSection('declarations', [
      run,
      '',
      `POST /api/public/declarations, closed loop for ${d.declarationsMax.seconds} s, synchronous_commit=${d.setup.synchronousCommit}, ${d.setup.clientAddresses ? `${d.setup.clientAddresses.toLocaleString('en')} client addresses` : 'one client address'}, application pool of ${d.setup.poolMax ?? '?'} connections.`,
      `Mix sent: ${pct(d.setup.mix.existing)} registered declarants (matched by CCCD), the rest new; ${pct(d.setup.mix.domestic)} domestic, ${pct(d.setup.mix.entry)} entry; ${pct(d.setup.mix.flaggedTravel)} through ${d.setup.area.name} (epidemic area), ${pct(d.setup.mix.flaggedSymptom)} with symptoms.`,
      '',
      '| run (HTTP, same client, same bodies) | connections | requests/s | p50 ms | p95 ms | p99 ms | errors |',
      '|---|---|---|---|---|---|---|',
      line('empty POST route (baseline)', d.emptyPost),
      line('declarations, as fast as possible', d.declarationsMax),
      '',
      `Ratio declarations / empty POST: ${d.ratio.vsEmptyPost}. CPU per second: node ${d.declarationsMax.cpu.node}, PostgreSQL backends ${d.declarationsMax.cpu.postgres ?? '–'}; per declaration ${pd.nodeCpuMs} ms node, ${pd.postgresCpuMs ?? '–'} ms PostgreSQL, ${pd.roundTrips} statements (round trips), ${pd.transactions} transactions of which ${pd.syncCommits} durable commits and ${pd.asyncCommits} asynchronous (read audit).`,
      `Written during the run: ${w.declarations.toLocaleString('en')} declarations (${w.byOutcome.flagged ?? 0} flagged), ${w.flags.toLocaleString('en')} flags, ${w.workItems.toLocaleString('en')} work items, ${w.personsCreated.toLocaleString('en')} persons registered; ${w.acknowledged.toLocaleString('en')} answered 201, ${w.stored.toLocaleString('en')} of their receipts found in the table (${w.allAcknowledgedStored ? 'all' : `${w.missing} missing`}).`,
      `Target ≥ ${d.targets.rps.toLocaleString('en')} declarations/s, durable: ${d.targets.met ? 'met' : 'not met'} (${d.declarationsMax.rps}/s).`,
    ]);
  }
  if (r.tracing) {
    const t = r.tracing;
    const pv = t.province;
    const row = (name: string, s: TracingBench['newCaseRandom']) =>
      `| ${name} | ${s.n} | ${s.p50} | ${s.p95} | ${s.p99} | ≤ 50 | ${t.baseline ? +(s.p95 / t.baseline.p95).toFixed(1) : '–'} | ${s.meanF1} / ${s.meanF2} | ${s.retracedCasesMean} | ${s.load.p50} / ${s.load.p95} | ${Math.round(s.fromIndex * 100)} % | ${s.errors} |`;
    writeSection('tracing', [
      run,
      '',
      `Province: ${pv.persons.toLocaleString('en')} persons, ${pv.households.toLocaleString('en')} households, ${pv.checkins.toLocaleString('en')} check-ins, ${pv.contacts.toLocaleString('en')} contacts, ${pv.seededCases} seeded cases${pv.generatedSeconds ? ` (generated in this run: ${pv.generatedSeconds} s)` : ''}.`,
      '',
      `Full retrace of the seeded outbreak: ${t.fullRetrace.ms} ms (${t.fullRetrace.cases} cases, ${t.fullRetrace.classified.toLocaleString('en')} classified, ${t.fullRetrace.reviews} crowded stays held for review).`,
      '',
      `Check-ins in memory (the index \`serve\` keeps): ${t.checkinIndex.rows.toLocaleString('en')} rows, built in ${t.checkinIndex.buildMs} ms, ${t.checkinIndex.megabytes} MiB.`,
      '',
      '| new case (POST /api/tracing/cases, F1 + F2 with provenance committed) | n | p50 ms | p95 ms | p99 ms | target p95 | ratio p95 / baseline | mean F1 / F2 | cases retraced (mean) | load phase p50 / p95 ms | check-ins from the index | errors |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
      row('a random person', t.newCaseRandom),
      row('a random person, check-ins from SQL', t.newCaseRandomSql),
      row('an F1 who tests positive', t.newCaseFromF1),
      '',
      `Baseline in the same run: ${t.baseline?.name ?? '–'} p95 ${t.baseline?.p95 ?? '–'} ms.`,
      '',
      `Batch of 1,200 new cases (POST /api/tracing/cases/batch): ${t.batch1200.ms} ms (target ≤ 30,000), status ${t.batch1200.status}, ${t.batch1200.retracedCases} cases retraced, ${t.batch1200.changed.toLocaleString('en')} classifications written.`,
      `The same 1,200 cases by an in-memory BFS over typed arrays (same windows and venue rules, no provenance, no writes): ${t.inMemoryBfs.ms} ms`,
      `(F1 ${t.inMemoryBfs.f1.toLocaleString('en')}, F2 ${t.inMemoryBfs.f2.toLocaleString('en')}, summed per case; loading the arrays took ${t.inMemoryBfs.loadMs} ms): the database trace takes ${t.inMemoryBfs.ratio}× the in-memory BFS.`,
    ]);
  }
}
