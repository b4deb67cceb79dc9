// Test factories: a fresh database per test file (cloned from the run's migrated template), users, sessions.
import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { Role } from '../src/contracts/auth.ts';
import { loadConfig } from '../src/server/platform/config.ts';
import type { App } from '../src/server/platform/context.ts';
import { connect, serverInfo, withDatabase } from '../src/server/platform/db/connect.ts';
import { createUser } from '../src/server/platform/auth/service.ts';
import type { Http } from '../src/server/platform/http/server.ts';
import { buildHttp } from '../src/server/main.ts';

export const PASSWORD = 'mat-khau-thu-nghiem';
export const COMMUNE_A = '01273'; // Phường Thục Phán, Cao Bằng
export const COMMUNE_B = '01279'; // Phường Nùng Trí Cao

async function adminQuery(sql: string) {
  const c = new pg.Client({ connectionString: inject('adminUrl') });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export type TestApp = { app: App; http: Http; dbName: string; url: string; close: () => Promise<void> };

export async function testApp(): Promise<TestApp> {
  const dbName = `${inject('runId')}_${crypto.randomBytes(4).toString('hex')}`;
  await adminQuery(`create database "${dbName}" template "${inject('templateDb')}"`);
  const url = withDatabase(inject('adminUrl'), dbName);
  const { db, pool } = connect(url, 5);
  const info = await serverInfo(pool);
  const config = { ...loadConfig({ PHONGDICH_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', PHONGDICH_PROVINCE_CODE: '04' }), databaseUrl: url };
  const app: App = {
    db, pool, config, dbKind: 'external', dbVersion: info.version, now: () => new Date(),
    log: { info: () => {}, warn: () => {}, error: () => {} },
  };
  const http = await buildHttp(app);
  return {
    app, http, dbName, url,
    close: async () => {
      await http.close();
      await db.destroy();
      await adminQuery(`drop database if exists "${dbName}" with (force)`);
    },
  };
}

let userSeq = 0;
export async function makeUser(app: App, role: Role, opts: { communes?: string[]; username?: string; totpSecret?: string } = {}) {
  const username = opts.username ?? `u${++userSeq}_${role}_${crypto.randomBytes(2).toString('hex')}`;
  const me = await createUser(app.db, {
    username, displayName: `Người dùng ${username}`, password: PASSWORD, role, agencyCode: null,
    areaScope: opts.communes ? 'communes' : 'province', areaCommunes: opts.communes ?? [], totpSecret: opts.totpSecret,
  });
  return { ...me, password: PASSWORD };
}

export type Res = { status: number; body: any; headers: Record<string, unknown> };

/** A small client over fastify.inject that keeps the session cookie, like a browser would. */
export function client(http: Http) {
  let cookie = '';
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> => {
    const r = await http.inject({
      method, url,
      headers: { ...(cookie ? { cookie } : {}), ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}), ...headers },
      payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const set = r.headers['set-cookie'];
    const first = Array.isArray(set) ? set[0] : set;
    if (first) cookie = first.split(';')[0]!;
    let parsed: unknown = r.body;
    try { parsed = JSON.parse(r.body); } catch { /* not JSON */ }
    return { status: r.statusCode, body: parsed, headers: r.headers };
  };
  return {
    get: (url: string, headers?: Record<string, string>) => call('GET', url, undefined, headers),
    post: (url: string, body?: unknown, headers?: Record<string, string>) => call('POST', url, body, headers),
    put: (url: string, body?: unknown, headers?: Record<string, string>) => call('PUT', url, body, headers),
    patch: (url: string, body?: unknown, headers?: Record<string, string>) => call('PATCH', url, body, headers),
    delete: (url: string, headers?: Record<string, string>) => call('DELETE', url, undefined, headers),
    cookie: () => cookie,
    setCookie: (c: string) => { cookie = c; },
    login: async (username: string, password = PASSWORD) => call('POST', '/api/auth/login', { username, password }),
  };
}

export async function loggedIn(t: TestApp, role: Role, opts: { communes?: string[] } = {}) {
  const user = await makeUser(t.app, role, opts);
  const c = client(t.http);
  const r = await c.login(user.username);
  if (r.status !== 200 || r.body.status !== 'ok') throw new Error(`login failed: ${JSON.stringify(r.body)}`);
  return Object.assign(c, { user });
}

export async function count(app: App, table: 'persons' | 'person_history' | 'audit_log' | 'users' | 'admin_units'): Promise<number> {
  const r = await app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A valid CCCD for a birth year and sex (Cao Bằng prefix 004). */
export function cccd(year: number, sex: 'male' | 'female', serial: number): string {
  const digit = Math.floor((year - 1900) / 100) * 2 + (sex === 'female' ? 1 : 0);
  return `004${digit}${String(year % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
}
