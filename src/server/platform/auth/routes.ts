import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginBody, LoginResult, Me, TotpCodeBody, TotpSetup, TotpSetupBody, UserCreate, UserList, UserSummary } from '../../../contracts/auth.ts';
import { Ok } from '../../../contracts/common.ts';
import type { App } from '../context.ts';
import type { Http } from '../http/server.ts';
import { audit } from '../audit.ts';
import { AppError } from '../errors.ts';
import * as auth from './service.ts';

export function authRoutes(http: Http, app: App) {
  const setCookie = (req: FastifyRequest, reply: FastifyReply, token: string, hours: number) =>
    reply.setCookie(auth.SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: app.config.cookieSecure === 'auto' ? req.protocol === 'https' : app.config.cookieSecure,
      maxAge: Math.round(hours * 3600),
    });
  const hours = app.config.sessionHours;
  const session = (req: FastifyRequest) => {
    if (!req.session) throw new AppError({ code: 'auth.unauthenticated', kind: 'unauthenticated' });
    return req.session;
  };

  http.post('/api/auth/login', {
    config: { access: 'public' },
    schema: { tags: ['auth'], summary: 'Đăng nhập / log in', body: LoginBody, response: { 200: LoginResult } },
  }, async (req, reply) => {
    const out = await auth.login(app.db, {
      ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null, sessionHours: hours,
    });
    setCookie(req, reply, out.token, out.status === 'ok' ? hours : auth.LOGIN_RULES.pendingSessionMinutes / 60);
    return { status: out.status, user: out.status === 'ok' ? out.user : null };
  });

  http.post('/api/auth/totp', {
    config: { access: 'session' },
    schema: { tags: ['auth'], summary: 'Mã xác thực hai lớp / second factor', body: TotpCodeBody, response: { 200: LoginResult } },
  }, async (req, reply) => {
    const out = await auth.completeTotp(app.db, session(req), req.body.code, hours, req.ip);
    setCookie(req, reply, out.token, hours);
    return { status: 'ok' as const, user: out.user };
  });

  http.post('/api/auth/totp/setup', {
    config: { access: 'session' },
    schema: {
      tags: ['auth'], summary: 'Bắt đầu thiết lập TOTP (cần mã hiện tại nếu đã bật) / start TOTP enrolment (a current code if already on)',
      body: TotpSetupBody.nullish(), response: { 200: TotpSetup },
    },
  }, async (req) => auth.setupTotp(app.db, session(req), req.body?.currentCode, req.ip));

  http.post('/api/auth/totp/enable', {
    config: { access: 'session' },
    schema: { tags: ['auth'], summary: 'Xác nhận TOTP / confirm TOTP enrolment', body: TotpCodeBody, response: { 200: LoginResult } },
  }, async (req, reply) => {
    const out = await auth.enableTotp(app.db, session(req), req.body.code, hours, req.ip);
    if (out.token) setCookie(req, reply, out.token, hours);
    return { status: 'ok' as const, user: out.user };
  });

  http.post('/api/auth/logout', {
    config: { access: 'session' },
    schema: { tags: ['auth'], summary: 'Đăng xuất / log out', response: { 200: Ok } },
  }, async (req, reply) => {
    await auth.logout(app.db, session(req).tokenHash);
    reply.clearCookie(auth.SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  http.get('/api/auth/me', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'Người dùng hiện tại / current user', response: { 200: Me } },
  }, async (req) => auth.toMe(session(req).user));

  http.get('/api/users', {
    config: { access: 'user.manage' },
    schema: { tags: ['users'], summary: 'Danh sách người dùng / users', response: { 200: UserList } },
  }, async () => ({ items: await auth.listUsers(app.db) }));

  http.post('/api/users', {
    config: { access: 'user.manage' },
    schema: { tags: ['users'], summary: 'Tạo người dùng / create a user', body: UserCreate, response: { 201: UserSummary } },
  }, async (req, reply) => {
    const me = await app.db.transaction().execute(async (tx) => {
      const created = await auth.createUser(tx, req.body);
      await audit(tx, req.actor, { action: 'user.create', entity: 'user', entityId: created.id, details: { role: created.role } });
      return created;
    });
    reply.code(201);
    return { ...me, disabled: false, lockedUntil: null };
  });
}

