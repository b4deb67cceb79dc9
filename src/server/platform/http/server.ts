// The HTTP server: contracts (zod) in and out, one error shaper, default-deny permissions, OpenAPI, the web app.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { errorMessage, type ErrorCode, type Lang } from '../../../contracts/errors.ts';
import type { Permission } from '../../../contracts/auth.ts';
import type { Actor, App } from '../context.ts';
import { AppError, STATUS_OF_KIND } from '../errors.ts';
import { audit } from '../audit.ts';
import { actorOf, resolveSession, SESSION_COOKIE, type ResolvedSession } from '../auth/service.ts';

export type Http = FastifyInstance<any, any, any, any, ZodTypeProvider>;

/** What a route needs: a permission, any full session ('authenticated'), any session even mid-login ('session'), or nothing. */
export type Access = Permission | 'authenticated' | 'session' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    session: ResolvedSession | null;
    lang: Lang;
  }
}

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../dist/web');
const BODY_LIMIT = 1024 * 1024;

function langOf(req: FastifyRequest): Lang {
  const h = req.headers['accept-language'];
  return typeof h === 'string' && h.trim().toLowerCase().startsWith('en') ? 'en' : 'vi';
}

/** The error answer: `{ error: { code, message, details, requestId } }`, never cached; details that say when to
 * come back (`retryAfterSeconds`: rate limits, a busy or failed batch) also give the Retry-After header. */
export function sendError(req: FastifyRequest, reply: FastifyReply, status: number, code: ErrorCode, details: unknown = null) {
  const lang = req.lang ?? langOf(req);
  const retryAfter = (details as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  if (typeof retryAfter === 'number' && retryAfter > 0) reply.header('retry-after', String(Math.ceil(retryAfter)));
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .send({ error: { code, message: errorMessage(code, lang), details, requestId: req.id } });
}

type FieldIssue = { path: string; code: string; message: string };

function validationDetails(err: FastifyError, lang: Lang): { code: ErrorCode; fields: FieldIssue[] } {
  const fields: FieldIssue[] = [];
  let code: ErrorCode = 'request.invalid';
  for (const v of err.validation ?? []) {
    const p = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const params = (v.params ?? {}) as { params?: { code?: string }; keys?: string[] };
    const domain = params.params?.code as ErrorCode | undefined;
    if (domain && code === 'request.invalid') code = domain;
    const unknownKeys = v.keyword === 'unrecognized_keys' ? ` (${(params.keys ?? []).join(', ')})` : '';
    fields.push({
      path: p,
      code: domain ?? `request.${v.keyword}`,
      message: domain ? errorMessage(domain, lang) : `${v.message}${unknownKeys}`,
    });
  }
  return { code, fields };
}

const UNAVAILABLE_PG = new Set(['57P01', '57P02', '57P03', '53300', '08006', '08001', '08004']);

export async function buildServer(app: App, routes: Array<(http: Http, app: App) => void>): Promise<Http> {
  const http = Fastify({
    logger: app.config.logLevel === 'silent' ? false : { level: app.config.logLevel },
    bodyLimit: BODY_LIMIT,
    genReqId: () => crypto.randomUUID(),
    // Behind a reverse proxy, set PHONGDICH_TRUST_PROXY so that client addresses (login throttling, audit)
    // and https (Secure cookies) come from X-Forwarded-*.
    trustProxy: app.config.trustProxy,
    // Errors Fastify raises before routing (a malformed URL) get the same JSON shape as every other error.
    frameworkErrors: (err, rawReq, reply) => {
      const req = rawReq as unknown as FastifyRequest;
      req.lang = langOf(req);
      return sendError(req, reply as unknown as FastifyReply, 400, 'request.invalid', { reason: (err as FastifyError).code ?? null });
    },
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  http.setValidatorCompiler(validatorCompiler);
  http.setSerializerCompiler(serializerCompiler);
  http.decorateRequest('actor', null);
  http.decorateRequest('session', null);
  http.decorateRequest('lang', 'vi');

  await http.register(cookie);
  await http.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Phòng Dịch API', version: '0.1.0', description: 'Hệ thống chỉ huy phòng, chống dịch cấp tỉnh' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: jsonSchemaTransform,
  });
  await http.register(swaggerUi, { routePrefix: '/api/docs' });

  // Default deny: an /api route that does not say who may call it does not start.
  http.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api') || route.url.startsWith('/api/docs')) return;
    if (!route.config?.access) throw new Error(`route ${route.method} ${route.url} declares no access rule`);
  });

  http.addHook('onRequest', async (req, reply) => {
    req.lang = langOf(req);
    if (!req.url.startsWith('/api') || req.url.startsWith('/api/docs')) return;
    const access = req.routeOptions.config?.access;
    if (!access) return; // unknown route: the not-found handler answers
    if (access === 'public') return;
    const session = await resolveSession(app.db, req.cookies[SESSION_COOKIE]);
    if (!session) return sendError(req, reply, 401, 'auth.unauthenticated');
    req.session = session;
    if (access === 'session') return;
    if (session.state === 'totp_pending') return sendError(req, reply, 401, 'auth.totp_required');
    if (session.state === 'totp_setup') return sendError(req, reply, 403, 'auth.totp_setup_required');
    const actor = actorOf(session.user, req.ip, req.id);
    req.actor = actor;
    if (access !== 'authenticated' && !actor.permissions.has(access)) {
      await audit(app.db, actor, {
        action: 'access.denied', entity: 'route', entityId: `${req.method} ${req.routeOptions.url}`, outcome: 'denied',
        details: { permission: access },
      });
      return sendError(req, reply, 403, 'auth.forbidden', { permission: access });
    }
  });

  http.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) return sendError(req, reply, STATUS_OF_KIND[err.kind], err.code, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const { code, fields } = validationDetails(err, req.lang);
      return sendError(req, reply, 400, code, { fields });
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(req, reply, 400, 'request.malformed_json');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(req, reply, 413, 'request.too_large', { limitBytes: BODY_LIMIT });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendError(req, reply, 415, 'request.unsupported_media_type');
    }
    if (err instanceof SyntaxError && err.statusCode === 400) return sendError(req, reply, 400, 'request.malformed_json');
    const pgCode = (err as { code?: string }).code;
    if ((pgCode && UNAVAILABLE_PG.has(pgCode)) || pgCode === 'ECONNREFUSED') {
      req.log.error({ err }, 'database unavailable');
      return sendError(req, reply, 503, 'server.unavailable');
    }
    // A constraint the validation did not foresee: the write is refused (rolled back), not a crash.
    if (pgCode === '23505' || pgCode === '23P01' || pgCode === '23503') {
      req.log.warn({ err, requestId: req.id }, 'constraint conflict');
      return sendError(req, reply, 409, 'request.conflict', { constraint: (err as { constraint?: string }).constraint ?? null });
    }
    if (pgCode === '23514' || pgCode === '23502' || (pgCode && /^22...$/.test(pgCode))) {
      req.log.warn({ err, requestId: req.id }, 'data refused by the database');
      return sendError(req, reply, 400, 'request.invalid', { constraint: (err as { constraint?: string }).constraint ?? null });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return sendError(req, reply, err.statusCode, 'request.invalid', { reason: err.code ?? null });
    }
    req.log.error({ err, requestId: req.id }, 'unhandled error');
    if (process.env.PHONGDICH_DEBUG_ERRORS) console.error(err);
    return sendError(req, reply, 500, 'server.internal');
  });

  const hasWeb = fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (hasWeb) await http.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false });

  http.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api') || req.method !== 'GET') return sendError(req, reply, 404, 'request.not_found');
    if (!hasWeb) return reply.code(503).type('text/plain; charset=utf-8').send('Giao diện web chưa được build / web app not built: npm run build:web');
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
  });

  http.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => http.swagger());

  for (const register of routes) register(http, app);
  await http.ready();
  return http;
}
