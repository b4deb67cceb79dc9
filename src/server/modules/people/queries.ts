// SQL of the people registry (Kysely). No business rules here: scope and validation live in service.ts.
import { sql, type Compilable, type Expression, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../../schema.ts';
import type { Db } from '../../platform/db/connect.ts';
import { likeEscape, type SearchIntent } from './rules.ts';

export type PersonRow = {
  id: number; full_name: string; birth_date: string | null; birth_year: number | null; sex: string | null;
  id_type: string | null; id_number: string | null; phone: string | null; address: string | null;
  commune_code: string; nationality: string; version: number; merged_into: number | null;
  created_at: Date; updated_at: Date; search_name: string;
};

const COLUMNS = [
  'persons.id', 'persons.full_name', 'persons.birth_date', 'persons.birth_year', 'persons.sex', 'persons.id_type',
  'persons.id_number', 'persons.phone', 'persons.address', 'persons.commune_code', 'persons.nationality',
  'persons.version', 'persons.merged_into', 'persons.created_at', 'persons.updated_at', 'persons.search_name',
] as const;

/** Past this many matches a name search stops counting and ranks within the first candidates found
 * (plus every exact match): the officer is asked to refine rather than page through a whole surname. */
export const CANDIDATE_CAP = 2000;
/** Browsing without a query (filters only) counts up to this many (an index-only scan), then says "more than". */
export const BROWSE_COUNT_CAP = 10_000;

export type SearchFilter = {
  intent: SearchIntent;
  communes: readonly string[] | null; // null = whole province
  commune?: string;
  sex?: string;
  birthYear?: number;
  limit: number;
  offset: number;
  /** Runs a single-statement read together with its audit row (platform readWithAudit); optional. */
  read?: (q: Compilable<{ id: number }>) => Promise<Array<{ id: number }>>;
};

export async function searchPersons(db: Db, f: SearchFilter): Promise<{ rows: PersonRow[]; total: number; capped: boolean; audited?: boolean }> {
  const filters = (eb: any): Expression<SqlBool> => {
    const conds: Expression<SqlBool>[] = [eb('persons.merged_into', 'is', null)];
    if (f.communes) conds.push(eb('persons.commune_code', 'in', f.communes));
    if (f.commune) conds.push(eb('persons.commune_code', '=', f.commune));
    if (f.sex) conds.push(eb('persons.sex', '=', f.sex));
    if (f.birthYear) conds.push(eb('persons.birth_year', '=', f.birthYear));
    const i = f.intent;
    if (i.kind === 'id') {
      conds.push(i.phone ? eb.or([eb('persons.id_number', '=', i.value), eb('persons.phone', '=', i.phone)]) : eb('persons.id_number', '=', i.value));
    } else if (i.kind === 'phone') conds.push(eb('persons.phone', '=', i.value));
    return eb.and(conds);
  };

  if (f.intent.kind === 'id' || f.intent.kind === 'phone') {
    // Few rows: one round trip (with its audit row when the caller gives an audited reader), the count as a
    // window over the matches.
    const query = db.selectFrom('persons').where(filters).select(COLUMNS).select(sql<number>`count(*) over ()`.as('total'))
      .orderBy('persons.search_name').orderBy('persons.id').limit(f.limit).offset(f.offset);
    const rows = (f.read ? await f.read(query) : await query.execute()) as unknown as Array<PersonRow & { total: number }>;
    rows.sort((a, b) => (a.search_name < b.search_name ? -1 : a.search_name > b.search_name ? 1 : a.id - b.id));
    const total = rows.length ? Number(rows[0]!.total) : 0;
    return { rows, total, capped: false, audited: Boolean(f.read) };
  }
  if (f.intent.kind === 'none') {
    const base = db.selectFrom('persons').where(filters);
    const [rows, count] = await Promise.all([
      base.select(COLUMNS).orderBy('persons.search_name').orderBy('persons.id').limit(f.limit).offset(f.offset).execute(),
      sql<{ n: number }>`select count(*)::int as n from (${base.select('persons.id').limit(BROWSE_COUNT_CAP + 1)}) c`.execute(db).then((r) => r.rows[0]!.n),
    ]);
    const capped = count > BROWSE_COUNT_CAP;
    return { rows: rows as PersonRow[], total: capped ? BROWSE_COUNT_CAP : count, capped };
  }

  const { folded, nfc, tokens } = f.intent;
  const words = sql<boolean>`persons.search_words @> ${tokens}::text[]`;
  const exact = db.selectFrom('persons').select('persons.id').where(filters).where('persons.search_name', '=', folded);
  // A LIMIT inside a UNION branch needs its own subquery, or it would limit the whole union.
  const capped = (q: typeof exact) => db.selectFrom(q.limit(CANDIDATE_CAP + 1).as('c')).select('c.id');
  const wholeWords = capped(db.selectFrom('persons').select('persons.id').where(filters).where(words));
  // Parts of words ("thi ho"): the trigram index, for when whole words do not fill the page.
  const tokenConds = (eb: any) => eb.and(tokens.map((t) => eb('persons.search_name', 'like', `%${likeEscape(t)}%`)));
  const partial = capped(db.selectFrom('persons').select('persons.id').where(filters).where(tokenConds));
  const rank = sql<number>`case
      when persons.full_name = ${nfc} then 0
      when persons.search_name = ${folded} then 1
      when ${words} and persons.search_name like ${`${likeEscape(folded)}%`} then 2
      when ${words} and persons.search_name like ${`%${likeEscape(folded)}`} then 3
      when ${words} then 4
      when persons.search_name like ${`%${likeEscape(folded)}%`} then 5
      else 6 end`;
  const page = async (candidates: ReturnType<typeof exact.union>) => {
    const rows = await db.with('cand', () => candidates).selectFrom('persons').innerJoin('cand', 'cand.id', 'persons.id')
      .select(COLUMNS).select(sql<number>`count(*) over ()`.as('total'))
      .orderBy(rank).orderBy(sql`similarity(persons.search_name, ${folded})`, 'desc').orderBy('persons.search_name').orderBy('persons.id')
      .limit(f.limit).offset(f.offset).execute();
    let total = rows.length ? Number((rows[0] as { total: number }).total) : 0;
    if (!rows.length && f.offset > 0) {
      const c = await db.with('cand', () => candidates).selectFrom('cand').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      total = Number(c.n);
    }
    return { rows: rows as unknown as PersonRow[], total };
  };
  // Whole-word matches rank before partial ones, so when they fill the page the partial search is skipped
  // (and the total, counting whole-word matches only, is reported as an estimate).
  const first = await page(exact.union(wholeWords));
  if (first.total >= f.offset + f.limit) return { rows: first.rows, total: Math.min(first.total, CANDIDATE_CAP), capped: true };
  const all = await page(exact.union(wholeWords).union(partial));
  const over = all.total > CANDIDATE_CAP;
  return { rows: all.rows, total: over ? CANDIDATE_CAP : all.total, capped: over };
}

export function getPersonRow(db: Db | Transaction<Database>, id: number, forUpdate = false) {
  let q = db.selectFrom('persons').select(COLUMNS).where('persons.id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst() as Promise<PersonRow | undefined>;
}

export type DuplicateProbe = { excludeId?: number; idNumber?: string | null; idType?: string | null; folded?: string; birthYear?: number | null; communeCode?: string };

/** Persons that look like the probe: the same identity number, or the same folded name, birth year and commune. */
export async function findDuplicateRows(db: Db | Transaction<Database>, p: DuplicateProbe): Promise<Array<PersonRow & { reason: 'same_id' | 'same_name_year_commune' }>> {
  const out: Array<PersonRow & { reason: 'same_id' | 'same_name_year_commune' }> = [];
  const seen = new Set<number>();
  if (p.idNumber) {
    let q = db.selectFrom('persons').select(COLUMNS).where('persons.id_number', '=', p.idNumber).where('persons.merged_into', 'is', null);
    if (p.idType) q = q.where('persons.id_type', '=', p.idType);
    if (p.excludeId) q = q.where('persons.id', '!=', p.excludeId);
    for (const r of (await q.limit(20).execute()) as PersonRow[]) {
      seen.add(r.id);
      out.push({ ...r, reason: 'same_id' });
    }
  }
  if (p.folded && p.birthYear != null && p.communeCode) {
    let q = db.selectFrom('persons').select(COLUMNS)
      .where('persons.search_name', '=', p.folded).where('persons.birth_year', '=', p.birthYear)
      .where('persons.commune_code', '=', p.communeCode).where('persons.merged_into', 'is', null);
    if (p.excludeId) q = q.where('persons.id', '!=', p.excludeId);
    for (const r of (await q.limit(20).execute()) as PersonRow[]) {
      if (!seen.has(r.id)) out.push({ ...r, reason: 'same_name_year_commune' });
    }
  }
  return out;
}

export async function personHistory(db: Db, personId: number) {
  return db.selectFrom('person_history as h').leftJoin('users as u', 'u.id', 'h.changed_by')
    .select(['h.version', 'h.change', 'h.data', 'h.other_person_id', 'h.changed_at', 'u.username'])
    .where('h.person_id', '=', personId).orderBy('h.id', 'desc').limit(100).execute();
}
