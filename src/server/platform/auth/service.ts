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
import { newTotpSecret, otpauthUrl, verifyTotp } from './totp.ts';

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
  const existing = await db.selectFrom('users').select('id').where(sql`lower(username)`, '=', input.username.toLowerCase()).executeTakeFirst();
  if (existing) throw conflict('user.exists');
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

export async function login(
  db: Db,
  input: { username: string; password: string; ip: string | null; userAgent: string | null; sessionHours: number },
): Promise<LoginOutcome> {
  const since = new Date(Date.now() - LOGIN_RULES.windowMinutes * 60_000);
  const ipFailures = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ip', '=', input.ip)
    .where('success', '=', false)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(ipFailures.n) >= LOGIN_RULES.maxFailuresPerIp) {
    throw new AppError({ code: 'request.rate_limited', kind: 'rate_limited', details: { retryAfterMinutes: LOGIN_RULES.windowMinutes } });
  }
  const user = await db.selectFrom('users').selectAll().where(sql`lower(username)`, '=', input.username.toLowerCase()).executeTakeFirst();
  const passwordOk = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  const record = (success: boolean) =>
    db.insertInto('login_attempts').values({ username: input.username, ip: input.ip, success }).execute();

  if (user && user.locked_until && user.locked_until > new Date()) {
    await record(false);
    throw new AppError({ code: 'auth.locked', kind: 'rate_limited', details: { lockedUntil: user.locked_until.toISOString() } });
  }
  if (!user || user.disabled || !passwordOk) {
    await record(false);
    if (user && !user.disabled) {
      const failures = user.failed_logins + 1;
      const lock = failures >= LOGIN_RULES.maxFailuresPerUser;
      await db
        .updateTable('users')
        .set({
          failed_logins: lock ? 0 : failures,
          locked_until: lock ? new Date(Date.now() + LOGIN_RULES.lockMinutes * 60_000) : user.locked_until,
        })
        .where('id', '=', user.id)
        .execute();
      if (lock) throw new AppError({ code: 'auth.locked', kind: 'rate_limited', details: { lockedUntil: null } });
    }
    throw new AppError({ code: 'auth.invalid_credentials', kind: 'unauthenticated' });
  }
  await record(true);
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
  const state: SessionState = user.totp_enabled ? 'totp_pending' : user.role === 'admin' ? 'totp_setup' : 'active';
  const token = await newSession(db, user.id, state, input.sessionHours, input.ip, input.userAgent);
  const status = state === 'active' ? 'ok' : state === 'totp_pending' ? 'totp_required' : 'totp_setup_required';
  return { token, status, user: toMe(user) };
}

export type ResolvedSession = { tokenHash: string; state: SessionState; user: UserRow };

export async function resolveSession(db: Db, token: string | undefined): Promise<ResolvedSession | null> {
  if (!token || token.length > 100) return null;
  const tokenHash = hashToken(token);
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
  return { tokenHash, state: state as SessionState, user };
}

export async function logout(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

async function activate(db: Db, s: ResolvedSession, sessionHours: number) {
  await db
    .updateTable('sessions')
    .set({ state: 'active', expires_at: new Date(Date.now() + sessionHours * 3_600_000) })
    .where('token_hash', '=', s.tokenHash)
    .execute();
}

/** Second step of login for a user with TOTP. Failures count towards the lockout like wrong passwords. */
export async function completeTotp(db: Db, s: ResolvedSession, code: string, sessionHours: number): Promise<Me> {
  if (s.state !== 'totp_pending' || !s.user.totp_secret) throw new AppError({ code: 'auth.forbidden', kind: 'forbidden' });
  if (!verifyTotp(s.user.totp_secret, code)) {
    const failures = s.user.failed_logins + 1;
    const lock = failures >= LOGIN_RULES.maxFailuresPerUser;
    await db
      .updateTable('users')
      .set({ failed_logins: lock ? 0 : failures, locked_until: lock ? new Date(Date.now() + LOGIN_RULES.lockMinutes * 60_000) : null })
      .where('id', '=', s.user.id)
      .execute();
    if (lock) {
      await logout(db, s.tokenHash);
      throw new AppError({ code: 'auth.locked', kind: 'rate_limited' });
    }
    throw new AppError({ code: 'auth.totp_invalid', kind: 'unauthenticated' });
  }
  await db.updateTable('users').set({ failed_logins: 0 }).where('id', '=', s.user.id).execute();
  await activate(db, s, sessionHours);
  return toMe(s.user);
}

/** Starts (or restarts) TOTP enrolment: a new secret, not yet enabled until a code from it is confirmed. */
export async function setupTotp(db: Db, s: ResolvedSession) {
  if (s.state === 'totp_pending') throw new AppError({ code: 'auth.totp_required', kind: 'unauthenticated' });
  const secret = newTotpSecret();
  await db.updateTable('users').set({ totp_secret: secret, totp_enabled: false, updated_at: new Date() }).where('id', '=', s.user.id).execute();
  const url = otpauthUrl(secret, s.user.username);
  const qrSvg = await QRCode.toString(url, { type: 'svg', margin: 1, width: 200 });
  return { secret, otpauthUrl: url, qrSvg };
}

export async function enableTotp(db: Db, s: ResolvedSession, code: string, sessionHours: number): Promise<Me> {
  const fresh = await db.selectFrom('users').selectAll().where('id', '=', s.user.id).executeTakeFirstOrThrow();
  if (!fresh.totp_secret || !verifyTotp(fresh.totp_secret, code)) throw new AppError({ code: 'auth.totp_invalid', kind: 'invalid' });
  await db.updateTable('users').set({ totp_enabled: true, updated_at: new Date() }).where('id', '=', s.user.id).execute();
  if (s.state !== 'active') await activate(db, s, sessionHours);
  await audit(db, actorOf(fresh, null, null), { action: 'user.totp_enabled', entity: 'user', entityId: fresh.id });
  return toMe({ ...fresh, totp_enabled: true });
}
