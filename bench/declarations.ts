// Health-declaration benchmark (part of `npm run bench`, or alone: `node --import tsx bench/declarations.ts`):
// POST /api/public/declarations through the HTTP API of one server process, with the load generator of
// bench/intake.ts (raw keep-alive HTTP/1.1 in worker threads of the same process), closed loop at full speed,
// and the empty POST route with the same bodies in the same run as the baseline.
//  - A realistic mix: ~87 % kind 'everyone', ~10 % 'domestic', ~3 % 'entry'; ~10 % flagged (a travel leg through
//    a declared epidemic area inside its window, or a symptom: flags and work items written), some clear travel;
//    ~50 % of the declarants already in the registry (matched by identity number), ~50 % new (a fresh CCCD and
//    phone on every request: registered by the declaration).
//  - Every acknowledged declaration (201 and its receipt) is looked up in the table afterwards.
//  - The node process's PostgreSQL round trips are counted by statement, with the transactions and the commits
//    that wait for the WAL flush (synchronous_commit on) and those that do not (the read-audit pool).
// Durable: the server's pool commits with synchronous_commit on (checked and reported).
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import type { App } from '../src/server/platform/context.ts';
import { systemActor } from '../src/server/platform/context.ts';
import { buildServer } from '../src/server/platform/http/server.ts';
import { vnDate } from '../src/server/platform/time.ts';
import { declarationRoutes } from '../src/server/modules/intake/routes.declarations.ts';
import { seedIntakeRules } from '../src/server/modules/intake/declarations.fixtures.ts';
import { createArea } from '../src/server/modules/intake/areas.ts';
import { listUnits, provinceCommunes } from '../src/server/modules/reference/index.ts';
import { addDays, DeclarationInput } from '../src/contracts/intake.declarations.ts';
import { cccdCenturySex, cccdDigitFor, checkIdNumber, NAME_PATTERN, normalizePhone } from '../src/contracts/identity.ts';
import { benchRoutes, load, standaloneIntakeApp, type LoadRun } from './intake.ts';

export type DeclarationsBench = {
  setup: {
    registryPool: number; bodiesPerThread: number;
    /** Shares of the bodies sent (planned; `written` has what the server made of them). */
    mix: { existing: number; everyone: number; domestic: number; entry: number; flaggedTravel: number; flaggedSymptom: number; clearTravel: number };
    area: { id: number; name: string; unitCode: string | null; dateFrom: string; dateTo: string | null; riskLevel: number };
    /** Distinct client addresses (X-Forwarded-For, the server trusting its proxy); 0: all from 127.0.0.1. */
    clientAddresses: number;
    poolMax: number | null; synchronousCommit: string; cpus: number; loadAverage: number[]; declarationsBefore: number;
  };
  emptyPost: LoadRun;
  declarationsMax: LoadRun;
  ratio: { vsEmptyPost: number };
  written: {
    /** 201 answers of the measured run, receipts read from them, and how many of those are in the table. */
    acknowledged: number; receipts: number; stored: number; missing: number; allAcknowledgedStored: boolean;
    /** Rows written during the measured run. */
    declarations: number; flags: number; workItems: number; personsCreated: number;
    byKind: Record<string, number>; byOutcome: Record<string, number>; byMatch: Record<string, number>;
  };
  perDeclaration: {
    /** Statements sent to PostgreSQL by this process per declaration acknowledged (each a round trip). */
    roundTrips: number;
    transactions: number;
    /** Transactions that wrote, committed with synchronous_commit on (each waits for the WAL flush). */
    syncCommits: number;
    /** Transactions that wrote on the read-audit pool (synchronous_commit off). */
    asyncCommits: number;
    readOnlyTransactions: number;
    nodeCpuMs: number;
    postgresCpuMs: number | null;
    /** The statements, most frequent first: per declaration, and mean time from send to answer. */
    statements: Array<{ sql: string; perDeclaration: number; meanMs: number }>;
  };
  targets: { rps: number; met: boolean };
};

export type DeclarationsBenchOptions = {
  log?: (m: string) => void;
  seconds?: number;
  emptySeconds?: number;
  warmupSeconds?: number;
  /** Per thread. */
  connections?: number;
  threads?: number;
  registryPool?: number;
  bodiesPerThread?: number;
  /** Distinct client addresses (0: every request from 127.0.0.1, one rate-limit bucket row for all). */
  addresses?: number;
};

// ---- Round trips, counted on pg.Client (every pool of this process: the app's and the read-audit pool).

type Tally = { on: boolean; roundTrips: number; transactions: number; syncCommits: number; asyncCommits: number; readOnly: number; rollbacks: number; byStatement: Map<string, { n: number; ms: number }> };
const tally: Tally = { on: false, roundTrips: 0, transactions: 0, syncCommits: 0, asyncCommits: 0, readOnly: 0, rollbacks: 0, byStatement: new Map() };
const WRITE = /\b(insert\s+into|update\s+"?\w+"?(\s+as\s+\w+)?\s+set|delete\s+from)\b/i;
let counting = false;

function countQueries(): void {
  if (counting) return;
  counting = true;
  type Q = (this: pg.Client, ...args: unknown[]) => unknown;
  const proto = pg.Client.prototype as unknown as { query: Q };
  const original = proto.query;
  const txOf = new WeakMap<object, { wrote: boolean }>();
  const labels = new Map<string, string>();
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    if (!tally.on) return original.apply(this, args);
    const a = args[0];
    const text = typeof a === 'string' ? a : (a as { text?: string } | null)?.text ?? '';
    const async = ((this as unknown as { connectionParameters?: { options?: string } }).connectionParameters?.options ?? '').includes('synchronous_commit=off');
    const head = text.trimStart().slice(0, 20).toLowerCase();
    tally.roundTrips++;
    if (head.startsWith('begin') || head.startsWith('start transaction')) {
      txOf.set(this, { wrote: false });
      tally.transactions++;
    } else if (head.startsWith('commit')) {
      const tx = txOf.get(this);
      if (tx?.wrote) async ? tally.asyncCommits++ : tally.syncCommits++;
      else tally.readOnly++;
      txOf.delete(this);
    } else if (head.startsWith('rollback')) {
      tally.rollbacks++;
      txOf.delete(this);
    } else {
      const wrote = WRITE.test(text);
      const tx = txOf.get(this);
      if (tx) tx.wrote ||= wrote;
      else {
        tally.transactions++;
        if (wrote) async ? tally.asyncCommits++ : tally.syncCommits++;
        else tally.readOnly++;
      }
    }
    let label = labels.get(text);
    if (label === undefined) {
      label = text.replace(/\s+/g, ' ').trim().slice(0, 110);
      if (labels.size < 2_000) labels.set(text, label);
    }
    if (async) label = `[read-audit pool] ${label}`;
    const t0 = performance.now();
    const r = original.apply(this, args);
    const done = () => {
      const s = tally.byStatement.get(label) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - t0;
      tally.byStatement.set(label, s);
    };
    if (r && typeof (r as Promise<unknown>).then === 'function') (r as Promise<unknown>).then(done, done);
    return r;
  } as Q;
}

function resetTally(): void {
  Object.assign(tally, { roundTrips: 0, transactions: 0, syncCommits: 0, asyncCommits: 0, readOnly: 0, rollbacks: 0, byStatement: new Map() });
}

// ---- Data

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Nông', 'Bế', 'Đàm', 'Hà', 'Lương', 'Triệu', 'Vi'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Thu', 'Hữu', 'Ngọc'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Khai', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Thảo', 'Tùng', 'Vy', 'Hưng'];
const pick = <T>(xs: readonly T[]): T => xs[(Math.random() * xs.length) | 0]!;

type Registered = { idNumber: string; fullName: string; birthYear: number; sex: 'male' | 'female'; phone: string; communeCode: string };

/** People of the registry with a CCCD, as the declaration form would carry them (birth year and sex as the
 * number says); when the registry holds fewer, generated people are registered first (once per database). */
async function registered(app: App, n: number, communes: string[]): Promise<Registered[]> {
  const r = await sql<{ id_number: string; full_name: string; phone: string | null; commune_code: string }>`
    select id_number, full_name, phone, commune_code from persons
    where id_type = 'cccd' and id_number is not null and merged_into is null order by id limit ${n * 2}`.execute(app.db);
  const known = new Set(communes);
  const out: Registered[] = [];
  for (const p of r.rows) {
    if (!/^\d{12}$/.test(p.id_number) || !checkIdNumber('cccd', p.id_number).ok || !NAME_PATTERN.test(p.full_name)) continue;
    const { century, sex } = cccdCenturySex(Number(p.id_number[3]));
    out.push({
      idNumber: p.id_number, fullName: p.full_name, birthYear: century + Number(p.id_number.slice(4, 6)), sex,
      phone: (p.phone && normalizePhone(p.phone)) || `081${String(out.length).padStart(7, '0')}`,
      communeCode: known.has(p.commune_code) ? p.commune_code : communes[out.length % communes.length]!,
    });
    if (out.length >= n) return out;
  }
  // Tuyên Quang numbers (008), born 1950-2009, serial g: the people of this benchmark.
  await sql`insert into persons (full_name, birth_year, sex, id_type, id_number, phone, commune_code)
    select f[1 + g % ${FAMILY.length}::int] || ' ' || m[1 + (g / 7) % ${MIDDLE.length}::int] || ' ' || gv[1 + (g / 3) % ${GIVEN.length}::int],
      1950 + g % 60, case when g % 2 = 0 then 'male' else 'female' end, 'cccd',
      '008' || ((case when 1950 + g % 60 >= 2000 then 2 else 0 end) + g % 2)::text || lpad(((1950 + g % 60) % 100)::text, 2, '0') || lpad(g::text, 6, '0'),
      '081' || lpad(g::text, 7, '0'), (${`{${communes.join(',')}}`}::text[])[1 + g % ${communes.length}::int]
    from (select ${`{${FAMILY.join(',')}}`}::text[] as f, ${`{${MIDDLE.join(',')}}`}::text[] as m, ${`{${GIVEN.join(',')}}`}::text[] as gv) names,
      generate_series(1, ${n}::int) g
    where not exists (select 1 from persons p where p.id_number = '008' || ((case when 1950 + g % 60 >= 2000 then 2 else 0 end) + g % 2)::text
      || lpad(((1950 + g % 60) % 100)::text, 2, '0') || lpad(g::text, 6, '0') and p.id_type = 'cccd')`.execute(app.db);
  await sql`analyze persons`.execute(app.db);
  const again = await registered(app, n, communes);
  if (again.length < n) throw new Error(`only ${again.length} registered people with a CCCD`);
  return again;
}

/** A province prefix for the fresh CCCDs of new declarants, and the first serial free under it. */
async function freshNumbers(app: App): Promise<{ prefix: string; base: number }> {
  for (const prefix of ['001', '002', '006', '010', '011', '012', '014', '015', '017', '019', '020', '022', '024', '025', '026']) {
    const r = await sql<{ n: number }>`select coalesce(max(right(id_number, 6)::int), -1) + 1 as n from persons
      where id_type = 'cccd' and left(id_number, 3) = ${prefix} and id_number ~ '^[0-9]{12}$'`.execute(app.db);
    const base = Number(r.rows[0]!.n);
    if (base < 600_000) return { prefix, base };
  }
  throw new Error('no CCCD prefix left for fresh numbers');
}

type Area = DeclarationsBench['setup']['area'];

/** A declared epidemic area (a province other than ours, risk level 4) from 30 days ago to today, once a day. */
async function epidemicArea(app: App, today: string): Promise<Area> {
  const declaredBy = 'Benchmark (bench/declarations.ts)';
  const have = await sql<{ id: number; name: string; unit_code: string | null; date_from: string; date_to: string | null; risk_level: number }>`
    select id, name, unit_code, date_from, date_to, risk_level from epidemic_areas
    where declared_by = ${declaredBy} and kind = 'unit' and date_from <= ${addDays(today, -14)}::date and (date_to is null or date_to >= ${today}::date)
    order by id limit 1`.execute(app.db);
  const a = have.rows[0];
  if (a) return { id: a.id, name: a.name, unitCode: a.unit_code, dateFrom: a.date_from, dateTo: a.date_to, riskLevel: a.risk_level };
  const dateFrom = addDays(today, -30);
  const units = await listUnits(app.db, { level: 'province', at: dateFrom, limit: 200 });
  const unit = units.find((u) => u.code === '48') ?? units.find((u) => u.code !== app.config.provinceCode && u.code !== '01');
  if (!unit) throw new Error('no province for the epidemic area');
  const created = await createArea(app.db, { ...systemActor(['tracing.write']), username: 'bench' }, {
    kind: 'unit', unitLevel: 'province', unitCode: unit.code, dateFrom, dateTo: today, riskLevel: 4, declaredBy, legalRef: 'Benchmark area (not a real decision)',
  });
  return { id: created.id, name: created.name, unitCode: created.unitCode, dateFrom: created.dateFrom, dateTo: created.dateTo, riskLevel: created.riskLevel };
}

const MIX = { existing: 0.5, domestic: 0.1, entry: 0.03, flaggedTravel: 0.05, flaggedSymptom: 0.05, clearTravel: 0.15 };

/** One thread's bodies (JSON with the placeholders of the client: @KEY@, @SERIAL@, @PHONE@). */
function bodies(n: number, o: { today: string; areaProvince: string; people: Registered[]; communes: string[]; freshPrefix: string }): { list: string[]; counts: Record<string, number> } {
  const d = (k: number) => addDays(o.today, k);
  const counts: Record<string, number> = { existing: 0, everyone: 0, domestic: 0, entry: 0, flaggedTravel: 0, flaggedSymptom: 0, clearTravel: 0 };
  const elsewhere = o.areaProvince === '01' ? '79' : '01';
  const list: string[] = [];
  for (let i = 0; i < n; i++) {
    const existing = Math.random() < MIX.existing;
    let who: Record<string, unknown>;
    if (existing) {
      const p = pick(o.people);
      who = { fullName: p.fullName, birthYear: p.birthYear, sex: p.sex, idType: 'cccd', idNumber: p.idNumber, phone: p.phone, communeCode: p.communeCode };
      counts.existing!++;
    } else {
      const birthYear = 1940 + ((Math.random() * 75) | 0);
      const sex = Math.random() < 0.5 ? 'male' : 'female';
      who = {
        fullName: `${pick(FAMILY)} ${sex === 'female' ? 'Thị' : pick(MIDDLE)} ${pick(GIVEN)}`, birthYear, sex, idType: 'cccd',
        idNumber: `${o.freshPrefix}${cccdDigitFor(birthYear, sex)}${String(birthYear % 100).padStart(2, '0')}@SERIAL@`, phone: '@PHONE@', communeCode: pick(o.communes),
      };
    }
    const r = Math.random();
    const kind = r < MIX.entry ? 'entry' : r < MIX.entry + MIX.domestic ? 'domestic' : 'everyone';
    counts[kind]!++;
    const f = Math.random();
    const travel: unknown[] = [];
    const symptoms: string[] = [];
    if (f < MIX.flaggedTravel) {
      // Back 4 days ago: inside the area's window and the rule's look-back, home quarantine still running
      // (a flag with two work items: quarantine and a test).
      travel.push({ countryCode: 'VN', provinceCode: o.areaProvince, place: 'Trung tâm thành phố', from: d(-6), to: d(-4) });
      counts.flaggedTravel!++;
    } else if (f < MIX.flaggedTravel + MIX.flaggedSymptom) {
      symptoms.push('fever', 'cough');
      counts.flaggedSymptom!++;
    } else if (f < MIX.flaggedTravel + MIX.flaggedSymptom + MIX.clearTravel) {
      travel.push({ countryCode: 'VN', provinceCode: elsewhere, place: null, from: d(-6), to: d(-5) });
      counts.clearTravel!++;
    }
    list.push(JSON.stringify({
      kind, idempotencyKey: '@KEY@', ...who, nationality: 'VN', healthInsurance: true, address: `Tổ ${1 + (i % 30)}, khu phố ${1 + (i % 7)}`,
      travel, symptoms, exposures: [], conditions: f > 0.9 ? ['hypertension'] : [],
      domestic: kind === 'domestic' ? { vehicle: 'bus', plate: '11B-012.34', seat: String(1 + (i % 40)), fromProvinceCode: elsewhere, fromPlace: 'Bến xe', toProvinceCode: '04', toPlace: 'Bến xe Cao Bằng', departOn: d(-2), arriveOn: d(-1) } : null,
      entry: kind === 'entry' ? { fromCountry: 'CN', entryOn: d(-3), borderGate: 'Cửa khẩu Tà Lùng', viaOfficialGate: true, vehicle: 'car', flightOrPlate: null, seat: null } : null,
      truthful: true,
    }));
  }
  // Every body must pass the contract (placeholders filled as the client fills them).
  for (const b of list) {
    const parsed = DeclarationInput.safeParse(JSON.parse(b.replace('@KEY@', '0190f1a2-0000-7000-8000-000000000000').replace('@SERIAL@', '000001').replace('@PHONE@', '0760000001')));
    if (!parsed.success) throw new Error(`a benchmark body fails the contract: ${JSON.stringify(parsed.error.issues)} in ${b}`);
  }
  return { list, counts };
}

const count = async (app: App, q: RawBuilder<{ n: number }>) => Number((await q.execute(app.db)).rows[0]!.n);

export async function declarationsBench(app: App, opts: DeclarationsBenchOptions = {}): Promise<DeclarationsBench> {
  const log = opts.log ?? ((m: string) => console.error(m));
  const threads = opts.threads ?? 2;
  const connections = opts.connections ?? 128; // per thread: group commit gathers what is in flight
  const addresses = opts.addresses ?? 10_000;
  const perThread = opts.bodiesPerThread ?? 2_000;
  await seedIntakeRules(app);
  const sync = (await sql<{ s: string }>`select current_setting('synchronous_commit') as s`.execute(app.db)).rows[0]!.s;
  const today = vnDate(app.now());
  const communes = (await provinceCommunes(app.db, app.config.provinceCode)).map((c) => c.code);
  const area = await epidemicArea(app, today);
  const people = await registered(app, opts.registryPool ?? 10_000, communes);
  const fresh = await freshNumbers(app);
  const made = Array.from({ length: threads }, () => bodies(perThread, { today, areaProvince: area.unitCode ?? '48', people, communes, freshPrefix: fresh.prefix }));
  const lists = made.map((m) => m.list);
  const total = perThread * threads;
  const share = (k: string) => Math.round((made.reduce((a, m) => a + (m.counts[k] ?? 0), 0) / total) * 1000) / 1000;
  const mix = { existing: share('existing'), everyone: share('everyone'), domestic: share('domestic'), entry: share('entry'), flaggedTravel: share('flaggedTravel'), flaggedSymptom: share('flaggedSymptom'), clearTravel: share('clearTravel') };

  // Behind a proxy (the public form is), client addresses come from X-Forwarded-For.
  const served: App = addresses ? { ...app, config: { ...app.config, trustProxy: true } } : app;
  const big = { capacity: 1e9, perMinute: 1e9 };
  const http = await buildServer(served, [(h, a) => declarationRoutes(h, a, { limits: { declaration: big, report: big } }), benchRoutes]);
  await http.listen({ port: 0, host: '127.0.0.1' });
  const port = (http.server.address() as { port: number }).port;
  const backends = async () => (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(app.db)).rows.map((r) => r.pid);
  const base = { mode: 'post' as const, connections, threads, bodies: lists, addresses };
  let serial = fresh.base;
  const advance = (r: LoadRun) => { serial += threads * (r.n + r.errors) + 1_000; };
  countQueries();
  try {
    log(`declarations bench: ${people.length} registered people, ${threads}×${connections} connections, ${addresses} client addresses, area ${area.name} (${area.dateFrom} … ${area.dateTo ?? '–'}), synchronous_commit=${sync}`);
    log('warm-up …');
    advance(await load(port, { ...base, path: '/api/public/declarations', seconds: opts.warmupSeconds ?? 3, serialBase: serial }, backends));
    log('empty POST route, same bodies …');
    const emptyPost = await load(port, { ...base, seconds: opts.emptySeconds ?? 5, serialBase: serial }, backends);
    log(`  ${emptyPost.rps}/s`);
    const ids = async () => ({
      declaration: await count(app, sql<{ n: number }>`select coalesce(max(id), 0) as n from declarations`),
      flag: await count(app, sql<{ n: number }>`select coalesce(max(id), 0) as n from screening_flags`),
      work: await count(app, sql<{ n: number }>`select coalesce(max(id), 0) as n from work_items`),
      person: await count(app, sql<{ n: number }>`select coalesce(max(id), 0) as n from persons`),
    });
    const before = await ids();
    const captured: number[] = [];
    log('declarations, closed loop …');
    resetTally();
    tally.on = true;
    let declarationsMax: LoadRun;
    try {
      declarationsMax = await load(port, { ...base, path: '/api/public/declarations', seconds: opts.seconds ?? 15, serialBase: serial, capture: '"receipt":"TK(\\d+)"', captured }, backends);
    } finally {
      tally.on = false;
    }
    log(`  ${declarationsMax.rps}/s p50 ${declarationsMax.p50} p95 ${declarationsMax.p95} p99 ${declarationsMax.p99} ms, statuses ${JSON.stringify(declarationsMax.statuses)}`);

    const acknowledged = declarationsMax.statuses['201'] ?? 0;
    const stored = await count(app, sql<{ n: number }>`select count(*)::int as n from declarations where id = any(${`{${captured.join(',')}}`}::bigint[])`);
    const declarations = await count(app, sql<{ n: number }>`select count(*)::int as n from declarations where id > ${before.declaration}`);
    const flags = await count(app, sql<{ n: number }>`select count(*)::int as n from screening_flags where id > ${before.flag} and source = 'declaration'`);
    const workItems = await count(app, sql<{ n: number }>`select count(*)::int as n from work_items where id > ${before.work} and source = 'screening'`);
    const personsCreated = await count(app, sql<{ n: number }>`select count(*)::int as n from persons where id > ${before.person}`);
    const groups = (await sql<{ kind: string; outcome: string; person_match: string; n: number }>`
      select kind, outcome, person_match, count(*)::int as n from declarations where id > ${before.declaration} group by 1, 2, 3`.execute(app.db)).rows;
    const by = (k: 'kind' | 'outcome' | 'person_match') => groups.reduce<Record<string, number>>((a, g) => ({ ...a, [g[k]]: (a[g[k]] ?? 0) + g.n }), {});
    const missing = captured.length - stored;
    const allStored = missing === 0 && captured.length === acknowledged && declarations >= acknowledged;
    if (!allStored) log(`!! acknowledged declarations missing from the table: ${acknowledged} answered 201, ${captured.length} receipts, ${stored} of them stored, ${declarations} rows written`);

    const n = Math.max(1, acknowledged);
    const r2 = (x: number) => Math.round(x * 100) / 100;
    return {
      setup: {
        registryPool: people.length, bodiesPerThread: perThread, mix, area, clientAddresses: addresses,
        poolMax: (app.pool as unknown as { options?: { max?: number } }).options?.max ?? null,
        synchronousCommit: sync, cpus: os.cpus().length, loadAverage: os.loadavg().map(r2), declarationsBefore: before.declaration,
      },
      emptyPost, declarationsMax,
      ratio: { vsEmptyPost: r2(declarationsMax.rps / Math.max(1, emptyPost.rps)) },
      written: {
        acknowledged, receipts: captured.length, stored, missing, allAcknowledgedStored: allStored,
        declarations, flags, workItems, personsCreated, byKind: by('kind'), byOutcome: by('outcome'), byMatch: by('person_match'),
      },
      perDeclaration: {
        roundTrips: r2(tally.roundTrips / n), transactions: r2(tally.transactions / n), syncCommits: r2(tally.syncCommits / n), asyncCommits: r2(tally.asyncCommits / n),
        readOnlyTransactions: r2(tally.readOnly / n),
        nodeCpuMs: r2((declarationsMax.cpu.node * declarationsMax.seconds * 1000) / n),
        postgresCpuMs: declarationsMax.cpu.postgres === null ? null : r2((declarationsMax.cpu.postgres * declarationsMax.seconds * 1000) / n),
        statements: [...tally.byStatement].sort((a, b) => b[1].n - a[1].n).slice(0, 30)
          .map(([s, v]) => ({ sql: s, perDeclaration: r2(v.n / n), meanMs: r2(v.ms / v.n) })),
      },
      targets: { rps: 2_000, met: declarationsMax.rps >= 2_000 && allStored && sync === 'on' },
    };
  } finally {
    await http.close();
  }
}

// Alone: `node --import tsx bench/declarations.ts [--seconds 15] [--connections 16] [--threads 2] [--addresses 10000]
// [--warmup 3] [--empty 5]` against BENCH_DATABASE_URL / DATABASE_URL (a database named phongdich_bench_intake is
// created and migrated there). Exits with 1 when an acknowledged declaration is not in the table.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { seconds: { type: 'string' }, connections: { type: 'string' }, threads: { type: 'string' }, addresses: { type: 'string' }, warmup: { type: 'string' }, empty: { type: 'string' } },
  });
  const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
  const { app, close } = await standaloneIntakeApp();
  try {
    const r = await declarationsBench(app, {
      seconds: num(values.seconds), connections: num(values.connections), threads: num(values.threads), addresses: num(values.addresses),
      warmupSeconds: num(values.warmup), emptySeconds: num(values.empty),
    });
    console.log(JSON.stringify(r, null, 2));
    if (!r.written.allAcknowledgedStored) process.exitCode = 1;
  } finally {
    await close();
  }
}
