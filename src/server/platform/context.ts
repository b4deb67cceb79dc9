import type pg from 'pg';
import type { Config } from './config.ts';
import type { Db } from './db/connect.ts';
import type { Permission, Role } from '../../contracts/auth.ts';

/** The app's dependencies: one plain object built in main.ts and passed down; tests build their own. */
export type App = {
  db: Db;
  pool: pg.Pool;
  config: Config;
  dbKind: 'embedded' | 'external';
  dbVersion: string;
  now: () => Date;
  log: { info: (m: string) => void; warn: (m: string) => void; error: (m: string) => void };
};

/** Who is acting, on whose authority, from where. Built once per request by the auth hook. */
export type Actor = {
  id: number;
  username: string;
  role: Role;
  agencyCode: string | null;
  permissions: ReadonlySet<Permission>;
  areaScope: 'province' | 'communes';
  areaCommunes: readonly string[];
  ip: string | null;
  requestId: string | null;
};

/** The system itself (CLI, jobs): province-wide, every permission. */
export function systemActor(permissions: readonly Permission[]): Actor {
  return {
    id: 0, username: 'system', role: 'admin', agencyCode: null, permissions: new Set(permissions),
    areaScope: 'province', areaCommunes: [], ip: null, requestId: null,
  };
}

export function inArea(actor: Actor, communeCode: string): boolean {
  return actor.areaScope === 'province' || actor.areaCommunes.includes(communeCode);
}
