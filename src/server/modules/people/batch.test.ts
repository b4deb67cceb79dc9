import fc from 'fast-check';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cccd, COMMUNE_A, COMMUNE_B, makeUser, testApp, type TestApp } from '../../../../test/helpers.ts';
import { systemActor, type Actor } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { Database } from '../../schema.ts';
import { foldVietnamese } from '../../../contracts/identity.ts';
import { createPerson, matchOrRegisterPersons, mergePeople, searchPeople, type PersonMatch, type PersonWanted } from './index.ts';

let t: TestApp;
let actor: Actor;

beforeAll(async () => {
  t = await testApp();
  const user = await makeUser(t.app, 'health');
  actor = { ...systemActor(['person.read', 'person.write']), id: user.id, username: user.username, role: 'health', requestId: 'req-batch' };
});
afterAll(async () => { await t.close(); });

let phoneSeq = 0;
const newPhone = () => `0913${String(++phoneSeq).padStart(6, '0')}`;
let idSeq = 0;
const newCccd = (year = 1985, sex: 'male' | 'female' = 'male') => cccd(year, sex, 100_000 + ++idSeq);

const want = (over: Partial<PersonWanted> = {}): PersonWanted => ({
  fullName: 'Nguyễn Văn Minh', birthYear: 1985, sex: 'male', idType: null, idNumber: null, phone: newPhone(),
  address: 'Số 1 phố Hiến Giang', communeCode: COMMUNE_A, nationality: 'VN', ...over,
});

type Seed = { fullName: string; birthYear?: number | null; phone?: string | null; idType?: string | null; idNumber?: string | null; mergedInto?: number | null; communeCode?: string };

async function seed(db: Db, p: Seed): Promise<number> {
  const r = await sql<{ id: number }>`
    insert into persons (full_name, birth_year, phone, id_type, id_number, commune_code, merged_into, merged_at)
    values (${p.fullName}, ${p.birthYear ?? null}, ${p.phone ?? null}, ${p.idNumber ? p.idType ?? 'cccd' : null}, ${p.idNumber ?? null},
      ${p.communeCode ?? COMMUNE_A}, ${p.mergedInto ?? null}, ${p.mergedInto ? new Date() : null})
    returning id`.execute(db);
  return r.rows[0]!.id;
}

const match = (wanted: PersonWanted[], opts?: { purpose?: string }) =>
  t.app.db.transaction().execute((tx) => matchOrRegisterPersons(tx, actor, wanted, opts));

async function personsWith(where: { phone?: string; idNumber?: string }) {
  let q = t.app.db.selectFrom('persons').selectAll().orderBy('id');
  if (where.phone) q = q.where('phone', '=', where.phone);
  if (where.idNumber) q = q.where('id_number', '=', where.idNumber);
  return q.execute();
}

describe('matchOrRegisterPersons', () => {
  it('returns nothing for nothing, without a statement', async () => {
    expect(await matchOrRegisterPersons(t.app.db, actor, [])).toEqual([]);
  });

  it('matches by identity number (type and number), whatever the phone and name', async () => {
    const x = newCccd();
    const a = await seed(t.app.db, { fullName: 'Nguyễn Văn Minh', birthYear: 1985, phone: newPhone(), idType: 'cccd', idNumber: x });
    const r = await match([want({ fullName: 'Tên Khác Hẳn', birthYear: 1999, idType: 'cccd', idNumber: x })]);
    expect(r).toEqual([{ id: a, match: 'id_number' }]);
    // The same number as another kind of document is another identity.
    const other = await match([want({ idType: 'passport', idNumber: x })]);
    expect(other[0]).toMatchObject({ match: 'created' });
    expect(other[0]!.id).not.toBe(a);
  });

  it('matches by phone with the same name (diacritics and case folded) and a birth year unknown or equal; the lowest id first', async () => {
    const p = newPhone();
    const hoa = await seed(t.app.db, { fullName: 'Trần Thị Hoà', birthYear: null, phone: p });
    const tam = await seed(t.app.db, { fullName: 'Lê Văn Tám', birthYear: 1980, phone: p });
    const tam2 = await seed(t.app.db, { fullName: 'Lê Văn Tám', birthYear: 1980, phone: p });
    expect(await match([
      want({ fullName: 'tran thi hoa', birthYear: 1990, phone: p }),
      want({ fullName: 'TRẦN THỊ HÒA', birthYear: null, phone: p }),
      want({ fullName: 'Lê  Văn Tám ', birthYear: 1980, phone: p, idType: 'cccd', idNumber: newCccd(1980) }),
    ])).toEqual([{ id: hoa, match: 'phone' }, { id: hoa, match: 'phone' }, { id: tam, match: 'phone' }]);
    expect(tam2).toBeGreaterThan(tam);
    // A known birth year that differs, or one the person has and the declarant does not give: not the same person.
    const [other] = await match([want({ fullName: 'Lê Văn Tám', birthYear: 1981, phone: p })]);
    expect(other!.match).toBe('created');
    const [noYear] = await match([want({ fullName: 'Lê Văn Tám', birthYear: null, phone: p })]);
    expect(noYear!.match).toBe('created');
  });

  it('does not match by phone when the name differs or the identity numbers contradict', async () => {
    const p = newPhone();
    const y = newCccd(1970);
    const nam = await seed(t.app.db, { fullName: 'Hoàng Văn Nam', birthYear: 1970, phone: p, idType: 'cccd', idNumber: y });
    const r = await match([
      want({ fullName: 'Hoàng Văn Bắc', birthYear: 1970, phone: p }),
      want({ fullName: 'Hoàng Văn Nam', birthYear: 1970, phone: p, idType: 'cccd', idNumber: newCccd(1970) }),
      want({ fullName: 'Hoàng Văn Nam', birthYear: 1970, phone: p }),
    ]);
    expect(r.map((m) => m.match)).toEqual(['created', 'created', 'phone']);
    expect(r[2]!.id).toBe(nam);
    expect(new Set(r.map((m) => m.id)).size).toBe(3);
  });

  it('never matches a merged person', async () => {
    const x = newCccd(1970, 'female');
    const p = newPhone();
    const dup = await seed(t.app.db, { fullName: 'Đặng Thị Lan', birthYear: 1970, phone: p, idType: 'cccd', idNumber: x });
    const survivor = await seed(t.app.db, { fullName: 'Đặng Thị Lan', birthYear: 1970, phone: newPhone() });
    await mergePeople(t.app.db, actor, survivor, dup, 1);
    const r = await match([
      want({ fullName: 'Đặng Thị Lan', birthYear: 1970, sex: 'female', phone: newPhone(), idType: 'cccd', idNumber: x }),
      want({ fullName: 'Đặng Thị Lan', birthYear: 1970, sex: 'female', phone: p }),
    ]);
    // The number went to the survivor with the merge; the merged record's phone finds nobody.
    expect(r[0]).toEqual({ id: survivor, match: 'id_number' });
    expect(r[1]!.match).toBe('created');
    expect(r.map((m) => m.id)).not.toContain(dup);
  });

  it('creates the others with their history and audit rows; the results are in input order', async () => {
    const x = newCccd(1990);
    const byId = await seed(t.app.db, { fullName: 'Vi Văn Khánh', birthYear: 1990, phone: newPhone(), idType: 'cccd', idNumber: x });
    const p = newPhone();
    const byPhone = await seed(t.app.db, { fullName: 'Nông Thị Mai', birthYear: 1992, phone: p });
    const n1 = want({ fullName: 'Bế Văn Tuấn', birthYear: 2001, sex: 'male', phone: newPhone(), address: null, communeCode: COMMUNE_B });
    const y = newCccd(1960, 'female');
    const n2 = want({ fullName: 'Hà Thị Xuân', birthYear: 1960, sex: 'female', phone: newPhone(), idType: 'cccd', idNumber: y, nationality: 'VN' });
    const r = await match([
      want({ fullName: 'Vi Văn Khánh', idType: 'cccd', idNumber: x }),
      n1,
      want({ fullName: 'nong thi mai', birthYear: 1992, phone: p }),
      n2,
    ], { purpose: 'declaration' });
    expect(r.map((m) => m.match)).toEqual(['id_number', 'created', 'phone', 'created']);
    expect(r[0]!.id).toBe(byId);
    expect(r[2]!.id).toBe(byPhone);
    const [id1, id2] = [r[1]!.id, r[3]!.id];
    expect(id2).toBeGreaterThan(id1);

    const rows = await t.app.db.selectFrom('persons').selectAll().where('id', 'in', [id1, id2]).orderBy('id').execute();
    expect(rows[0]).toMatchObject({
      full_name: 'Bế Văn Tuấn', birth_year: 2001, sex: 'male', id_type: null, id_number: null, phone: n1.phone, address: null,
      commune_code: COMMUNE_B, nationality: 'VN', version: 1, merged_into: null, created_by: actor.id, updated_by: actor.id, search_name: 'be van tuan',
    });
    expect(rows[1]).toMatchObject({ full_name: 'Hà Thị Xuân', id_type: 'cccd', id_number: y, phone: n2.phone, address: n2.address, sex: 'female' });

    const history = await t.app.db.selectFrom('person_history').selectAll().where('person_id', 'in', [id1, id2]).orderBy('person_id').execute();
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ person_id: id1, version: 1, change: 'create', changed_by: actor.id, other_person_id: null });
    expect(history[0]!.data).toEqual({
      fullName: 'Bế Văn Tuấn', birthDate: null, birthYear: 2001, sex: 'male', idType: null, idNumber: null, phone: n1.phone,
      address: null, communeCode: COMMUNE_B, nationality: 'VN',
    });
    expect(history[1]!.data).toMatchObject({ fullName: 'Hà Thị Xuân', idType: 'cccd', idNumber: y, birthYear: 1960 });

    // The same snapshot as createPerson stores.
    const single = await createPerson(t.app.db, actor, {
      fullName: 'Bế Văn Tuấn', birthYear: 2001, birthDate: null, sex: 'male', idType: null, idNumber: null, phone: n1.phone,
      address: null, communeCode: COMMUNE_B, nationality: 'VN', confirmNotDuplicate: true,
    });
    const singleHistory = await t.app.db.selectFrom('person_history').select('data').where('person_id', '=', single.id).executeTakeFirstOrThrow();
    expect(singleHistory.data).toEqual(history[0]!.data);

    const audits = await t.app.db.selectFrom('audit_log').selectAll()
      .where('action', 'in', ['person.create', 'person.match']).where('request_id', '=', 'req-batch')
      .where((eb) => eb.or([eb('entity_id', 'in', [String(id1), String(id2)]), eb('action', '=', 'person.match')]))
      .orderBy('id').execute();
    const creates = audits.filter((a) => a.action === 'person.create');
    expect(creates.map((a) => a.entity_id)).toEqual([String(id1), String(id2)]);
    for (const a of creates) {
      expect(a).toMatchObject({ entity: 'person', purpose: 'declaration', outcome: 'ok', record_count: 1, actor_id: actor.id, actor_username: actor.username, details: { source: 'batch' } });
    }
    const read = audits.filter((a) => a.action === 'person.match').at(-1)!;
    expect(read).toMatchObject({ entity: 'person', entity_id: null, purpose: 'declaration', record_count: 2, details: { ids: [byId, byPhone].sort((a, b) => a - b) } });
  });

  it('writes no read audit row when nothing matched, and defaults the purpose to registry', async () => {
    const before = await t.app.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'person.match').executeTakeFirstOrThrow();
    const [r] = await match([want({ fullName: 'Ma Văn Độc', phone: newPhone() })]);
    const after = await t.app.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'person.match').executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const a = await t.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'person.create').where('entity_id', '=', String(r!.id)).executeTakeFirstOrThrow();
    expect(a.purpose).toBe('registry');
  });

  it('collapses duplicates within one call into one person', async () => {
    const x = newCccd(1975);
    const p = newPhone();
    const q = newPhone();
    const r = await match([
      want({ fullName: 'Lục Văn Sơn', birthYear: 1975, idType: 'cccd', idNumber: x, phone: newPhone() }),
      want({ fullName: 'Luc Van Son', birthYear: 1975, idType: 'cccd', idNumber: x, phone: newPhone() }),
      want({ fullName: 'Mông Thị Hạnh', birthYear: null, phone: p }),
      want({ fullName: 'MÔNG THỊ HẠNH', birthYear: null, phone: p }),
      want({ fullName: 'Sầm Văn Hùng', birthYear: 1966, phone: q, idType: 'cccd', idNumber: newCccd(1966) }),
      want({ fullName: 'Sầm Văn Hùng', birthYear: 1966, phone: q }),
    ]);
    expect(r.map((m) => m.match)).toEqual(['created', 'id_number', 'created', 'phone', 'created', 'phone']);
    expect(r[1]!.id).toBe(r[0]!.id);
    expect(r[3]!.id).toBe(r[2]!.id);
    expect(r[5]!.id).toBe(r[4]!.id);
    expect(await personsWith({ idNumber: x })).toHaveLength(1);
    expect(await personsWith({ phone: p })).toHaveLength(1);
    expect(await personsWith({ phone: q })).toHaveLength(1);
    const h = await t.app.db.selectFrom('person_history').select('person_id').where('person_id', 'in', [r[0]!.id, r[2]!.id, r[4]!.id]).execute();
    expect(h).toHaveLength(3);
  });

  it('two transactions registering the same new person at once end with one person, both given its id', async () => {
    const x = newCccd(1988);
    const p = newPhone();
    const once = (w: PersonWanted) => t.app.db.transaction().execute(async (tx) => {
      const r = await matchOrRegisterPersons(tx, actor, [w]);
      await sql`select pg_sleep(0.2)`.execute(tx); // hold the transaction open while the other one runs
      return r[0]!;
    });
    const [a, b] = await Promise.all([
      once(want({ fullName: 'Triệu Văn Long', birthYear: 1988, idType: 'cccd', idNumber: x, phone: newPhone() })),
      once(want({ fullName: 'Triệu Văn Long', birthYear: 1988, idType: 'cccd', idNumber: x, phone: newPhone() })),
    ]);
    expect(a.id).toBe(b.id);
    expect([a.match, b.match].sort()).toEqual(['created', 'id_number']);
    expect(await personsWith({ idNumber: x })).toHaveLength(1);
    // Without an identity number: the lock of the phone.
    const [c, d] = await Promise.all([
      once(want({ fullName: 'Lương Thị Thu', birthYear: 1995, phone: p })),
      once(want({ fullName: 'Luong Thi Thu', birthYear: 1995, phone: p })),
    ]);
    expect(c.id).toBe(d.id);
    expect([c.match, d.match].sort()).toEqual(['created', 'phone']);
    expect(await personsWith({ phone: p })).toHaveLength(1);
  });

  it('a number registered meanwhile by a writer that takes no lock: the batch waits for it, then uses that person', async () => {
    const x = newCccd(1977);
    const other = want({ fullName: 'Nguyễn Thị Đào', birthYear: 1950, sex: 'female' });
    const officer = await t.app.db.startTransaction().execute();
    const theirs = await seed(officer, { fullName: 'Phùng Văn Quý', birthYear: 1977, phone: newPhone(), idType: 'cccd', idNumber: x });
    let settled = false;
    const pending = match([want({ fullName: 'Phùng Văn Quý', birthYear: 1977, idType: 'cccd', idNumber: x }), other])
      .finally(() => { settled = true; });
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false); // the insert waits on the officer's uncommitted row
    await officer.commit().execute();
    const r = await pending;
    expect(r[0]).toEqual({ id: theirs, match: 'id_number' });
    expect(r[1]!.match).toBe('created');
    expect(await personsWith({ idNumber: x })).toHaveLength(1);
    // The first attempt's row for `other` was taken back: one person, one history row, one audit row.
    expect(await personsWith({ phone: other.phone })).toHaveLength(1);
    const h = await t.app.db.selectFrom('person_history').select('id').where('person_id', '=', r[1]!.id).execute();
    expect(h).toHaveLength(1);
    const created = await t.app.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'person.create')
      .where('details', '@>', sql<any>`'{"source":"batch"}'::jsonb`).where('request_id', '=', 'req-batch').execute();
    const ids = created.map((c) => Number(c.entity_id));
    expect(ids).toContain(r[1]!.id);
    const existing = await t.app.db.selectFrom('persons').select('id').where('id', 'in', ids).execute();
    expect(existing).toHaveLength(ids.length); // no audit row for a person taken back
  });

  it('refuses an identity number without its type', async () => {
    await expect(match([want({ idType: null, idNumber: newCccd() })])).rejects.toThrow(/without its type/);
  });

  it('issues the same few statements whatever the batch size', async () => {
    let n = 0;
    const counting = new Kysely<Database>({ dialect: new PostgresDialect({ pool: t.app.pool }), log: (e) => { if (e.level === 'query') n++; } });
    const statements = (wanted: PersonWanted[]) => counting.transaction().execute(async (tx) => {
      n = 0;
      const r = await matchOrRegisterPersons(tx, actor, wanted);
      return { n, r };
    });
    const batch = async (size: number, fresh: boolean) => {
      const out: PersonWanted[] = [];
      for (let i = 0; i < size; i++) {
        const p = newPhone();
        if (!fresh) await seed(t.app.db, { fullName: `Khách Số ${i}`, birthYear: 1980, phone: p });
        out.push(want({ fullName: `Khách Số ${i}`, birthYear: 1980, phone: p }));
      }
      return out;
    };
    const mixed = async (size: number) => [...(await batch(size / 2, false)), ...(await batch(size / 2, true))];
    const small = await statements(await mixed(4));
    const large = await statements(await mixed(200));
    expect(large.r.filter((m) => m.match === 'created')).toHaveLength(100);
    expect(large.r.filter((m) => m.match === 'phone')).toHaveLength(100);
    // read, locks, read again, one insert of persons + history + audit inside a savepoint (undone, not deleted,
    // when a row met a number registered meanwhile)
    expect(small.n).toBe(6);
    expect(large.n).toBe(small.n);
    const allKnown = await statements(await batch(50, false));
    expect(allKnown.r.every((m) => m.match === 'phone')).toBe(true);
    expect(allKnown.n).toBe(2); // read, audit row
  });
});

// ---------------------------------------------------------------------------------------------------------
// Equivalence with the one-at-a-time rule of declarations (intake findPerson/personFor, copied here verbatim
// but for the input type: they are not exported), over random small registries and batches.

async function refFind(db: Db, actor: Actor, f: PersonWanted): Promise<PersonMatch | null> {
  if (f.idNumber) {
    const r = await searchPeople(db, actor, { q: f.idNumber, page: 1, pageSize: 10, purpose: 'registry' });
    const hit = r.items.find((p) => p.idNumber === f.idNumber && p.idType === f.idType);
    if (hit) return { id: hit.id, match: 'id_number' };
  }
  const r = await searchPeople(db, actor, { q: f.phone, page: 1, pageSize: 50, purpose: 'registry' });
  const name = foldVietnamese(f.fullName);
  const hit = r.items.find((p) => p.phone === f.phone && foldVietnamese(p.fullName) === name
    && (p.birthYear == null || p.birthYear === f.birthYear)
    && (!f.idNumber || !p.idNumber || (p.idNumber === f.idNumber && p.idType === f.idType)));
  return hit ? { id: hit.id, match: 'phone' } : null;
}

async function refPersonFor(db: Db, actor: Actor, f: PersonWanted): Promise<PersonMatch> {
  const found = await refFind(db, actor, f);
  if (found) return found;
  try {
    const p = await createPerson(db, actor, {
      fullName: f.fullName, birthYear: f.birthYear, birthDate: null, sex: f.sex, idType: f.idType, idNumber: f.idNumber,
      phone: f.phone, address: f.address, communeCode: f.communeCode, nationality: f.nationality,
      confirmNotDuplicate: true,
    });
    return { id: p.id, match: 'created' };
  } catch (e) {
    if (e instanceof AppError && e.code === 'person.duplicate_id') {
      const again = await refFind(db, systemActor(['person.read']), f);
      if (again) return again;
    }
    throw e;
  }
}

const NAMES = ['Nguyễn Văn An', 'nguyen van an', 'NGUYỄN VĂN ÂN', 'Trần Thị Bình', 'Tran Thi Binh', 'Lê Thị Hoà', 'Lê Thị Hòa', 'Đỗ Đức Đạt'];
type Spec = { name: string; phone: number | null; id: number | null; idType: 'cccd' | 'passport'; birthYear: number | null; sex: 'male' | 'female' | null };
const specArb = fc.record({
  name: fc.constantFrom(...NAMES),
  phone: fc.option(fc.integer({ min: 0, max: 2 }), { freq: 6 }),
  id: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 2 }),
  idType: fc.constantFrom('cccd' as const, 'cccd' as const, 'passport' as const),
  birthYear: fc.constantFrom(null, 1980, 1990),
  sex: fc.constantFrom(null, 'male' as const, 'female' as const),
});
const registryArb = fc.array(fc.record({ spec: specArb, merged: fc.constantFrom(false, false, false, true) }), { maxLength: 6 });
const wantedArb = fc.array(specArb.map((s) => ({ ...s, phone: s.phone ?? 0 })), { minLength: 1, maxLength: 7 });

describe('matchOrRegisterPersons ≡ one declaration after another', () => {
  let run = 0;
  it('gives the same matches and the same grouping into persons as the sequential rule', async () => {
    await fc.assert(fc.asyncProperty(registryArb, wantedArb, async (registry, wanted) => {
      run++;
      // Two disjoint copies of the same world (phones and numbers differ by one digit): one for each side.
      const phoneOf = (u: number, k: number) => `09${u}${String(run).padStart(4, '0')}${String(k).padStart(3, '0')}`;
      const idOf = (u: number, k: number) => `00${u}${String(run).padStart(5, '0')}${String(k).padStart(4, '0')}`;
      // A valid registry: merged records need someone to be merged into; one living record per number.
      const living = registry.filter((r) => !r.merged);
      const rows = living.length ? registry : [];
      const taken = new Set<string>();
      const normal = rows.map((r) => {
        if (r.merged || r.spec.id == null) return r;
        const key = `${r.spec.idType}:${r.spec.id}`;
        if (taken.has(key)) return { ...r, spec: { ...r.spec, id: null } };
        taken.add(key);
        return r;
      });
      const world = async (u: number) => {
        const ids: number[] = [];
        for (const r of normal.filter((x) => !x.merged)) {
          ids[normal.indexOf(r)] = await seed(t.app.db, {
            fullName: r.spec.name, birthYear: r.spec.birthYear, phone: r.spec.phone == null ? null : phoneOf(u, r.spec.phone),
            idType: r.spec.idType, idNumber: r.spec.id == null ? null : idOf(u, r.spec.id),
          });
        }
        const into = ids.find((x) => x !== undefined)!;
        for (const [j, r] of normal.entries()) {
          if (!r.merged) continue;
          ids[j] = await seed(t.app.db, {
            fullName: r.spec.name, birthYear: r.spec.birthYear, phone: r.spec.phone == null ? null : phoneOf(u, r.spec.phone),
            idType: r.spec.idType, idNumber: r.spec.id == null ? null : idOf(u, r.spec.id), mergedInto: into,
          });
        }
        const items: PersonWanted[] = wanted.map((s) => ({
          fullName: s.name, birthYear: s.birthYear, sex: s.sex, idType: s.id == null ? null : s.idType, idNumber: s.id == null ? null : idOf(u, s.id),
          phone: phoneOf(u, s.phone), address: null, communeCode: COMMUNE_A, nationality: 'VN',
        }));
        return { ids, items };
      };
      const canonical = (seeded: number[], results: PersonMatch[]) => {
        const first = new Map<number, number>();
        return results.map((m, i) => {
          const s = seeded.indexOf(m.id);
          if (!first.has(m.id)) first.set(m.id, i);
          return `${m.match}:${s >= 0 ? `seed${s}` : `new${first.get(m.id)}`}`;
        });
      };

      const a = await world(1);
      const batch = await t.app.db.transaction().execute((tx) => matchOrRegisterPersons(tx, actor, a.items));
      const b = await world(2);
      const sequential: PersonMatch[] = [];
      for (const item of b.items) sequential.push(await refPersonFor(t.app.db, actor, item));
      expect(canonical(a.ids, batch)).toEqual(canonical(b.ids, sequential));
    }), { numRuns: 50 });
  });
});
