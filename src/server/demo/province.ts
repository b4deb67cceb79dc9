// A synthetic province for the demo and the tracing benchmarks (`phongdich demo generate`): people (the
// existing generator), households, venues with heavy-tailed popularity, daily check-ins, recorded contacts and
// a seeded outbreak. Deterministic for (seed, start, size): every random choice comes from a seeded PRNG stream
// and every generated id is fixed by the order of generation. No real person, place or event.
//
// Speed: rows are generated in JS and inserted by one `insert … select … from unnest(…)` per batch, numbers
// sent as array literals. People and check-ins get explicit ids, so two batches are in flight on two
// connections without changing the result. Secondary indexes of checkins and contacts are rebuilt after the
// load, and the foreign keys of contacts and household_members validated by one join, instead of row by row.
// Measured (1,000,000 people, 28 days, 2 cores, PostgreSQL 15, default server settings): 179 s in all —
// people 72 s (the pd_fold generated columns cost ~70 µs a row in the server), 20,000,000 check-ins 56 s
// (~360,000 rows/s) + 25 s for their two indexes, contacts 15 s. With the indexes and foreign keys kept the
// same run took 315 s (check-ins 121,000 rows/s); with one statement at a time, 277 s.
import { bumpCheckinEpoch } from '../modules/tracing/index.ts';
import { sql } from 'kysely';
import type { Db } from '../platform/db/connect.ts';
import { insertSynthetic, prng } from './people.ts';

export type Commune = { code: string; name: string };

export type ProvinceOptions = {
  communes: readonly Commune[];
  people: number;
  days: number;
  seed: number;
  /** First day (local, Asia/Ho_Chi_Minh) as YYYY-MM-DD; default: `days` days before today. */
  start?: string;
  /** Number of cases in the seeded outbreak (default 20). */
  outbreak?: number;
  /** Delete the existing people and tracing data first (otherwise a database with check-ins is refused). */
  force?: boolean;
  log?: (message: string) => void;
  /** Tuning, for measurements: check-ins per insert statement (50,000), statements in flight (2), whether to drop
   * indexes and foreign keys during the bulk loads (yes), whether to create the month partitions (yes). */
  checkinBatch?: number;
  parallel?: number;
  deferChecks?: boolean;
  partitions?: boolean;
};

export type ProvinceSummary = {
  seed: number; start: string; days: number;
  persons: number; households: number; venues: number; checkins: number; contacts: number; cases: number;
  seconds: number;
};

export class ProvinceExistsError extends Error {
  constructor() {
    super('Cơ sở dữ liệu đã có lượt check-in: thêm --force để xoá dữ liệu người và truy vết hiện có rồi tạo lại / ' +
      'the database already has check-ins; --force deletes the existing people and tracing data and generates again');
  }
}

const TZ = '+07:00';
const DAY_S = 86_400;
/** Kinds where co-presence is a close contact (rule tracing.venue_kinds): an outbreak spreads there. */
const CLOSED_KINDS = ['school', 'clinic', 'office', 'factory', 'restaurant', 'shop', 'vehicle', 'other'];
const CHECKIN_SOURCES = ['qr', 'form', 'staff'];
const EVIDENCE = [
  'Khai báo khi điều tra dịch tễ: cùng làm việc',
  'Khai báo khi điều tra dịch tễ: cùng lớp học',
  'Khai báo khi điều tra dịch tễ: gặp gỡ, ăn uống cùng',
  'Bluezone: tiếp xúc gần dưới 2 m',
  'Bluezone: tiếp xúc gần dưới 2 m, trên 15 phút',
];
const SETTINGS_MARKER = 'demo.generate.deferred';

// Household sizes 1-8 (mean ≈ 3.7, the 2019 census figure for the region).
const HH_SIZES: Array<[number, number]> = [[1, 0.08], [2, 0.15], [3, 0.22], [4, 0.27], [5, 0.15], [6, 0.07], [7, 0.04], [8, 0.02]];

const OWNERS = ['Lan', 'Hoa', 'Hùng', 'Minh', 'Thu', 'Hương', 'Dũng', 'Tuấn', 'Mai', 'Hà', 'Sơn', 'Nga', 'Bình', 'Cường', 'Yến', 'Thảo',
  'Long', 'Phương', 'Hải', 'Vân', 'Trang', 'Nam', 'Linh', 'Quân', 'Hạnh', 'Thắng', 'Liên', 'Toàn', 'Páo', 'Sính', 'Dín', 'Khuyên'];
const FAMILIES = ['Nông', 'Hoàng', 'Lương', 'Bế', 'Đàm', 'Lục', 'Triệu', 'Nguyễn', 'Lê', 'Trần', 'Sầm', 'Hà', 'Vi', 'Ma'];
const HAMLETS = ['Nà Lình', 'Pác Bó', 'Bản Giới', 'Cốc Phường', 'Nà Vài', 'Bó Tờ', 'Khuổi Khon', 'Lũng Rì', 'Nặm Dạ', 'Bản Chang', 'Phia Đén', 'Nà Rị'];
const RESTAURANT = ['Quán phở', 'Quán bún', 'Quán cơm', 'Quán cà phê', 'Quán ăn sáng', 'Quán lẩu', 'Quán bánh cuốn', 'Quán nướng'];
const SHOP = ['Tạp hoá', 'Cửa hàng điện thoại', 'Nhà thuốc', 'Cửa hàng vật tư nông nghiệp', 'Cửa hàng quần áo', 'Tiệm tóc',
  'Cửa hàng điện máy', 'Cửa hàng xe máy', 'Cửa hàng bách hoá', 'Tiệm vàng'];
const OFFICE = ['Công ty TNHH', 'Hợp tác xã', 'Văn phòng công chứng', 'Chi nhánh Ngân hàng Agribank', 'Bưu điện', 'Công ty Cổ phần'];
const FACTORY = ['Nhà máy gạch tuynel', 'Xưởng chế biến gỗ', 'Nhà máy chế biến chè', 'Xưởng may', 'Nhà máy xi măng', 'Xưởng cơ khí', 'Nhà máy chế biến tinh bột'];

type Role = 0 | 1 | 2 | 3 | 4 | 5; // none, kindergarten, primary, lower secondary, upper secondary, worker
type VenueKind = 'market' | 'bus_station' | 'school' | 'clinic' | 'office' | 'factory' | 'restaurant' | 'shop' | 'religious' | 'vehicle' | 'other';
type VenueDraft = { name: string; kind: VenueKind; commune: number; address: string; errand: number; work: number; school: Role | 0 };

/** The seed of one independent random stream (a 32-bit hash of seed, stream and index). */
function stream(seed: number, id: number, n = 0): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(id + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(n + 0x165667b1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function shortName(communeName: string): string {
  return communeName.replace(/^(Xã|Phường|Đặc khu|Thị trấn) /, '');
}

/** Pareto-distributed value (heavy tail) with scale xm and shape alpha, capped. */
function pareto(r: () => number, xm: number, alpha: number, cap: number): number {
  return Math.min(cap, xm / Math.pow(1 - r(), 1 / alpha));
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** Index into a cumulative weight array (binary search). */
function pickCum(cum: Float64Array, x: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! > x) hi = mid; else lo = mid + 1;
  }
  return lo;
}

function cumulative(weights: readonly number[]): Float64Array {
  const cum = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) cum[i] = s += weights[i]!;
  return cum;
}

/** A weighted chooser over items (returns the item). */
type Chooser = { items: Int32Array; cum: Float64Array; total: number };
function chooser(items: number[], weights: number[]): Chooser {
  const cum = cumulative(weights);
  return { items: Int32Array.from(items), cum, total: cum.length ? cum[cum.length - 1]! : 0 };
}
function choose(c: Chooser, r: () => number): number {
  return c.items[pickCum(c.cum, r() * c.total)]!;
}

function dateAdd(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function defaultStart(days: number): string {
  const local = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  return dateAdd(local, -days);
}

/** Array literal for an int[] parameter (much cheaper to build and parse than one value per element). */
function intArray(xs: Int32Array | number[], n = xs.length): string {
  return `{${(xs instanceof Int32Array ? xs.subarray(0, n) : xs.slice(0, n)).join(',')}}`;
}

/** A person's regular place by age (kindergarten 3-5, school 6-17, work 18-60 for a share), or none. */
function roleFor(age: number, r: () => number): Role {
  if (age >= 3 && age <= 5) return r() < 0.75 ? 1 : 0;
  if (age >= 6 && age <= 10) return r() < 0.98 ? 2 : 0;
  if (age >= 11 && age <= 14) return r() < 0.95 ? 3 : 0;
  if (age >= 15 && age <= 17) return r() < 0.8 ? 4 : 0;
  if (age >= 18 && age <= 60) return r() < 0.42 ? 5 : 0;
  return 0;
}

/** Seconds after local midnight at which a visit to a venue of this kind starts. */
function visitStart(kind: VenueKind, r: () => number): number {
  const u = r();
  const h = (a: number, b: number) => Math.floor((a + r() * (b - a)) * 3600);
  switch (kind) {
    case 'market': return u < 0.8 ? h(5, 11) : h(15, 18.5);
    case 'bus_station': return h(5, 17);
    case 'vehicle': return h(5, 16);
    case 'clinic': return h(7, 16.5);
    case 'restaurant': return u < 0.4 ? h(6, 8.5) : u < 0.75 ? h(11, 13) : h(17.5, 20.5);
    case 'religious': return u < 0.5 ? h(5, 7) : h(17, 20);
    case 'school': return h(6.75, 7.5);
    case 'office': return h(7, 8.25);
    case 'factory': return u < 0.7 ? h(5.75, 6.5) : h(13.75, 14.5);
    default: return h(7, 21);
  }
}

/** Minutes of stay (15-180) for a kind. */
function stayMinutes(kind: VenueKind, r: () => number): number {
  const m = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  switch (kind) {
    case 'market': return m(15, 90);
    case 'bus_station': return m(15, 60);
    case 'vehicle': return m(60, 180);
    case 'clinic': return m(20, 120);
    case 'restaurant': return m(15, 60);
    case 'religious': return m(30, 90);
    case 'school': case 'office': case 'factory': return m(150, 180);
    case 'other': return m(30, 120);
    default: return m(15, 30);
  }
}

function poissonTable(lambda: number): Float64Array {
  const cum = new Float64Array(12);
  let p = Math.exp(-lambda);
  let s = 0;
  for (let k = 0; k < cum.length; k++) {
    s += p;
    cum[k] = s;
    p *= lambda / (k + 1);
  }
  cum[cum.length - 1] = 1;
  return cum;
}

/** What a bulk load drops and puts back afterwards: secondary indexes (rebuilt in one pass instead of maintained
 * row by row) and foreign keys (validated by one join instead of one locking look-up per row). Their definitions
 * stay in `settings` meanwhile, so that a run that died in between puts them back on the next run. */
type Deferred = { table: string; name: string; kind: 'index' | 'fk'; def: string };

async function deferredList(db: Db): Promise<Deferred[]> {
  const row = await sql<{ value: Deferred[] }>`select value from settings where key = ${SETTINGS_MARKER}`.execute(db);
  return row.rows[0]?.value ?? [];
}

async function dropForLoad(db: Db, table: string, what: { indexes?: boolean; foreignKeys?: boolean }): Promise<void> {
  const items: Deferred[] = [];
  if (what.indexes) {
    const r = await sql<{ name: string; def: string }>`
      select c.relname as name, pg_get_indexdef(i.indexrelid) as def
      from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = ${table}::regclass and not i.indisprimary and not i.indisunique order by c.relname`.execute(db);
    // A partitioned table's index is shown as "ON ONLY": without ONLY it is built on every partition again.
    items.push(...r.rows.map((x) => ({ table, name: x.name, kind: 'index' as const, def: x.def.replace(' ON ONLY ', ' ON ') })));
  }
  if (what.foreignKeys) {
    const r = await sql<{ name: string; def: string }>`
      select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
      where conrelid = ${table}::regclass and contype = 'f' order by conname`.execute(db);
    items.push(...r.rows.map((x) => ({ table, name: x.name, kind: 'fk' as const, def: x.def })));
  }
  if (items.length === 0) return;
  const all = [...(await deferredList(db)), ...items];
  await sql`insert into settings (key, value) values (${SETTINGS_MARKER}, ${JSON.stringify(all)})
            on conflict (key) do update set value = excluded.value`.execute(db);
  for (const x of items) {
    if (x.kind === 'index') await sql`drop index if exists ${sql.id(x.name)}`.execute(db);
    else await sql`alter table ${sql.table(table)} drop constraint if exists ${sql.id(x.name)}`.execute(db);
  }
}

/** Puts back what dropForLoad dropped (for `table`, or everything), indexes first. */
async function restoreAfterLoad(db: Db, log: (m: string) => void, table?: string): Promise<void> {
  const all = await deferredList(db);
  const mine = all.filter((x) => !table || x.table === table).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'index' ? -1 : 1));
  if (mine.length === 0) return;
  await db.connection().execute(async (c) => {
    await sql`set maintenance_work_mem = '1GB'`.execute(c);
    await sql`set work_mem = '256MB'`.execute(c);
    try {
      for (const x of mine) {
        const t = Date.now();
        if (x.kind === 'index') {
          await sql.raw(x.def.replace(/^CREATE (UNIQUE )?INDEX /i, 'CREATE $1INDEX IF NOT EXISTS ')).execute(c);
        } else {
          const has = await sql<{ n: number }>`select count(*)::int as n from pg_constraint where conrelid = ${x.table}::regclass and conname = ${x.name}`.execute(c);
          if (has.rows[0]!.n === 0) await sql.raw(`alter table ${x.table} add constraint ${x.name} ${x.def}`).execute(c);
        }
        log(`  ${x.kind === 'index' ? 'index' : 'foreign key'} ${x.name} restored in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      }
    } finally {
      await sql`reset maintenance_work_mem`.execute(c);
      await sql`reset work_mem`.execute(c);
    }
  });
  const rest = all.filter((x) => !mine.includes(x));
  if (rest.length) await sql`update settings set value = ${JSON.stringify(rest)} where key = ${SETTINGS_MARKER}`.execute(db);
  else await sql`delete from settings where key = ${SETTINGS_MARKER}`.execute(db);
}

/** Monthly partitions (UTC months, as for audit_log) covering [from, to), unless one of that name exists. */
async function ensureCheckinPartitions(db: Db, from: Date, to: Date): Promise<string[]> {
  const made: string[] = [];
  let m = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  while (m < to) {
    const next = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1));
    const name = `checkins_${m.getUTCFullYear()}${String(m.getUTCMonth() + 1).padStart(2, '0')}`;
    const exists = await sql<{ n: number }>`select count(*)::int as n from pg_class where relname = ${name}`.execute(db);
    if (exists.rows[0]!.n === 0) {
      await sql.raw(`create table ${name} partition of checkins for values from ('${m.toISOString()}') to ('${next.toISOString()}')`).execute(db);
      made.push(name);
    }
    m = next;
  }
  return made;
}

export async function generateProvince(db: Db, opts: ProvinceOptions): Promise<ProvinceSummary> {
  const t0 = Date.now();
  const say = opts.log ?? (() => {});
  const log = (m: string) => say(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${m}`);
  const { seed, days } = opts;
  const N = opts.people;
  const K = opts.outbreak ?? 20;
  if (!Number.isInteger(N) || N < 10) throw new RangeError('people: an integer ≥ 10');
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new RangeError('days: an integer 1-366');
  if (!Number.isInteger(seed)) throw new RangeError('seed: an integer');
  if (!Number.isInteger(K) || K < 0 || K > N / 2) throw new RangeError('outbreak: an integer from 0 to half the people');
  const startDay = opts.start ?? defaultStart(days);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startDay) || Number.isNaN(Date.parse(`${startDay}T00:00:00Z`)) || dateAdd(startDay, 0) !== startDay) {
    throw new RangeError('start: a date YYYY-MM-DD');
  }
  const communes = opts.communes;
  if (communes.length === 0) throw new Error('no communes: import the administrative units first');
  const start = new Date(`${startDay}T00:00:00${TZ}`);
  const end = new Date(start.getTime() + days * DAY_S * 1000);
  const batchSize = opts.checkinBatch ?? 50_000;
  const parallel = Math.max(1, opts.parallel ?? 2);

  // 0. A run that died with indexes or foreign keys dropped gets them back first.
  await restoreAfterLoad(db, log);
  const existing = await sql<{ n: number }>`select count(*)::int as n from (select 1 from checkins limit 1) x`.execute(db);
  if (existing.rows[0]!.n > 0) {
    if (!opts.force) throw new ProvinceExistsError();
    log('--force: deleting existing people and tracing data');
    await sql`truncate checkins, venues, households, persons restart identity cascade`.execute(db);
  } else if (opts.force) {
    await sql`truncate checkins, venues, households, persons restart identity cascade`.execute(db);
  }

  // 1. Partitions for the period, so that the rows don't all land in the default partition.
  if (opts.partitions !== false) {
    const made = await ensureCheckinPartitions(db, start, end);
    if (made.length) log(`partitions: ${made.join(', ')}`);
  }

  // 2. People (the existing generator), then read back in id order: ids follow the generation order.
  const before = Number((await sql<{ m: string | null }>`select max(id) as m from persons`.execute(db)).rows[0]!.m ?? 0);
  const codes = communes.map((c) => c.code);
  let lastLog = Date.now();
  await insertSynthetic(db, {
    seed, from: 0, to: N, communes: codes, batch: 10_000, parallel,
    onBatch: (done) => { if (Date.now() - lastLog > 10_000 || done === N) { lastLog = Date.now(); log(`persons ${done}/${N}`); } },
  });
  const communeIndex = new Map(codes.map((c, i) => [c, i]));
  const pid = new Int32Array(N);
  const pcom = new Int16Array(N);
  const page = new Int16Array(N);
  const paddr: string[] = new Array(N);
  {
    const year = Number(startDay.slice(0, 4));
    const rows = await sql<{ id: number; c: string; y: number | null; a: string | null }>`
      select id, commune_code as c, birth_year as y, address as a from persons where id > ${before} order by id`.execute(db);
    if (rows.rows.length !== N) throw new Error(`expected ${N} new persons, found ${rows.rows.length} (another writer?)`);
    rows.rows.forEach((p, i) => {
      pid[i] = p.id; pcom[i] = communeIndex.get(p.c) ?? 0; page[i] = p.y === null ? 30 : year - p.y; paddr[i] = p.a ?? '';
    });
  }
  log(`persons: ${N} (ids ${pid[0]}-${pid[N - 1]})`);

  // 3. Regular places by age; the daily errand rate is set so that check-ins average 0.714 a person-day
  // (20,000,000 for 1,000,000 people over 28 days).
  const rRole = prng(stream(seed, 1));
  const role = new Uint8Array(N);
  const C = communes.length;
  const pop = new Float64Array(C);
  const byRole = Array.from({ length: C }, () => new Float64Array(6));
  for (let i = 0; i < N; i++) {
    const ro = roleFor(page[i]!, rRole);
    role[i] = ro;
    pop[pcom[i]!]!++;
    byRole[pcom[i]!]![ro]!++;
  }
  const weekday = (d: number) => new Date(Date.parse(`${dateAdd(startDay, d)}T00:00:00Z`)).getUTCDay(); // 0 = Sunday
  const dow = Array.from({ length: days }, (_, d) => weekday(d));
  const schoolDays = dow.filter((w) => w >= 1 && w <= 5).length;
  const workDays = dow.filter((w) => w >= 1 && w <= 6).length;
  let regularExpected = 0;
  for (let i = 0; i < N; i++) {
    if (role[i]! >= 1 && role[i]! <= 4) regularExpected += 0.92 * schoolDays;
    else if (role[i] === 5) regularExpected += 0.85 * workDays;
  }
  const lambda = Math.max(0.15, 0.714 - regularExpected / (N * days));

  // 4. Venues per commune. Errand weights are expected visits a day; shops and restaurants have Pareto
  // popularity with median ≈ 10 visits a day, a central market takes a fifth of its commune's errands.
  const rV = prng(stream(seed, 2));
  const venues: VenueDraft[] = [];
  const popOrder = [...Array(C).keys()].sort((a, b) => pop[b]! - pop[a]! || a - b);
  const busCommunes = new Set(popOrder.slice(0, Math.max(1, Math.min(4, Math.round(C / 15)))));
  const thptCommunes = new Set<number>();
  const addr = (c: number) => `${pick(rV, HAMLETS)}, ${communes[c]!.name}`;
  for (let c = 0; c < C; c++) {
    const cname = communes[c]!.name;
    const sname = shortName(cname);
    const E = lambda * pop[c]! * 0.9 + 1;
    const v = (name: string, kind: VenueKind, errand: number, work = 0, school: Role | 0 = 0) =>
      venues.push({ name, kind, commune: c, address: addr(c), errand, work, school });
    v(`Chợ Trung tâm ${cname}`, 'market', 0.2 * E);
    const markets = Math.min(4, Math.floor(pop[c]! / 15_000));
    for (let k = 0; k < markets; k++) v(`Chợ ${pick(rV, HAMLETS)} (${sname})`, 'market', 0.04 * E * (0.5 + rV()));
    if (busCommunes.has(c)) {
      v(`Bến xe khách ${sname}`, 'bus_station', 0.08 * E, 30);
      for (let k = 0; k < 4; k++) v(`Xe khách 11B-${String(100 + Math.floor(rV() * 900))}.${String(10 + Math.floor(rV() * 90))} (tuyến ${sname})`, 'vehicle', 0.01 * E, 2);
    }
    v(`Trạm Y tế ${cname}`, 'clinic', 0.03 * E + 3, 8);
    if (c === popOrder[0]) v('Bệnh viện Đa khoa tỉnh', 'clinic', 0.05 * E + 0.004 * N, 150);
    for (let k = 0; k < Math.floor(pop[c]! / 25_000); k++) v(`Phòng khám đa khoa ${pick(rV, OWNERS)} (${sname})`, 'clinic', 0.01 * E * (0.5 + rV()), 10);
    v(`${rV() < 0.6 ? 'Chùa' : 'Đền'} ${pick(rV, HAMLETS)} (${sname})`, 'religious', 0.01 * E);
    for (let k = 0; k < 1 + Math.floor(pop[c]! / 10_000); k++) v(`Nhà văn hoá xóm ${pick(rV, HAMLETS)} (${sname})`, 'other', 0.005 * E + 1);
    // Schools: one per ~150 kindergarten children, ~450 pupils, ~500 lower and ~900 upper secondary students.
    const schools: Array<[Role, string, number]> = [[1, 'Trường Mầm non', 150], [2, 'Trường Tiểu học', 450], [3, 'Trường THCS', 500], [4, 'Trường THPT', 900]];
    for (const [ro, label, per] of schools) {
      const n = byRole[c]![ro]!;
      if (ro === 4 && n < 150 && c !== popOrder[0]) continue; // small communes send teenagers elsewhere
      if (ro === 4) thptCommunes.add(c);
      const k = Math.max(1, Math.round(n / per));
      for (let j = 0; j < k; j++) v(k === 1 ? `${label} ${sname}` : `${label} ${sname} số ${j + 1}`, 'school', 0, 0, ro);
    }
    // Workplaces: the commune's offices, then businesses with Pareto sizes (offices median ≈ 8 staff,
    // factories ≈ 120).
    const workers = byRole[c]![5]!;
    v(`UBND ${cname}`, 'office', 0.005 * E + 2, 25);
    v(`Công an ${cname}`, 'office', 0.002 * E + 1, 15);
    let officeCap = 0;
    while (officeCap < workers * 0.7) {
      const size = pareto(rV, 5, 1.3, 400);
      officeCap += size;
      v(`${pick(rV, OFFICE)} ${pick(rV, FAMILIES)} ${pick(rV, OWNERS)} (${sname})`, 'office', size * 0.05, size);
    }
    let factoryCap = 0;
    for (let k = 1; factoryCap < workers * 0.2; k++) {
      const size = pareto(rV, 60, 1.2, 3000);
      factoryCap += size;
      v(`${pick(rV, FACTORY)} ${sname}${k > 1 ? ` ${k}` : ''}`, 'factory', 0, size);
    }
    // Shops and restaurants take the remaining ~60 % of errands; a few of them also employ people.
    const shopShare = 0.6 * E;
    let given = 0;
    for (let made = 0; (given < shopShare || made < 3) && given < shopShare * 3; made++) {
      const w = pareto(rV, 6.5, 1.6, 400);
      given += w;
      const restaurant = rV() < 0.4;
      v(`${pick(rV, restaurant ? RESTAURANT : SHOP)} ${pick(rV, OWNERS)} (${pick(rV, HAMLETS)}, ${sname})`, restaurant ? 'restaurant' : 'shop', w, 1 + w / 20);
    }
  }
  const vIds = new Int32Array(venues.length);
  {
    const ids = await sql<{ id: number }>`
      insert into venues (name, kind, commune_code, address)
      select n, k, c, a from unnest(${venues.map((x) => x.name)}::text[], ${venues.map((x) => x.kind)}::text[],
        ${venues.map((x) => codes[x.commune]!)}::text[], ${venues.map((x) => x.address)}::text[]) with ordinality u(n, k, c, a, ord)
      order by ord returning id`.execute(db);
    ids.rows.forEach((r, i) => { vIds[i] = r.id; });
  }
  log(`venues: ${venues.length}`);

  // Choosers: errands per commune (by popularity), workplaces per commune (by size), schools per commune and
  // level, communes for trips out (by population), communes with an upper secondary school.
  const errand: Chooser[] = [];
  const work: Chooser[] = [];
  const school: Chooser[][] = [];
  for (let c = 0; c < C; c++) {
    const e: number[] = []; const ew: number[] = []; const w: number[] = []; const ww: number[] = [];
    const s: number[][] = [[], [], [], [], []];
    venues.forEach((x, i) => {
      if (x.commune !== c) return;
      if (x.errand > 0) { e.push(i); ew.push(x.errand); }
      if (x.work > 0) { w.push(i); ww.push(x.work); }
      if (x.school) s[x.school]!.push(i);
    });
    errand.push(chooser(e, ew));
    work.push(chooser(w, ww));
    school.push(s.map((xs) => chooser(xs, xs.map(() => 1))));
  }
  const communeByPop = chooser([...Array(C).keys()], [...pop].map((p) => Math.pow(p + 1, 1.3)));
  const thpt = chooser([...thptCommunes], [...thptCommunes].map((c) => pop[c]! + 1));

  // Each person's regular place (venue index), or -1.
  const regular = new Int32Array(N).fill(-1);
  for (let i = 0; i < N; i++) {
    const ro = role[i]! as Role;
    const c = pcom[i]!;
    if (ro >= 1 && ro <= 3) regular[i] = choose(school[c]![ro]!, rRole);
    else if (ro === 4) regular[i] = choose(school[thptCommunes.has(c) ? c : choose(thpt, rRole)]![4]!, rRole);
    else if (ro === 5) regular[i] = choose(work[rRole() < 0.88 ? c : choose(communeByPop, rRole)]!, rRole);
  }

  // 5. Households: consecutive persons of a commune, sizes 1-8.
  const rH = prng(stream(seed, 3));
  const sizeCum = cumulative(HH_SIZES.map(([, p]) => p));
  const hhOf = new Int32Array(N);
  const hhCommune: number[] = [];
  const hhAddress: string[] = [];
  {
    const open = new Int32Array(C).fill(-1);
    const left = new Int32Array(C);
    for (let i = 0; i < N; i++) {
      const c = pcom[i]!;
      if (left[c] === 0) {
        open[c] = hhCommune.length;
        hhCommune.push(c);
        hhAddress.push(`${paddr[i]}, ${communes[c]!.name}`);
        left[c] = HH_SIZES[pickCum(sizeCum, rH() * sizeCum[sizeCum.length - 1]!)]![0];
      }
      hhOf[i] = open[c]!;
      left[c]!--;
    }
  }
  const hhIds = new Int32Array(hhCommune.length);
  for (let s = 0; s < hhCommune.length; s += 50_000) {
    const e = Math.min(hhCommune.length, s + 50_000);
    const ids = await sql<{ id: number }>`
      insert into households (commune_code, address)
      select c, a from unnest(${hhCommune.slice(s, e).map((c) => codes[c]!)}::text[], ${hhAddress.slice(s, e)}::text[]) with ordinality u(c, a, ord)
      order by ord returning id`.execute(db);
    ids.rows.forEach((r, i) => { hhIds[s + i] = r.id; });
  }
  const defer = opts.deferChecks !== false;
  if (defer) await dropForLoad(db, 'household_members', { foreignKeys: true });
  try {
    for (let s = 0; s < N; s += 100_000) {
      const e = Math.min(N, s + 100_000);
      const h = new Int32Array(e - s);
      for (let i = s; i < e; i++) h[i - s] = hhIds[hhOf[i]!]!;
      await sql`insert into household_members (household_id, person_id)
                select h, p from unnest(${intArray(h)}::int[], ${intArray(pid.subarray(s, e))}::int[]) u(h, p)`.execute(db);
    }
  } finally {
    if (defer) await restoreAfterLoad(db, log, 'household_members');
  }
  log(`households: ${hhCommune.length} (mean size ${(N / hhCommune.length).toFixed(2)})`);

  // 6. Check-ins, day by day: the regular place on school/work days, and Poisson(λ) errands, 90 % in the
  // person's own commune. Ids are explicit (1, 2, … in generation order): batches may run concurrently.
  if (defer) await dropForLoad(db, 'checkins', { indexes: true });
  const idBase = Number((await sql<{ m: string | null }>`select max(id) as m from checkins`.execute(db)).rows[0]!.m ?? 0);
  let checkins = 0;
  const tIns = Date.now();
  try {
    const pois = poissonTable(lambda);
    const inflight: Array<Promise<unknown>> = [];
    const cap = batchSize + 16; // a person adds at most 1 + 11 rows a day
    const P = new Int32Array(cap); const V = new Int32Array(cap); const T = new Int32Array(cap); const Du = new Int32Array(cap); const S = new Int32Array(cap);
    let n = 0;
    const flush = async () => {
      if (n === 0) return;
      // The array literals are built here, synchronously: the buffers can be refilled while the insert runs.
      const q = sql`
        insert into checkins (id, person_id, venue_id, time_in, time_out, source, created_at)
        select ${idBase + checkins}::bigint + ord, p, v, ${start}::timestamptz + t * interval '1 second',
               case when d = 0 then null else ${start}::timestamptz + (t + d * 60) * interval '1 second' end,
               (${CHECKIN_SOURCES}::text[])[s], ${start}::timestamptz + t * interval '1 second'
        from unnest(${intArray(P, n)}::int[], ${intArray(V, n)}::int[], ${intArray(T, n)}::int[],
                    ${intArray(Du, n)}::int[], ${intArray(S, n)}::int[]) with ordinality u(p, v, t, d, s, ord)`.execute(db);
      q.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
      inflight.push(q);
      checkins += n;
      n = 0;
      if (inflight.length >= parallel) await inflight.shift();
    };
    const emit = (person: number, vi: number, kind: VenueKind, sec: number, r: () => number) => {
      P[n] = pid[person]!;
      V[n] = vIds[vi]!;
      T[n] = sec;
      Du[n] = r() < 0.08 ? 0 : stayMinutes(kind, r);
      const u = r();
      S[n] = u < 0.9 ? 1 : u < 0.97 ? 2 : 3;
      n++;
    };
    let lastDay = Date.now();
    for (let d = 0; d < days; d++) {
      const r = prng(stream(seed, 4, d));
      const w = dow[d]!;
      const isSchool = w >= 1 && w <= 5;
      const isWork = w >= 1 && w <= 6;
      const day0 = d * DAY_S;
      for (let i = 0; i < N; i++) {
        const ro = role[i]!;
        if (ro > 0 && (ro < 5 ? isSchool && r() < 0.92 : isWork && r() < 0.85)) {
          const vi = regular[i]!;
          const kind: VenueKind = ro < 5 ? 'school' : venues[vi]!.kind === 'factory' ? 'factory' : 'office';
          emit(i, vi, kind, day0 + visitStart(kind, r), r);
        }
        const x = r();
        let k = 0;
        while (x > pois[k]!) k++;
        for (let j = 0; j < k; j++) {
          const c = r() < 0.9 ? pcom[i]! : choose(communeByPop, r);
          const vi = choose(errand[c]!, r);
          const kind = venues[vi]!.kind;
          emit(i, vi, kind, day0 + visitStart(kind, r), r);
        }
        if (n >= batchSize) await flush();
      }
      if (Date.now() - lastDay > 10_000 || d === days - 1) {
        lastDay = Date.now();
        log(`check-ins: day ${d + 1}/${days}, ${checkins + n} rows (${Math.round((checkins + n) / ((Date.now() - tIns) / 1000))} rows/s)`);
      }
    }
    await flush();
    await Promise.all(inflight);
    await sql`select setval(pg_get_serial_sequence('checkins', 'id'), ${idBase + checkins})`.execute(db);
    log(`check-ins: ${checkins} inserted in ${((Date.now() - tIns) / 1000).toFixed(1)} s`);
  } finally {
    if (defer) await restoreAfterLoad(db, log, 'checkins');
  }
  await sql`analyze checkins`.execute(db);
  log('check-ins analyzed');

  // 7. Recorded contacts, ≈ 2 a person: colleagues or classmates (same regular place), else people of the
  // same commune; by interview or proximity token.
  const rC = prng(stream(seed, 5));
  const members: Int32Array[] = [];
  {
    const cnt = new Int32Array(venues.length);
    for (let i = 0; i < N; i++) if (regular[i]! >= 0) cnt[regular[i]!]!++;
    venues.forEach((_, vi) => { members[vi] = new Int32Array(cnt[vi]!); });
    cnt.fill(0);
    for (let i = 0; i < N; i++) { const vi = regular[i]!; if (vi >= 0) members[vi]![cnt[vi]!++] = i; }
  }
  const byCommune: Int32Array[] = [];
  {
    const cnt = new Int32Array(C);
    for (let i = 0; i < N; i++) cnt[pcom[i]!]!++;
    for (let c = 0; c < C; c++) byCommune[c] = new Int32Array(cnt[c]!);
    cnt.fill(0);
    for (let i = 0; i < N; i++) byCommune[pcom[i]!]![cnt[pcom[i]!]!++] = i;
  }
  const pois2 = poissonTable(2);
  const SETTINGS = ['workplace', 'school', 'other'];
  const CSOURCES = ['interview', 'proximity'];
  let contacts = 0;
  if (defer) await dropForLoad(db, 'contacts', { indexes: true, foreignKeys: true });
  try {
    const B = 100_000;
    const a = new Int32Array(B); const b = new Int32Array(B); const at = new Int32Array(B); const du = new Int32Array(B);
    const st = new Int32Array(B); const so = new Int32Array(B); const ev = new Int32Array(B);
    let n = 0;
    const flush = async () => {
      if (n === 0) return;
      await sql`
        insert into contacts (person_a, person_b, at, until, setting, source, evidence)
        select a, b, ${start}::timestamptz + t * interval '1 second',
               case when du = 0 then null else ${start}::timestamptz + (t + du * 60) * interval '1 second' end,
               (${SETTINGS}::text[])[st], (${CSOURCES}::text[])[so], (${EVIDENCE}::text[])[nullif(ev, 0)]
        from unnest(${intArray(a, n)}::int[], ${intArray(b, n)}::int[], ${intArray(at, n)}::int[], ${intArray(du, n)}::int[],
                    ${intArray(st, n)}::int[], ${intArray(so, n)}::int[], ${intArray(ev, n)}::int[]) with ordinality u(a, b, t, du, st, so, ev, ord)
        order by ord`.execute(db);
      contacts += n;
      n = 0;
    };
    for (let i = 0; i < N; i++) {
      const x = rC();
      let k = 0;
      while (x > pois2[k]!) k++;
      for (let j = 0; j < k; j++) {
        const vi = regular[i]!;
        const mates = vi >= 0 ? members[vi]! : null;
        let other: number;
        let setting: number;
        if (mates && mates.length > 1 && rC() < 0.6) {
          other = mates[Math.floor(rC() * mates.length)]!;
          setting = venues[vi]!.kind === 'school' ? 2 : 1;
        } else {
          const pool = byCommune[pcom[i]!]!;
          other = pool[Math.floor(rC() * pool.length)]!;
          setting = 3;
        }
        if (other === i) continue;
        const d = Math.floor(rC() * days);
        const workHours = setting !== 3;
        a[n] = pid[i]!; b[n] = pid[other]!;
        at[n] = d * DAY_S + Math.floor((workHours ? 8 + rC() * 8 : 7 + rC() * 14) * 3600);
        du[n] = rC() < 0.2 ? 0 : 5 + Math.floor(rC() * 116);
        st[n] = setting;
        const interview = rC() < 0.55;
        so[n] = interview ? 1 : 2;
        ev[n] = rC() < 0.3 ? 0 : interview ? (setting === 1 ? 1 : setting === 2 ? 2 : 3) : (rC() < 0.5 ? 4 : 5);
        if (++n === B) await flush();
      }
    }
    await flush();
  } finally {
    if (defer) await restoreAfterLoad(db, log, 'contacts');
  }
  log(`contacts: ${contacts}`);

  // 8. The outbreak: an index case early in the period, then each further case infected by an earlier one during
  // its infectious period — a household member, a recorded contact, or someone at the same closed venue at the
  // same time — so that tracing can find the chain. Falls back to a random person when no link fits the period.
  const cases = await seedOutbreak(db, { seed, K, start, end, days, pid, log });
  // Statistics and the visibility map, so that the first queries (and benchmarks) see a settled database.
  const tv = Date.now();
  await sql`vacuum (analyze) persons, households, household_members, venues, checkins, contacts, cases, isolations`.execute(db);
  log(`vacuum analyze: ${((Date.now() - tv) / 1000).toFixed(1)} s`);
  // Loaded in parallel without the check-in writers' lock: a running server's check-in index starts again.
  await bumpCheckinEpoch(db);

  const summary: ProvinceSummary = {
    seed, start: startDay, days,
    persons: N, households: hhCommune.length, venues: venues.length,
    checkins: checkins - cases.removedCheckins, contacts, cases: cases.count,
    seconds: Math.round((Date.now() - t0) / 100) / 10,
  };
  log(`done in ${summary.seconds} s`);
  return summary;
}

type CaseRow = { personId: number; onsetMs: number; sampledMs: number; confirmedMs: number; fromMs: number };

async function seedOutbreak(db: Db, o: { seed: number; K: number; start: Date; end: Date; days: number; pid: Int32Array; log: (m: string) => void }) {
  const r = prng(stream(o.seed, 6));
  const H = 3600_000;
  const D = 24 * H;
  const t0 = o.start.getTime();
  const tEnd = o.end.getTime();
  const localMidnight = (ms: number) => ms - ((ms + 7 * H) % D); // the start of the local day containing ms
  const chosen: CaseRow[] = [];
  const taken = new Set<number>();
  // Dates of a case infected at time x: onset 2-6 days later, sampled 0-1 days after onset (08:00-16:00),
  // confirmed 8-30 hours after sampling; infectious from onset − 2 days.
  const timeline = (x: number): Omit<CaseRow, 'personId'> => {
    const minute = (ms: number) => Math.round(ms / 60_000) * 60_000;
    const onsetMs = localMidnight(x + (2 + Math.floor(r() * 5)) * D);
    const sampledMs = minute(onsetMs + Math.floor(r() * 2) * D + (8 + r() * 8) * H);
    const confirmedMs = minute(sampledMs + (8 + r() * 22) * H);
    return { onsetMs, sampledMs, confirmedMs, fromMs: onsetMs - 2 * D };
  };
  const randomCase = (latestInfection: number) => {
    for (;;) {
      const p = o.pid[Math.floor(r() * o.pid.length)]!;
      if (taken.has(p)) continue;
      const span = Math.max(0, latestInfection - t0);
      const tl = timeline(t0 + Math.floor(r() * span));
      if (tl.confirmedMs >= tEnd) continue;
      return { personId: p, ...tl };
    }
  };
  // Latest infection that still lets a confirmation happen inside the period (onset ≤ 6 days, sample ≤ 2, result ≤ 2).
  const lastInfection = Math.max(t0, tEnd - 10 * D);
  if (o.K > 0) {
    const index = randomCase(Math.min(lastInfection, t0 + Math.max(1, Math.floor(o.days * 0.1)) * D));
    chosen.push(index);
    taken.add(index.personId);
  }
  let linked = 0;
  while (chosen.length < o.K) {
    let found: CaseRow | null = null;
    for (let attempt = 0; attempt < 30 && !found; attempt++) {
      const src = chosen[Math.floor(r() * chosen.length)]!;
      const from = new Date(Math.max(src.fromMs, t0));
      const to = new Date(src.confirmedMs);
      const how = r();
      let cands: Array<{ p: number; at: number }> = [];
      if (how < 0.35) {
        const q = await sql<{ p: number }>`
          select m.person_id as p from household_members m
          where m.household_id = (select household_id from household_members where person_id = ${src.personId}) and m.person_id <> ${src.personId}
          order by m.person_id`.execute(db);
        cands = q.rows.map((x) => ({ p: x.p, at: from.getTime() + Math.floor(r() * Math.max(1, to.getTime() - from.getTime())) }));
      } else if (how < 0.55) {
        const q = await sql<{ p: number; at: Date }>`
          select case when person_a = ${src.personId} then person_b else person_a end as p, at from contacts
          where (person_a = ${src.personId} or person_b = ${src.personId}) and at >= ${from} and at < ${to} order by at, id`.execute(db);
        cands = q.rows.map((x) => ({ p: x.p, at: x.at.getTime() }));
      } else {
        const q = await sql<{ p: number; at: Date }>`
          select c2.person_id as p, greatest(c1.time_in, c2.time_in) as at
          from checkins c1
          join venues v on v.id = c1.venue_id and v.kind = any(${CLOSED_KINDS}::text[])
          join checkins c2 on c2.venue_id = c1.venue_id and c2.time_in > c1.time_in - interval '3 hours'
            and c2.time_in < coalesce(c1.time_out, c1.time_in + interval '1 hour')
            and coalesce(c2.time_out, c2.time_in + interval '1 hour') > c1.time_in
          where c1.person_id = ${src.personId} and c1.time_in >= ${from} and c1.time_in < ${to} and c2.person_id <> ${src.personId}
          order by 2, 1 limit 300`.execute(db);
        cands = q.rows.map((x) => ({ p: x.p, at: x.at.getTime() }));
      }
      cands = cands.filter((c) => !taken.has(c.p));
      if (cands.length === 0) continue;
      const c = cands[Math.floor(r() * cands.length)]!;
      const tl = timeline(c.at);
      if (tl.confirmedMs >= tEnd) continue;
      found = { personId: c.p, ...tl };
      linked++;
    }
    found ??= randomCase(lastInfection);
    chosen.push(found);
    taken.add(found.personId);
  }
  if (chosen.length === 0) return { count: 0, removedCheckins: 0 };
  chosen.sort((a, b) => a.confirmedMs - b.confirmedMs || a.personId - b.personId);
  const first = Number((await sql<{ m: string | null }>`
    select max(substring(code from '^BN(\\d+)$')::bigint) as m from cases`.execute(db)).rows[0]!.m ?? 1000) + 1;
  const rule = await sql<{ id: number }>`
    select id from policy_rules where key = 'tracing.infectious_period' order by valid_from desc limit 1`.execute(db);
  const ruleId = rule.rows[0]?.id ?? null;
  const iso = (ms: number) => new Date(ms).toISOString();
  const localDate = (ms: number) => new Date(ms + 7 * H).toISOString().slice(0, 10);
  await sql`
    insert into cases (code, person_id, confirmed_at, confirming_test, onset_date, sampled_at, isolated_at, infectious_from, infectious_to,
                       period_rule_id, status, treatment_place, created_at)
    select 'BN' || (${first}::int + ord - 1), p, c::timestamptz, 'RT-PCR', od::date, s::timestamptz, c::timestamptz, f::timestamptz, c::timestamptz,
           ${ruleId}::bigint, 'treatment', tp, c::timestamptz
    from unnest(${chosen.map((x) => x.personId)}::bigint[], ${chosen.map((x) => iso(x.confirmedMs))}::text[],
                ${chosen.map((x) => localDate(x.onsetMs))}::text[], ${chosen.map((x) => iso(x.sampledMs))}::text[],
                ${chosen.map((x) => iso(x.fromMs))}::text[],
                ${chosen.map((_, i) => (i % 3 === 2 ? 'Trung tâm Y tế huyện (khu điều trị)' : 'Bệnh viện Đa khoa tỉnh Cao Bằng'))}::text[])
         with ordinality u(p, c, od, s, f, tp, ord)
    order by ord`.execute(db);
  await sql`
    insert into isolations (person_id, isolated_at, reason)
    select person_id, isolated_at, 'F0 ' || code || ': cách ly điều trị' from cases where person_id = any(${chosen.map((x) => x.personId)}::bigint[])
    on conflict (person_id) do nothing`.execute(db);
  // An isolated case checks in nowhere afterwards.
  const del = await sql`
    delete from checkins c using cases k
    where k.person_id = any(${chosen.map((x) => x.personId)}::bigint[]) and c.person_id = k.person_id and c.time_in >= k.isolated_at`.execute(db);
  o.log(`cases: ${chosen.length} (${linked} linked to an earlier case), BN${first}-BN${first + chosen.length - 1}`);
  return { count: chosen.length, removedCheckins: Number(del.numAffectedRows ?? 0) };
}
