// A large cluster written straight into the tracing tables (no retrace): one case, `f1` F1s in its household
// and the rest F2s of those F1s, round-robin. For the chain view's browser test and benchmark.
import { sql } from 'kysely';
import type { Db } from '../platform/db/connect.ts';

export async function seedChainCluster(db: Db, persons: readonly number[], opts: { f1: number; code?: string }): Promise<{ caseId: number; caseCode: string }> {
  const code = opts.code ?? 'BN9001';
  const at = Date.UTC(2021, 6, 20, 2);
  const [index, ...rest] = persons;
  const f1 = rest.slice(0, opts.f1);
  const f2 = rest.slice(opts.f1);
  const c = await sql<{ id: number }>`insert into cases (code, person_id, confirmed_at, infectious_from, infectious_to)
    values (${code}, ${index!}, ${new Date(at)}, ${new Date(at - 2 * 86_400_000)}, ${new Date(at)}) returning id`.execute(db);
  const caseId = c.rows[0]!.id;
  const rows = [
    ...f1.map((p, i) => ({ p, level: 1, via: index!, kind: 'household', at: at - 86_400_000 + i * 60_000 })),
    ...f2.map((p, i) => ({ p, level: 2, via: f1[i % f1.length]!, kind: 'contact', at: at - 43_200_000 + (i % 600) * 60_000 })),
  ];
  await sql`insert into classifications (person_id, level, case_id, exposed_at, via_person_id, link_kind, provenance, rule_ids)
    select p, lv, ${caseId}, to_timestamp(t / 1000.0), via, kind, jsonb_build_object('caseCode', ${code}::text, 'chain', '[]'::jsonb), '{}'::bigint[]
    from unnest(${rows.map((r) => r.p)}::bigint[], ${rows.map((r) => r.level)}::int[], ${rows.map((r) => r.at)}::float8[],
      ${rows.map((r) => r.via)}::bigint[], ${rows.map((r) => r.kind)}::text[]) as u(p, lv, t, via, kind)`.execute(db);
  return { caseId, caseCode: code };
}
