import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, makeUser, PASSWORD, testApp, type TestApp } from '../../../../test/helpers.ts';
import { buildHttp } from '../../main.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { base32Decode, base32Encode, hotp, newTotpSecret, totp, verifyTotp } from './totp.ts';
import { LOGIN_RULES } from './service.ts';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(async () => { await t.close(); });

describe('passwords and TOTP primitives', () => {
  it('hashes passwords with scrypt and verifies them', async () => {
    const h = await hashPassword('đúng-mật-khẩu');
    expect(h.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await verifyPassword('đúng-mật-khẩu', h)).toBe(true);
    expect(await verifyPassword('sai-mật-khẩu', h)).toBe(false);
  });
  it('computes RFC 6238 test vectors (SHA-1, 6 digits)', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    expect(totp(secret, 59_000)).toBe('287082');
    expect(totp(secret, 1_111_111_109_000)).toBe('081804');
    expect(totp(secret, 1_234_567_890_000)).toBe('005924');
    expect(hotp(secret, 0)).toBe('755224');
    expect(base32Decode(secret).toString()).toBe('12345678901234567890');
  });
  it('accepts one step of clock drift, not two', () => {
    const s = newTotpSecret();
    const now = 1_700_000_000_000;
    expect(verifyTotp(s, totp(s, now - 30_000), now)).toBe(true);
    expect(verifyTotp(s, totp(s, now - 61_000), now)).toBe(false);
  });
});

describe('login, sessions and roles', () => {
  it('logs in with a session cookie that is httpOnly and SameSite', async () => {
    const u = await makeUser(t.app, 'health');
    const c = client(t.http);
    const r = await c.login(u.username);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
    expect(String(r.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect(String(r.headers['set-cookie'])).toMatch(/SameSite=Strict/i);
    expect((await c.get('/api/auth/me')).body.username).toBe(u.username);
    await c.post('/api/auth/logout');
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('keeps sessions in the database, so another server process on the same database accepts them', async () => {
    const u = await makeUser(t.app, 'viewer');
    const c = client(t.http);
    await c.login(u.username);
    const other = await buildHttp(t.app);
    try {
      const r = await other.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: c.cookie() } });
      expect(r.statusCode).toBe(200);
      expect(JSON.parse(r.body).username).toBe(u.username);
    } finally {
      await other.close();
    }
  });

  it('answers a wrong password with 401 and locks the account after repeated failures', async () => {
    const u = await makeUser(t.app, 'health');
    const c = client(t.http);
    for (let i = 1; i < LOGIN_RULES.maxFailuresPerUser; i++) {
      const r = await c.login(u.username, 'sai-mat-khau');
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('auth.invalid_credentials');
    }
    const locking = await c.login(u.username, 'sai-mat-khau');
    expect(locking.status).toBe(429);
    expect(locking.body.error.code).toBe('auth.locked');
    const evenRight = await c.login(u.username, PASSWORD);
    expect(evenRight.status).toBe(429);
    expect(evenRight.body.error.code).toBe('auth.locked');
  });

  it('does not tell whether a username exists', async () => {
    const r = await client(t.http).login('khong-ton-tai', 'x');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('auth.invalid_credentials');
  });

  it('denies by default: a viewer gets 403 on people, and the denial is audited', async () => {
    const u = await makeUser(t.app, 'viewer');
    const c = client(t.http);
    await c.login(u.username);
    const r = await c.get('/api/people');
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('auth.forbidden');
    const a = await t.app.db.selectFrom('audit_log').selectAll().where('actor_username', '=', u.username).execute();
    expect(a[0]).toMatchObject({ action: 'access.denied', outcome: 'denied' });
  });

  it('declares an access rule on every API route (default deny)', () => {
    const routes = t.http.printRoutes({ commonPrefix: false });
    expect(routes).toContain('/api/people');
    // buildServer throws at start for a route without `config.access`; this proves the check runs.
    expect(() => t.http.get('/api/undeclared', async () => ({}))).toThrow();
  });
});

describe('two-factor login', () => {
  it('requires an admin without TOTP to set it up before anything else', async () => {
    const admin = await makeUser(t.app, 'admin');
    const c = client(t.http);
    const r = await c.login(admin.username);
    expect(r.body).toEqual({ status: 'totp_setup_required', user: null });
    const blocked = await c.get('/api/audit');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('auth.totp_setup_required');
    const setup = await c.post('/api/auth/totp/setup');
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(setup.body.qrSvg).toContain('<svg');
    const wrong = await c.post('/api/auth/totp/enable', { code: '000000' === totp(setup.body.secret) ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    const ok = await c.post('/api/auth/totp/enable', { code: totp(setup.body.secret) });
    expect(ok.body.status).toBe('ok');
    expect((await c.get('/api/audit')).status).toBe(200);

    const next = client(t.http);
    const step1 = await next.login(admin.username);
    expect(step1.body.status).toBe('totp_required');
    expect((await next.get('/api/auth/me')).body.error.code).toBe('auth.totp_required');
    const bad = await next.post('/api/auth/totp', { code: '12345' });
    expect(bad.status).toBe(400);
    // The code just used to enable cannot be replayed: the next time step's code is accepted once.
    const replay = await next.post('/api/auth/totp', { code: totp(setup.body.secret) });
    expect(replay.body.error.code).toBe('auth.totp_invalid');
    const step2 = await next.post('/api/auth/totp', { code: totp(setup.body.secret, Date.now() + 30_000) });
    expect(step2.body.status).toBe('ok');
    expect((await next.get('/api/auth/me')).body.totpEnabled).toBe(true);
  });

  it('lets other roles turn TOTP on optionally', async () => {
    const u = await makeUser(t.app, 'field');
    const c = client(t.http);
    expect((await c.login(u.username)).body.status).toBe('ok');
    const setup = await c.post('/api/auth/totp/setup');
    await c.post('/api/auth/totp/enable', { code: totp(setup.body.secret) });
    expect((await client(t.http).login(u.username)).body.status).toBe('totp_required');
  });
});

describe('user administration', () => {
  it('lets an admin create a commune-scoped user; others get 403', async () => {
    const secret = newTotpSecret();
    const admin = await makeUser(t.app, 'admin', { totpSecret: secret });
    const c = client(t.http);
    await c.login(admin.username);
    await c.post('/api/auth/totp', { code: totp(secret) });
    const r = await c.post('/api/users', { username: 'can.bo.xa', displayName: 'Cán bộ xã', password: 'mot-mat-khau-dai', role: 'field', areaScope: 'communes', areaCommunes: ['01273'] });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ username: 'can.bo.xa', areaScope: 'communes', areaCommunes: ['01273'] });
    expect((await c.post('/api/users', { username: 'can.bo.xa', displayName: 'x', password: 'mot-mat-khau-dai', role: 'field' })).body.error.code).toBe('user.exists');
    expect((await c.post('/api/users', { username: 'ngan', displayName: 'x', password: 'ngan', role: 'field' })).status).toBe(400);
    const field = client(t.http);
    await field.login('can.bo.xa', 'mot-mat-khau-dai');
    expect((await field.get('/api/users')).status).toBe(403);
  });
});

describe('two-factor hardening', () => {
  async function adminWithTotp() {
    const secret = newTotpSecret();
    const admin = await makeUser(t.app, 'admin', { totpSecret: secret });
    return { admin, secret };
  }

  it('refuses to enable a new authenticator from a session that has only passed the password', async () => {
    const { admin, secret } = await adminWithTotp();
    const c = client(t.http);
    expect((await c.login(admin.username)).body.status).toBe('totp_required');
    const r = await c.post('/api/auth/totp/enable', { code: totp(secret) });
    expect(r.status).toBe(403);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('counts parallel wrong passwords without losing any, and locks the account', async () => {
    const u = await makeUser(t.app, 'health');
    const c = client(t.http);
    await Promise.all(Array.from({ length: 12 }, () => c.login(u.username, 'sai-mat-khau')));
    const row = await t.app.db.selectFrom('users').select(['locked_until']).where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.locked_until).not.toBeNull();
    expect((await client(t.http).login(u.username)).body.error.code).toBe('auth.locked');
  });

  it('keeps counting TOTP failures across password logins, so codes cannot be guessed forever', async () => {
    const { admin, secret } = await adminWithTotp();
    const wrong = totp(secret) === '000000' ? '111111' : '000000';
    let locked = false;
    for (let round = 0; round < 3 && !locked; round++) {
      const c = client(t.http);
      await c.login(admin.username);
      for (let i = 0; i < 2; i++) {
        const r = await c.post('/api/auth/totp', { code: wrong });
        if (r.body.error.code === 'auth.locked') locked = true;
      }
    }
    expect(locked).toBe(true);
    expect((await client(t.http).login(admin.username)).body.error.code).toBe('auth.locked');
  });

  it('issues a new session token after the second factor', async () => {
    const { admin, secret } = await adminWithTotp();
    const c = client(t.http);
    await c.login(admin.username);
    const before = c.cookie();
    await c.post('/api/auth/totp', { code: totp(secret) });
    expect(c.cookie()).not.toBe(before);
    const stale = client(t.http);
    stale.setCookie(before);
    expect((await stale.get('/api/auth/me')).status).toBe(401);
    expect((await c.get('/api/auth/me')).status).toBe(200);
  });

  it('re-enrolment needs a current code and never switches two-factor login off', async () => {
    const { admin, secret } = await adminWithTotp();
    const c = client(t.http);
    await c.login(admin.username);
    await c.post('/api/auth/totp', { code: totp(secret) });
    expect((await c.post('/api/auth/totp/setup')).status).toBe(400);
    const row = await t.app.db.selectFrom('users').select(['totp_enabled', 'totp_secret']).where('id', '=', admin.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ totp_enabled: true, totp_secret: secret });
    const setup = await c.post('/api/auth/totp/setup', { currentCode: totp(secret, Date.now() + 30_000) });
    expect(setup.status).toBe(200);
    expect((await client(t.http).login(admin.username)).body.status).toBe('totp_required'); // still on until confirmed
    const ok = await c.post('/api/auth/totp/enable', { code: totp(setup.body.secret) });
    expect(ok.body.status).toBe('ok');
    const after = await t.app.db.selectFrom('users').select(['totp_secret']).where('id', '=', admin.id).executeTakeFirstOrThrow();
    expect(after.totp_secret).toBe(setup.body.secret);
  });

  it('answers concurrent creation of the same username with 409, never 500', async () => {
    const secret = newTotpSecret();
    const admin = await makeUser(t.app, 'admin', { totpSecret: secret });
    const c = client(t.http);
    await c.login(admin.username);
    await c.post('/api/auth/totp', { code: totp(secret) });
    const body = { username: 'trung.ten', displayName: 'x', password: 'mot-mat-khau-dai', role: 'field' };
    const rs = await Promise.all(Array.from({ length: 6 }, () => c.post('/api/users', body)));
    expect(rs.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });
});
