// Users, sessions (in the database, so several processes can serve one database), login throttling, TOTP.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import QRCode from 'qrcode';
import { ROLE_PERMISSIONS, type Me, type Role, type UserCreate } from '../../../contracts/auth.ts';
import type { Db } from '../db/connect.ts';
import { AppError, conflict, invalid } from '../errors.ts';
import type { Actor } from '../context.ts';
import { audit } from '../audit.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';
import { matchTotpStep, newTotpSecret, otpauthUrl } from './totp.ts';

export const SESSION_COOKIE = 'pd_session';
export const LOGIN_RULES = {
  maxFailuresPerUser: 5, // then the account is locked …
  lockMinutes: 15, // … for this long
  maxFailuresPerIp: 30, // failures from one address within windowMinutes before it is refused
  windowMinutes: 15,
  pendingSessionMinutes: 10,
};

type UserRow = {
  id: number; username: string; display_name: string; password_hash: string; role: string;
  agency_code: string | null; area_scope: string; area_communes: string[]; totp_secret: string | null;
  totp_enabled: boolean; failed_logins: number; locked_until: Date | null; disabled: boolean;
};

export type SessionState = 'active' | 'totp_pending' | 'totp_setup';

export function toMe(u: UserRow): Me {
  const role = u.role as Role;
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role,
    agencyCode: u.agency_code,
    areaScope: u.area_scope as Me['areaScope'],
    areaCommunes: u.area_communes,
    permissions: [...ROLE_PERMISSIONS[role]],
    totpEnabled: u.totp_enabled,
  };
}

export function actorOf(u: UserRow, ip: string | null, requestId: string | null): Actor {
  const role = u.role as Role;
  return {
    id: u.id, username: u.username, role, agencyCode: u.agency_code,
    permissions: new Set(ROLE_PERMISSIONS[role]),
    areaScope: u.area_scope as Actor['areaScope'], areaCommunes: u.area_communes, ip, requestId,
  };
}

const hashToken = (t: string) => crypto.createHash('sha256').update(t).digest('hex');

export async function createUser(db: Db, input: UserCreate & { totpSecret?: string | null }): Promise<Me> {
  if (input.areaScope === 'communes' && input.areaCommunes.length === 0) {
    throw invalid('request.invalid', { fields: [{ path: 'areaCommunes', code: 'request.invalid', message: 'at least one commune' }] });
  }
  try {
    const row = await db
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName,
        password_hash: await hashPassword(input.password),
        role: input.role,
        agency_code: input.agencyCode ?? null,
        area_scope: input.areaScope,
        area_communes: input.areaScope === 'communes' ? input.areaCommunes : [],
        totp_secret: input.totpSecret ?? null,
        totp_enabled: Boolean(input.totpSecret),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toMe(row);
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw conflict('user.exists'); // users_username_key
    throw e;
  }
}

export async function listUsers(db: Db) {
  const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
  return rows.map((u) => ({ ...toMe(u), disabled: u.disabled, lockedUntil: u.locked_until?.toISOString() ?? null }));
}

async function newSession(db: Db, userId: number, state: SessionState, hours: number, ip: string | null, ua: string | null) {
  const token = crypto.randomBytes(32).toString('base64url');
  const minutes = state === 'active' ? hours * 60 : LOGIN_RULES.pendingSessionMinutes;
  await db
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), user_id: userId, state, expires_at: new Date(Date.now() + minutes * 60_000), ip, user_agent: ua })
    .execute();
  return token;
}

export type LoginOutcome = { token: string; status: 'ok' | 'totp_required' | 'totp_setup_required'; user: Me };

/** One failed factor for a user, counted in one statement (concurrent guesses cannot lose updates); at the
 * limit the account is locked and the counter starts again. Returns whether the account is now locked. */
async function countFailure(db: Db, userId: number, counter: 'failed_logins' | 'totp_failures'): Promise<boolean> {
  const max = LOGIN_RULES.maxFailuresPerUser;
  const r = await sql<{ locked: boolean }>`
    update users set
      ${sql.ref(counter)} = case when ${sql.ref(counter)} + 1 >= ${max} then 0 else ${sql.ref(counter)} + 1 end,
      locked_until = case when ${sql.ref(counter)} + 1 >= ${max} then now() + make_interval(mins => ${LOGIN_RULES.lockMinutes}) else locked_until end
    where id = ${userId}
    returning coalesce(locked_until > now(), false) as locked`.execute(db);
  return r.rows[0]?.locked ?? false;
}

async function isLocked(db: Db, userId: number): Promise<Date | null> {
  const r = await db.selectFrom('users').select('locked_until').where('id', '=', userId).executeTakeFirst();
  return r?.locked_until && r.locked_until > new Date() ? r.locked_until : null;
}

export async function login(
  db: Db,
  input: { username: string; password: string; ip: string | null; userAgent: string | null; sessionHours: number },
): Promise<LoginOutcome> {
  // The attempt is recorded as failed before anything is checked (and marked successful at the end), so a
  // burst of parallel attempts from one address is counted in full.
  const attempt = await db.insertInto('login_attempts').values({ username: input.username, ip: input.ip, success: false }).returning('id').executeTakeFirstOrThrow();
  const since = new Date(Date.now() - LOGIN_RULES.windowMinutes * 60_000);
  const ipFailures = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ip', '=', input.ip)
    .where('success', '=', false)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(ipFailures.n) > LOGIN_RULES.maxFailuresPerIp) {
    throw new AppError({ code: 'request.rate_limited', kind: 'rate_limited', details: { retryAfterMinutes: LOGIN_RULES.windowMinutes } });
  }
  const user = await db.selectFrom('users').selectAll().where(sql`lower(username)`, '=', input.username.toLowerCase()).executeTakeFirst();
  const passwordOk = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || user.disabled || !passwordOk) {
    if (user && !user.disabled && (await countFailure(db, user.id, 'failed_logins'))) {
      throw new AppError({ code: 'auth.locked', kind: 'rate_limited', details: { lockedUntil: null } });
    }
    throw new AppError({ code: 'auth.invalid_credentials', kind: 'unauthenticated' });
  }
  const lockedUntil = await isLocked(db, user.id);
  if (lockedUntil) throw new AppError({ code: 'auth.locked', kind: 'rate_limited', details: { lockedUntil: lockedUntil.toISOString() } });
  await db.updateTable('login_attempts').set({ success: true }).where('id', '=', attempt.id).execute();
  // Only the password counter restarts: TOTP failures keep counting across password logins.
  await db.updateTable('users').set({ failed_logins: 0 }).where('id', '=', user.id).execute();
  const state: SessionState = user.totp_enabled ? 'totp_pending' : user.role === 'admin' ? 'totp_setup' : 'active';
  const token = await newSession(db, user.id, state, input.sessionHours, input.ip, input.userAgent);
  const status = state === 'active' ? 'ok' : state === 'totp_pending' ? 'totp_required' : 'totp_setup_required';
  return { token, status, user: toMe(user) };
}

export type ResolvedSession = { tokenHash: string; state: SessionState; user: UserRow };

// Resolved sessions are kept for SESSION_CACHE_MS so that a burst of requests costs one look-up. A logout,
// a token rotation or the end of a user's other sessions in this process drops them at once; in another
// process serving the same database they live at most SESSION_CACHE_MS longer.
export const SESSION_CACHE_MS = 2_000;
const sessionCaches = new WeakMap<object, Map<string, { at: number; session: ResolvedSession }>>();
const cacheOf = (db: Db) => {
  let c = sessionCaches.get(db);
  if (!c) sessionCaches.set(db, (c = new Map()));
  return c;
};
function forget(db: Db, match: (s: ResolvedSession) => boolean) {
  const c = cacheOf(db);
  for (const [k, v] of c) if (match(v.session)) c.delete(k);
}

export async function resolveSession(db: Db, token: string | undefined): Promise<ResolvedSession | null> {
  if (!token || token.length > 100) return null;
  const tokenHash = hashToken(token);
  const cache = cacheOf(db);
  const hit = cache.get(tokenHash);
  if (hit && Date.now() - hit.at < SESSION_CACHE_MS) return hit.session;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.state', 'sessions.expires_at', 'sessions.last_seen_at'])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.expires_at < new Date() || row.disabled) return null;
  // Touch at most once a minute: a read should not cost a write each time.
  if (Date.now() - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('token_hash', '=', tokenHash).execute();
  }
  const { state, expires_at: _e, last_seen_at: _l, ...user } = row;
  const session = { tokenHash, state: state as SessionState, user };
  if (cache.size > 10_000) cache.clear();
  cache.set(tokenHash, { at: Date.now(), session });
  return session;
}

export async function logout(db: Db, tokenHash: string): Promise<void> {
  forget(db, (s) => s.tokenHash === tokenHash);
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Replaces the session by a new active one (a new token after the second factor: the pre-2FA token, which
 * may have been observed, stops working). */
async function promote(db: Db, s: ResolvedSession, sessionHours: number): Promise<string> {
  forget(db, (x) => x.tokenHash === s.tokenHash);
  const old = await db.deleteFrom('sessions').where('token_hash', '=', s.tokenHash).returning(['ip', 'user_agent']).executeTakeFirst();
  return newSession(db, s.user.id, 'active', sessionHours, old?.ip ?? null, old?.user_agent ?? null);
}

/** A code checked against a secret: a wrong code counts towards the lockout (and the address's failures),
 * a code of a time step already used is refused as wrong. Returns the step accepted. */
async function checkCode(db: Db, s: ResolvedSession, secret: string, code: string, ip: string | null, kind: 'unauthenticated' | 'invalid', newSecret = false): Promise<number> {
  if (await isLocked(db, s.user.id)) {
    await logout(db, s.tokenHash);
    throw new AppError({ code: 'auth.locked', kind: 'rate_limited' });
  }
  const step = matchTotpStep(secret, code);
  const fresh = step === null ? 0 : Number((await sql<{ n: number }>`
    update users set totp_last_step = ${step}, totp_failures = 0
    where id = ${s.user.id} and (${newSecret} or totp_last_step is null or totp_last_step < ${step})
    returning 1 as n`.execute(db)).rows.length);
  if (step !== null && fresh === 1) return step;
  await db.insertInto('login_attempts').values({ username: s.user.username, ip, success: false }).execute();
  if (await countFailure(db, s.user.id, 'totp_failures')) {
    await logout(db, s.tokenHash);
    throw new AppError({ code: 'auth.locked', kind: 'rate_limited' });
  }
  throw new AppError({ code: 'auth.totp_invalid', kind });
}

/** Second step of login for a user with TOTP. Returns the new session token. */
export async function completeTotp(db: Db, s: ResolvedSession, code: string, sessionHours: number, ip: string | null): Promise<{ token: string; user: Me }> {
  if (s.state !== 'totp_pending' || !s.user.totp_secret) throw new AppError({ code: 'auth.forbidden', kind: 'forbidden' });
  await checkCode(db, s, s.user.totp_secret, code, ip, 'unauthenticated');
  return { token: await promote(db, s, sessionHours), user: toMe(s.user) };
}

/** Starts (or restarts) TOTP enrolment. The new secret waits until a code from it is confirmed; a user who
 * already has two-factor login must first give a current code, so a stolen session cannot replace it. */
export async function setupTotp(db: Db, s: ResolvedSession, currentCode: string | undefined, ip: string | null) {
  if (s.state === 'totp_pending') throw new AppError({ code: 'auth.totp_required', kind: 'unauthenticated' });
  if (s.user.totp_enabled && s.user.totp_secret) {
    if (!currentCode) throw new AppError({ code: 'auth.totp_required', kind: 'invalid' });
    await checkCode(db, s, s.user.totp_secret, currentCode, ip, 'invalid');
  }
  const secret = newTotpSecret();
  await db.updateTable('users').set({ totp_pending_secret: secret, updated_at: new Date() }).where('id', '=', s.user.id).execute();
  const url = otpauthUrl(secret, s.user.username);
  const qrSvg = await QRCode.toString(url, { type: 'svg', margin: 1, width: 200 });
  return { secret, otpauthUrl: url, qrSvg };
}

/** Confirms enrolment with a code from the pending secret; other sessions of the user are ended. */
export async function enableTotp(db: Db, s: ResolvedSession, code: string, sessionHours: number, ip: string | null): Promise<{ token: string | null; user: Me }> {
  if (s.state !== 'totp_setup' && s.state !== 'active') throw new AppError({ code: 'auth.forbidden', kind: 'forbidden' });
  const fresh = await db.selectFrom('users').selectAll().where('id', '=', s.user.id).executeTakeFirstOrThrow();
  if (!fresh.totp_pending_secret) throw new AppError({ code: 'auth.totp_invalid', kind: 'invalid' });
  const step = await checkCode(db, s, fresh.totp_pending_secret, code, ip, 'invalid', true);
  await db.updateTable('users')
    .set({ totp_secret: fresh.totp_pending_secret, totp_pending_secret: null, totp_enabled: true, totp_last_step: step, updated_at: new Date() })
    .where('id', '=', s.user.id).execute();
  forget(db, (x) => x.user.id === s.user.id);
  await db.deleteFrom('sessions').where('user_id', '=', s.user.id).where('token_hash', '!=', s.tokenHash).execute();
  const token = s.state === 'active' ? null : await promote(db, s, sessionHours);
  await audit(db, actorOf(fresh, ip, null), { action: 'user.totp_enabled', entity: 'user', entityId: fresh.id });
  return { token, user: toMe({ ...fresh, totp_enabled: true }) };
}
