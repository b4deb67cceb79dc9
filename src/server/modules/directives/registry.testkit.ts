// Test helpers of the directives module: a server with this module's routes (whether or not main.ts registers
// them yet), an administrator past the second factor (writes need directive.write, for now reference.manage),
// and officers of an agency.
import { expect } from 'vitest';
import { client, makeUser, type TestApp } from '../../../../test/helpers.ts';
import type { Role } from '../../../contracts/auth.ts';
import { authRoutes } from '../../platform/auth/routes.ts';
import { newTotpSecret, totp } from '../../platform/auth/totp.ts';
import { buildServer, type Http } from '../../platform/http/server.ts';
import { referenceRoutes } from '../reference/index.ts';
import { directiveRoutes } from './routes.ts';

export async function directivesServer(t: TestApp): Promise<Http> {
  return buildServer(t.app, [authRoutes, referenceRoutes, directiveRoutes]);
}

export type Client = ReturnType<typeof client> & { user: { id: number; username: string; displayName: string } };

/** A user with every permission (admin) logged in past TOTP. */
export async function adminClient(t: TestApp, http: Http): Promise<Client> {
  const secret = newTotpSecret();
  const user = await makeUser(t.app, 'admin', { totpSecret: secret });
  const c = client(http);
  expect((await c.login(user.username)).body.status).toBe('totp_required');
  expect((await c.post('/api/auth/totp', { code: totp(secret) })).body.status).toBe('ok');
  return Object.assign(c, { user });
}

/** A user of a role (default 'agency') belonging to an agency of the registry. */
export async function agencyClient(t: TestApp, http: Http, agencyCode: string | null, role: Role = 'agency'): Promise<Client> {
  const user = await makeUser(t.app, role);
  await t.app.db.updateTable('users').set({ agency_code: agencyCode }).where('id', '=', user.id).execute();
  const c = client(http);
  const r = await c.login(user.username);
  expect(r.body.status).toBe('ok');
  return Object.assign(c, { user });
}

export const b64 = (s: string | Buffer): string => (Buffer.isBuffer(s) ? s : Buffer.from(s, 'utf8')).toString('base64');
