// The references of classifications and work items, checked per statement (migration 0022) instead of by
// foreign keys: a missing target is refused as a foreign key would refuse it (SQLSTATE 23503, nothing written),
// a referenced row cannot be deleted, and a write racing a delete of its target fails on one side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { COMMUNE_A, testApp, type TestApp } from '../../../../test/helpers.ts';

let t: TestApp;
let caseId: number;
let ruleId: number;
beforeAll(async () => {
  t = await testApp();
  const p = await person('Ca Bệnh');
  caseId = (await sql<{ id: number }>`insert into cases (code, person_id, confirmed_at, infectious_from, infectious_to)
    values ('BN900001', ${p}, now(), now() - interval '2 days', now()) returning id`.execute(t.app.db)).rows[0]!.id;
  ruleId = (await sql<{ id: number }>`select min(id)::int as id from policy_rules`.execute(t.app.db)).rows[0]!.id;
});
afterAll(async () => { await t.close(); });

async function person(name: string, db: pg.ClientBase | null = null): Promise<number> {
  const q = 'insert into persons (full_name, commune_code) values ($1, $2) returning id';
  if (db) return Number((await db.query<{ id: string }>(q, [name, COMMUNE_A])).rows[0]!.id);
  return Number((await t.app.pool.query<{ id: string }>(q, [name, COMMUNE_A])).rows[0]!.id);
}

const classify = (personId: number) => ({
  text: `insert into classifications (person_id, level, case_id, exposed_at, via_person_id, link_kind, rule_ids, provenance)
    values ($1, 1, $2, now(), $1, 'household', '{}', '{}') returning id`,
  values: [personId, caseId],
});
const workItem = (personId: number, classificationId: number | null, rule: number | null) => ({
  text: `insert into work_items (kind, person_id, commune_code, due_from, reason, source, classification_id, rule_id)
    values ('self_monitoring', $1, '${COMMUNE_A}', current_date, 'thử', 'manual', $2, $3) returning id`,
  values: [personId, classificationId, rule],
});
const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));
const rows = async (table: 'classifications' | 'work_items', personId: number) =>
  Number((await t.app.pool.query(`select count(*) from ${table} where person_id = $1`, [personId])).rows[0].count);

describe('references of classifications and work items', () => {
  it('refuse a missing person, classification or rule, and write nothing', async () => {
    const p = await person('Người Thật');
    expect(await codeOf(t.app.pool.query(classify(999_999_999)))).toBe('23503');
    const c = Number((await t.app.pool.query(classify(p))).rows[0].id);
    expect(await codeOf(t.app.pool.query(workItem(999_999_999, c, ruleId)))).toBe('23503');
    expect(await codeOf(t.app.pool.query(workItem(p, 999_999_999, ruleId)))).toBe('23503');
    expect(await codeOf(t.app.pool.query(workItem(p, c, 999_999_999)))).toBe('23503');
    expect(await rows('work_items', p)).toBe(0);
    const w = Number((await t.app.pool.query(workItem(p, c, ruleId))).rows[0].id);
    expect(await codeOf(t.app.pool.query('update work_items set classification_id = 999999999 where id = $1', [w]))).toBe('23503');
    expect(await codeOf(t.app.pool.query('update work_items set status = $2 where id = $1', [w, 'done']))).toBe('ok');
    // One bad row among many refuses the whole statement.
    const many = await Promise.all([person('A'), person('B'), person('C')]);
    expect(await codeOf(t.app.pool.query(`insert into classifications (person_id, level, case_id, exposed_at, via_person_id, link_kind, rule_ids, provenance)
      select x, 2, $2, now(), x, 'contact', '{}', '{}' from unnest($1::bigint[]) as x`, [[...many, 999_999_998], caseId]))).toBe('23503');
    for (const m of many) expect(await rows('classifications', m)).toBe(0);
  });

  it('refuse deleting a person, classification or rule still referenced, and allow it once unreferenced', async () => {
    const p = await person('Được Phân Loại');
    const c = Number((await t.app.pool.query(classify(p))).rows[0].id);
    const w = Number((await t.app.pool.query(workItem(p, c, ruleId))).rows[0].id);
    expect(await codeOf(t.app.pool.query('delete from persons where id = $1', [p]))).toBe('23503');
    expect(await codeOf(t.app.pool.query('delete from classifications where id = $1', [c]))).toBe('23503');
    expect(await codeOf(t.app.pool.query('delete from policy_rules where id = $1', [ruleId]))).toBe('23503');
    await t.app.pool.query('alter table work_items disable trigger user');
    try { await t.app.pool.query('delete from work_items where id = $1', [w]); } finally { await t.app.pool.query('alter table work_items enable trigger user'); }
    expect(await codeOf(t.app.pool.query('delete from persons where id = $1', [p]))).toBe('23503'); // the classification still
    await t.app.pool.query('delete from classifications where id = $1', [c]);
    expect(await codeOf(t.app.pool.query('delete from persons where id = $1', [p]))).toBe('ok');
    const lonely = await person('Không Ai Trỏ Tới');
    expect(await codeOf(t.app.pool.query('delete from persons where id = $1', [lonely]))).toBe('ok');
  });

  it('a write racing the delete of its target fails on one side, whichever goes first', async () => {
    for (const writerFirst of [true, false]) {
      const p = await person(writerFirst ? 'Ghi Trước' : 'Xóa Trước');
      const writer = await t.app.pool.connect();
      const deleter = await t.app.pool.connect();
      try {
        await writer.query('begin');
        await deleter.query('begin');
        let first: Promise<string>;
        let second: Promise<string>;
        if (writerFirst) {
          first = codeOf(writer.query(classify(p)));
          expect(await first).toBe('ok');
          second = codeOf(deleter.query('delete from persons where id = $1', [p])); // waits for the writer
          await new Promise((r) => setTimeout(r, 200));
          await writer.query('commit');
          expect(await second).toBe('23503');
          await deleter.query('rollback');
          expect(await rows('classifications', p)).toBe(1);
        } else {
          first = codeOf(deleter.query('delete from persons where id = $1', [p]));
          expect(await first).toBe('ok');
          second = codeOf(writer.query(classify(p))); // waits for the deleter
          await new Promise((r) => setTimeout(r, 200));
          await deleter.query('commit');
          expect(await second).toBe('23503');
          await writer.query('rollback');
          expect(Number((await t.app.pool.query('select count(*) from persons where id = $1', [p])).rows[0].count)).toBe(0);
        }
      } finally {
        writer.release();
        deleter.release();
      }
    }
  });
});
