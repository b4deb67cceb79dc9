// One database server per test run: TEST_DATABASE_URL (CI: the machine's PostgreSQL 15) or, without it, the
// embedded server in a temporary directory. A migrated template database is made once; each test file
// clones it (CREATE DATABASE … TEMPLATE) and drops its clone; teardown drops whatever this run made.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect, withDatabase } from '../src/server/platform/db/connect.ts';
import { startEmbedded, type EmbeddedServer } from '../src/server/platform/db/embedded.ts';
import { migrate } from '../src/server/platform/db/migrate.ts';
import { seedReference } from '../src/server/modules/reference/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
    runId: string;
  }
}

let embedded: EmbeddedServer | null = null;
let tmp: string | null = null;

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'phongdich-test-'));
    fs.chmodSync(tmp, 0o755); // the server runs as the `postgres` user when tests run as root
    embedded = await startEmbedded({ dataDir: tmp });
    adminUrl = embedded.url;
  }
  const runId = `pd_t_${process.pid}_${Date.now().toString(36)}`;
  const templateDb = `${runId}_tpl`;
  await admin(adminUrl, (c) => c.query(`create database "${templateDb}"`));
  const { db, pool } = connect(withDatabase(adminUrl, templateDb), 2);
  try {
    await migrate(pool);
    await seedReference(db, '04');
  } finally {
    await db.destroy();
  }
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  project.provide('runId', runId);

  return async () => {
    await admin(adminUrl!, async (c) => {
      const r = await c.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${runId}%`]);
      for (const { datname } of r.rows) await c.query(`drop database if exists "${datname}" with (force)`);
    });
    await embedded?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  };
}
