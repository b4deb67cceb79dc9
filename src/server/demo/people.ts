// Synthetic people for the demo province and the benchmarks: deterministic for a seed, shaped like the
// region (Kinh and Tày/Nùng/Dao/H'Mông family names, common middle and given names). No real person.
import { sql } from 'kysely';
import type { Db } from '../platform/db/connect.ts';
import { cccdDigitFor } from '../../contracts/identity.ts';

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Weights roughly follow the national shares (Nguyễn ≈ 38 %) mixed with names common in Cao Bằng.
const FAMILY: Array<[string, number]> = [
  ['Nguyễn', 30], ['Nông', 8], ['Hoàng', 8], ['Lê', 6], ['Trần', 6], ['Lương', 4], ['Bế', 4], ['Đàm', 3], ['Phạm', 3],
  ['Lục', 3], ['Triệu', 3], ['Lý', 3], ['Hà', 2], ['Vi', 2], ['Đinh', 2], ['Ma', 2], ['Sầm', 1], ['Mông', 1], ['Giàng', 1],
  ['Vũ', 2], ['Đặng', 2], ['Bùi', 2], ['Dương', 2], ['Lò', 1], ['Vàng', 1], ['Hứa', 1], ['La', 1],
];
const MIDDLE_M = ['Văn', 'Văn', 'Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Thanh', 'Ngọc', 'Xuân', 'Seo', 'A', 'Tiến', 'Công'];
const MIDDLE_F = ['Thị', 'Thị', 'Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh', 'Hồng', 'Kim', 'Phương', 'Mỹ', 'Diệu'];
const GIVEN_M = ['An', 'Anh', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Đông', 'Giang', 'Hải', 'Hào', 'Hiếu', 'Hòa', 'Hoàng', 'Hùng', 'Huy',
  'Khánh', 'Khoa', 'Kiên', 'Lâm', 'Long', 'Lực', 'Mạnh', 'Minh', 'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Quang', 'Sơn', 'Tài',
  'Thắng', 'Thành', 'Thịnh', 'Toàn', 'Trung', 'Tuấn', 'Tùng', 'Việt', 'Vinh', 'Dương', 'Chiến', 'Thuỷ', 'Lợi', 'Pao', 'Páo', 'Sính'];
const GIVEN_F = ['An', 'Anh', 'Bích', 'Chi', 'Dung', 'Duyên', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hiền', 'Hoa', 'Hoà', 'Hương', 'Huyền',
  'Lan', 'Liên', 'Linh', 'Loan', 'Mai', 'My', 'Nga', 'Ngân', 'Nhung', 'Oanh', 'Phương', 'Quỳnh', 'Thảo', 'Thu', 'Thủy', 'Trang',
  'Tuyết', 'Vân', 'Yến', 'Xuân', 'Khuyên', 'Mỷ', 'Dín', 'Sao', 'Mai Anh', 'Ngọc Anh'];
const VILLAGES = ['Bản Giới', 'Nà Lình', 'Pác Bó', 'Cốc Phường', 'Nà Vài', 'Bó Tờ', 'Khuổi Khon', 'Lũng Rì', 'Nặm Dạ', 'Tổ 3', 'Tổ 7', 'Xóm Chợ'];
const MOBILE_PREFIXES = ['032', '033', '034', '035', '036', '037', '038', '039', '086', '096', '097', '098', '088', '091', '094', '081', '082', '083', '084', '085', '070', '076', '077', '078', '079', '089', '090', '093', '056', '058', '059'];

export type SyntheticPerson = {
  fullName: string; birthYear: number; birthDate: string | null; sex: 'male' | 'female'; idType: 'cccd' | null; idNumber: string | null;
  phone: string | null; address: string; communeCode: string;
};

function pickWeighted(r: () => number, items: Array<[string, number]>, total: number): string {
  let x = r() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1]![0];
}

/** Person number i of a seeded population (stateless per i, so that batches can be generated independently). */
export function syntheticPerson(seed: number, i: number, communes: readonly string[], thisYear = 2026): SyntheticPerson {
  const r = prng(seed * 1_000_003 + i);
  const total = FAMILY.reduce((a, [, w]) => a + w, 0);
  const sex = r() < 0.5 ? 'male' : 'female';
  const family = pickWeighted(r, FAMILY, total);
  const middle = sex === 'male' ? MIDDLE_M[Math.floor(r() * MIDDLE_M.length)]! : MIDDLE_F[Math.floor(r() * MIDDLE_F.length)]!;
  const given = sex === 'male' ? GIVEN_M[Math.floor(r() * GIVEN_M.length)]! : GIVEN_F[Math.floor(r() * GIVEN_F.length)]!;
  const age = Math.floor(Math.pow(r(), 1.3) * 90);
  const birthYear = thisYear - 1 - age;
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  const hasDate = r() < 0.7;
  // Everyone from 14 has a CCCD here; its serial is the person number, so numbers are unique per seed.
  const hasId = age >= 14 && r() < 0.92;
  const idNumber = hasId
    ? `004${cccdDigitFor(birthYear, sex)}${String(birthYear % 100).padStart(2, '0')}${String((i * 7919 + seed) % 1_000_000).padStart(6, '0')}`
    : null;
  const hasPhone = age >= 15 && r() < 0.85;
  const phone = hasPhone ? `${MOBILE_PREFIXES[Math.floor(r() * MOBILE_PREFIXES.length)]}${String(Math.floor(r() * 10_000_000)).padStart(7, '0')}` : null;
  const commune = communes[Math.floor(Math.pow(r(), 1.6) * communes.length)]!;
  return {
    fullName: `${family} ${middle} ${given}`, birthYear,
    birthDate: hasDate ? `${birthYear}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` : null,
    sex, idType: idNumber ? 'cccd' : null, idNumber, phone,
    address: `${VILLAGES[Math.floor(r() * VILLAGES.length)]}, số ${1 + Math.floor(r() * 200)}`, communeCode: commune,
  };
}

/** Inserts people n from..to in batches through unnest (one statement per batch, 10 parameters whatever its size);
 * ids follow the person numbers. A CCCD collision within one seed (6 random digits per birth year and sex) leaves
 * that person without an ID.
 *
 * `parallel` > 1 keeps that many batches in flight on as many connections (the generated name columns make the
 * insert CPU-bound in the server): the id block is reserved first and ids are given explicitly, so the result is
 * the same. Batches in flight together are fewer than 1,000,000 persons apart, so their CCCD serials differ and
 * no collision can go unseen between two uncommitted batches. */
export async function insertSynthetic(db: Db, opts: { seed: number; from: number; to: number; communes: readonly string[]; batch?: number; parallel?: number; onBatch?: (done: number) => void }) {
  const batch = opts.batch ?? 5000;
  const parallel = Math.max(1, Math.min(opts.parallel ?? 1, Math.floor(1_000_000 / batch)));
  let firstId: number | null = null;
  if (parallel > 1 && opts.to > opts.from) {
    firstId = await db.transaction().execute(async (tx) => {
      await sql`lock table persons in exclusive mode`.execute(tx);
      const r = await sql<{ first: string }>`
        select greatest((select coalesce(max(id), 0) from persons),
                        coalesce(pg_sequence_last_value(pg_get_serial_sequence('persons', 'id')::regclass), 0)) + 1 as first`.execute(tx);
      const first = Number(r.rows[0]!.first);
      await sql`select setval(pg_get_serial_sequence('persons', 'id'), ${first + (opts.to - opts.from) - 1})`.execute(tx);
      return first;
    });
  }
  const inflight: Array<Promise<unknown>> = [];
  let done = 0;
  for (let start = opts.from; start < opts.to; start += batch) {
    const end = Math.min(opts.to, start + batch);
    const cols = { n: [] as string[], bd: [] as (string | null)[], by: [] as number[], s: [] as string[], it: [] as (string | null)[], id: [] as (string | null)[], p: [] as (string | null)[], a: [] as string[], c: [] as string[] };
    for (let i = start; i < end; i++) {
      const p = syntheticPerson(opts.seed, i, opts.communes);
      cols.n.push(p.fullName); cols.bd.push(p.birthDate); cols.by.push(p.birthYear); cols.s.push(p.sex);
      cols.it.push(p.idType); cols.id.push(p.idNumber); cols.p.push(p.phone); cols.a.push(p.address); cols.c.push(p.communeCode);
    }
    const rows = sql`
      from (
        select u.*, (u.id is not null and (row_number() over (partition by u.id order by u.ord) > 1
                     or exists (select 1 from persons x where x.id_number = u.id and x.merged_into is null))) as dup
        from unnest(${cols.n}::text[], ${cols.bd}::date[], ${cols.by}::int[], ${cols.s}::text[], ${cols.it}::text[],
                    ${cols.id}::text[], ${cols.p}::text[], ${cols.a}::text[], ${cols.c}::text[])
             with ordinality as u(n, bd, by, s, it, id, p, a, c, ord)
      ) t
      order by ord`;
    const q = firstId === null
      ? sql`
        insert into persons (full_name, birth_date, birth_year, sex, id_type, id_number, phone, address, commune_code)
        select n, bd, by, s, case when dup then null else it end, case when dup then null else id end, p, a, c ${rows}`.execute(db)
      : sql`
        insert into persons (id, full_name, birth_date, birth_year, sex, id_type, id_number, phone, address, commune_code) overriding system value
        select ${firstId + (start - opts.from) - 1}::bigint + ord, n, bd, by, s, case when dup then null else it end, case when dup then null else id end, p, a, c ${rows}`.execute(db);
    const settled = q.then(() => { done += end - start; opts.onBatch?.(done); });
    settled.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
    inflight.push(settled);
    if (inflight.length >= parallel) await inflight.shift();
  }
  await Promise.all(inflight);
}
