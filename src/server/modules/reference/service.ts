import { sql, type Transaction } from 'kysely';
import type { Database } from '../../schema.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { Actor } from '../../platform/context.ts';
import { audit } from '../../platform/audit.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import type { AdminUnit, ImportReport, PolicyRule } from '../../../contracts/reference.ts';
import { readUnitList, type UnitLevel } from './rules.ts';
import { readXlsxRows } from './xlsx.ts';
import { CAO_BANG_COMMUNES_2025 } from './seed/cao-bang.ts';
import { PROVINCE_AGENCIES } from './seed/agencies.ts';
import { POLICY_RULES } from './seed/rules.ts';
import { vnDate } from '../../platform/time.ts';
import {
  DISTRICTS_2020, DISTRICTS_FROM, HUE_2025, PROVINCES_2025, PROVINCES_BEFORE_2025, REFORM_2025, UNITS_63_FROM,
} from './seed/units.ts';

type Tx = Transaction<Database>;
const today = () => vnDate();

async function insertUnit(tx: Tx, u: { code: string; name: string; level: UnitLevel; parentId: number | null; from: string; to: string | null; source: string }) {
  const row = await tx
    .insertInto('admin_units')
    .values({ code: u.code, name: u.name, level: u.level, parent_id: u.parentId, valid_from: u.from, valid_to: u.to, source: u.source })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function link(tx: Tx, from: number, to: number, on: string, ref: string) {
  await tx.insertInto('admin_unit_successors').values({ predecessor_id: from, successor_id: to, effective_on: on, legal_ref: ref })
    .onConflict((oc) => oc.doNothing()).execute();
}

/** Loads the reference data the system needs (idempotent): provinces before and after 2025 with successor
 * links, the seed provinces' old districts, the demo province's communes and agencies, the policy rules. */
export async function seedReference(db: Db, provinceCode: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`lock table admin_units in exclusive mode`.execute(tx);
    const has = await tx.selectFrom('admin_units').select('id').where('level', '=', 'province').limit(1).executeTakeFirst();
    if (!has) {
      const src = 'seed';
      const current = new Map(PROVINCES_2025.map(([c, n]) => [c, n]));
      const ids2025 = new Map<string, number>();
      const old = new Map<string, number>();
      for (const [code, name, succ] of PROVINCES_BEFORE_2025) {
        const continues = succ === code && current.get(code) === name;
        const isHue = code === HUE_2025.code;
        const to = continues ? null : isHue ? HUE_2025.date : REFORM_2025.date;
        const id = await insertUnit(tx, { code, name, level: 'province', parentId: null, from: UNITS_63_FROM, to, source: src });
        old.set(code, id);
        if (continues) ids2025.set(code, id);
      }
      for (const [code, name] of PROVINCES_2025) {
        if (ids2025.has(code)) continue;
        const from = code === HUE_2025.code ? HUE_2025.date : REFORM_2025.date;
        ids2025.set(code, await insertUnit(tx, { code, name, level: 'province', parentId: null, from, to: null, source: src }));
      }
      for (const [code, , succ] of PROVINCES_BEFORE_2025) {
        const from = old.get(code)!;
        const to = ids2025.get(succ)!;
        if (from === to) continue;
        const isHue = code === HUE_2025.code;
        await link(tx, from, to, isHue ? HUE_2025.date : REFORM_2025.date, isHue ? HUE_2025.legalRef : REFORM_2025.legalRef);
      }
      for (const [prov, code, name] of DISTRICTS_2020) {
        await insertUnit(tx, { code, name, level: 'district', parentId: old.get(prov)!, from: DISTRICTS_FROM, to: REFORM_2025.date, source: 'seed (mã huyện cần đối chiếu)' });
      }
      if (provinceCode === '04') {
        const parent = ids2025.get('04')!;
        for (const [code, name] of CAO_BANG_COMMUNES_2025) {
          await insertUnit(tx, { code, name, level: 'commune', parentId: parent, from: REFORM_2025.date, to: null, source: 'QĐ 19/2025/QĐ-TTg' });
        }
      }
    }
    // Each seeded rule version once (migrations add rules of their own modules; an edited value is kept).
    for (const r of POLICY_RULES) {
      await tx.insertInto('policy_rules').values({
        key: r.key, version: r.version, value: JSON.stringify(r.value), valid_from: r.validFrom, valid_to: r.validTo, legal_ref: r.legalRef, note: r.note ?? null,
      }).onConflict((oc) => oc.columns(['key', 'version']).doNothing()).execute();
    }
  });
  await seedAgencies(db, provinceCode);
}

/** Province agencies, plus one UBND xã/phường per current commune of the province. */
export async function seedAgencies(db: Db, provinceCode: string): Promise<void> {
  const communes = await provinceCommunes(db, provinceCode);
  const rows = [
    ...PROVINCE_AGENCIES.map((a) => ({ ...a, communeCode: null as string | null })),
    ...communes.map((c) => ({
      code: `UBND_${c.code}`, name: `Ủy ban nhân dân ${c.name}`, shortName: `UBND ${c.name}`, kind: 'people_committee',
      aliases: [`UBND ${c.name}`, `UBND ${c.name.replace(/^(Xã|Phường|Đặc khu) /, '')}`], communeCode: c.code as string | null,
    })),
  ];
  for (const a of rows) {
    await db.insertInto('agencies')
      .values({ code: a.code, name: a.name, short_name: a.shortName, kind: a.kind, province_code: provinceCode, commune_code: a.communeCode, aliases: a.aliases })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
}

function validAt(at: string) {
  return sql<boolean>`daterange(admin_units.valid_from, admin_units.valid_to, '[)') @> ${at}::date`;
}

export async function listUnits(
  db: Db,
  q: { level?: UnitLevel; parent?: string; q?: string; at?: string; limit: number },
): Promise<AdminUnit[]> {
  const at = q.at ?? today();
  let query = db
    .selectFrom('admin_units')
    .leftJoin('admin_units as p', 'p.id', 'admin_units.parent_id')
    .select([
      'admin_units.id', 'admin_units.code', 'admin_units.name', 'admin_units.level', 'p.code as parentCode',
      'admin_units.valid_from', 'admin_units.valid_to',
    ])
    .where(validAt(at))
    .orderBy('admin_units.level')
    .orderBy('admin_units.code')
    .limit(q.limit);
  if (q.level) query = query.where('admin_units.level', '=', q.level);
  if (q.parent) query = query.where('p.code', '=', q.parent);
  if (q.q) query = query.where('admin_units.search_name', 'like', sql<string>`'%' || pd_fold(${q.q}) || '%'`);
  const rows = await query.execute();
  const succ = rows.length
    ? await db
        .selectFrom('admin_unit_successors as s')
        .innerJoin('admin_units as u', 'u.id', 's.successor_id')
        .select(['s.predecessor_id', 'u.code', 'u.name', 's.effective_on'])
        .where('s.predecessor_id', 'in', rows.map((r) => r.id))
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id, code: r.code, name: r.name, level: r.level as UnitLevel, parentCode: r.parentCode,
    validFrom: r.valid_from, validTo: r.valid_to,
    successors: succ.filter((s) => s.predecessor_id === r.id).map((s) => ({ code: s.code, name: s.name, effectiveOn: s.effective_on })),
  }));
}

export function provinceCommunes(db: Db, provinceCode: string, at?: string) {
  return listUnits(db, { level: 'commune', parent: provinceCode, at, limit: 5000 });
}

// Commune names change only by an import; a short-lived cache saves a round trip on every list shown.
const NAME_CACHE_MS = 60_000;
const nameCaches = new WeakMap<object, { at: number; day: string; names: Map<string, string> }>();

/** Names of current communes by code (for display); unknown codes are absent from the map. */
export async function communeNames(db: Db, codes: readonly string[], at = today()): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  let cache = nameCaches.get(db);
  if (!cache || cache.day !== at || Date.now() - cache.at > NAME_CACHE_MS) {
    const rows = await db.selectFrom('admin_units').select(['code', 'name']).where('level', '=', 'commune').where(validAt(at)).execute();
    cache = { at: Date.now(), day: at, names: new Map(rows.map((r) => [r.code, r.name])) };
    nameCaches.set(db, cache);
  }
  const all = cache.names;
  return new Map(codes.filter((c) => all.has(c)).map((c) => [c, all.get(c)!]));
}

export async function communeExists(db: Db | Tx, code: string, at = today()): Promise<boolean> {
  const r = await db.selectFrom('admin_units').select('id').where('level', '=', 'commune').where('code', '=', code).where(validAt(at)).executeTakeFirst();
  return Boolean(r);
}

/** Imports an official unit list. A new code is inserted; a known code with a new name closes the old unit
 * and opens a successor (codes are reused across reforms). Any row error and nothing is written. */
export async function importUnits(db: Db, actor: Actor, file: string | Buffer, opts: { validFrom?: string; dryRun?: boolean } = {}): Promise<ImportReport> {
  const validFrom = opts.validFrom ?? today();
  let rows: string | string[][];
  try {
    rows = typeof file === 'string' ? file : readXlsxRows(file);
  } catch (e) {
    throw invalid('reference.import_invalid', { rows: 0, errors: [{ line: 0, message: `XLSX: ${(e as Error).message}` }] });
  }
  const { units, errors } = readUnitList(rows);
  const report: ImportReport = { rows: units.length + errors.length, inserted: 0, renamed: 0, unchanged: 0, retired: 0, errors, byLevel: {} };
  for (const u of units) report.byLevel[u.level] = (report.byLevel[u.level] ?? 0) + 1;
  const order: Record<UnitLevel, number> = { province: 0, district: 1, commune: 2 };
  const sorted = [...units].sort((a, b) => order[a.level] - order[b.level]);
  const DryRun = Symbol('dry-run');
  try {
    await db.transaction().execute(async (tx) => {
      await sql`lock table admin_units in exclusive mode`.execute(tx);
      const current = await tx.selectFrom('admin_units').select(['id', 'code', 'name', 'level', 'parent_id', 'valid_from', 'valid_to'])
        .where(validAt(validFrom)).execute();
      const byKey = new Map(current.map((r) => [`${r.level}:${r.code}`, r]));
      for (const u of sorted) {
        const parent = u.parentCode
          ? byKey.get(`${u.parentCode.length === 2 ? 'province' : 'district'}:${u.parentCode}`)
          : undefined;
        if (u.parentCode && !parent) {
          report.errors.push({ line: u.line, message: `không có đơn vị cấp trên ${u.parentCode} / unknown parent ${u.parentCode}` });
          continue;
        }
        const existing = byKey.get(`${u.level}:${u.code}`);
        const parentId = parent?.id ?? null;
        if (existing && existing.name === u.name && existing.parent_id === parentId) {
          report.unchanged++;
          continue;
        }
        const source = `import ${validFrom}`;
        if (existing && existing.valid_from === validFrom) {
          // The unit began on this very date: a correction of the same unit, not a successor.
          await tx.updateTable('admin_units').set({ name: u.name, parent_id: parentId, source }).where('id', '=', existing.id).execute();
          byKey.set(`${u.level}:${u.code}`, { ...existing, name: u.name, parent_id: parentId });
          report.renamed++;
        } else if (existing) {
          await tx.updateTable('admin_units').set({ valid_to: validFrom }).where('id', '=', existing.id).execute();
          // A back-dated list: the successor ends where the unit it replaces ended.
          const id = await insertUnit(tx, { code: u.code, name: u.name, level: u.level, parentId, from: validFrom, to: existing.valid_to, source });
          await link(tx, existing.id, id, validFrom, source);
          byKey.set(`${u.level}:${u.code}`, { id, code: u.code, name: u.name, level: u.level, parent_id: parentId, valid_from: validFrom, valid_to: existing.valid_to });
          report.renamed++;
        } else {
          const id = await insertUnit(tx, { code: u.code, name: u.name, level: u.level, parentId, from: validFrom, to: null, source });
          byKey.set(`${u.level}:${u.code}`, { id, code: u.code, name: u.name, level: u.level, parent_id: parentId, valid_from: validFrom, valid_to: null });
          report.inserted++;
        }
      }
      if (report.errors.length > 0 || opts.dryRun) throw DryRun;
      await audit(tx, actor, { action: 'reference.import_units', entity: 'admin_units', recordCount: units.length, details: { ...report, errors: undefined } });
    });
    nameCaches.delete(db); // after the commit, so no reader reloads the old names in between
  } catch (e) {
    if (e !== DryRun) throw e;
    report.errors.sort((a, b) => a.line - b.line); // parse errors and unknown parents, in file order
    if (report.errors.length > 0 && !opts.dryRun) throw invalid('reference.import_invalid', report);
  }
  return report;
}

export async function listAgencies(db: Db) {
  const rows = await db.selectFrom('agencies').selectAll().where('active', '=', true).orderBy('commune_code', 'desc').orderBy('id').execute();
  return rows.map((a) => ({ id: a.id, code: a.code, name: a.name, shortName: a.short_name, kind: a.kind, communeCode: a.commune_code, aliases: a.aliases }));
}

type RuleRow = { id: number; key: string; version: string; value: unknown; valid_from: string; valid_to: string | null; legal_ref: string; note: string | null };

function toRule(r: RuleRow): PolicyRule {
  return { id: r.id, key: r.key, version: r.version, value: r.value, validFrom: r.valid_from, validTo: r.valid_to, legalRef: r.legal_ref, note: r.note };
}

export async function listRules(db: Db, key?: string): Promise<PolicyRule[]> {
  let q = db.selectFrom('policy_rules').selectAll().orderBy('key').orderBy('valid_from');
  if (key) q = q.where('key', '=', key);
  return (await q.execute()).map(toRule);
}

/** The one version of a rule in force on a date. A decision stores the returned id and version. */
/** The versions of several rules in force on a day, in one query (a key with none in force is absent). */
export async function rulesInForceOn(db: Db | Tx, keys: readonly string[], at: string): Promise<Map<string, PolicyRule>> {
  if (!keys.length) return new Map();
  const rows = await db.selectFrom('policy_rules').selectAll().where('key', 'in', [...keys])
    .where(sql<boolean>`daterange(valid_from, valid_to, '[)') @> ${at}::date`).execute();
  return new Map(rows.map((r) => [r.key, toRule(r)]));
}

export async function ruleInForce(db: Db | Tx, key: string, at: string): Promise<PolicyRule> {
  const r = await db.selectFrom('policy_rules').selectAll().where('key', '=', key)
    .where(sql<boolean>`daterange(valid_from, valid_to, '[)') @> ${at}::date`).executeTakeFirst();
  if (!r) throw notFound('reference.rule_not_found', { key, at });
  return toRule(r);
}

