import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from '../../schema.ts';

// int8 (ids, counts) as numbers: ids stay far below 2^53; dates of legal effect stay 'YYYY-MM-DD' strings
// so that no time zone ever shifts them.
pg.types.setTypeParser(20, (v) => Number(v));
const INT8_ARRAY = 1016 as Parameters<typeof pg.types.getTypeParser>[0];
const parseTextArray = pg.types.getTypeParser(INT8_ARRAY);
pg.types.setTypeParser(INT8_ARRAY, (v: string) => (parseTextArray(v) as unknown as Array<string | null>).map((x) => (x === null ? null : Number(x))));
pg.types.setTypeParser(1082, (v) => v);

export type Db = Kysely<Database>;

export function connect(url: string, max = 10, options?: string): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'phongdich', ...(options ? { options } : {}) });
  pool.on('error', () => {}); // an idle client that loses its server is dropped; the next query reports it
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function serverInfo(pool: pg.Pool): Promise<{ version: string; versionNum: number }> {
  const r = await pool.query<{ v: string; n: string }>(
    "select current_setting('server_version') as v, current_setting('server_version_num') as n",
  );
  return { version: r.rows[0]!.v, versionNum: Number(r.rows[0]!.n) };
}
