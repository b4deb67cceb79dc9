// HTTP of venues and check-ins. Public: the venue behind a poster, the one-tap check-in and the check-out
// (no login; rate-limited per client address before the body is read, and per phone). Officers: the venue
// registry, posters, the map, check-ins typed for people without a smartphone, CSV import, the catch-up state.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { IdParam } from '../../../contracts/common.ts';
import {
  CatchupStatus, CheckinAck, fastPublicCheckin, CheckinImportBody, CheckinImportReport, CheckoutAck, PosterQuery, PublicCheckinBody, PublicCheckoutBody,
  PublicVenue, StaffCheckinBody, TokenParam, VenueInput, VenueListQuery, VenueListResult, VenueMap, VenueMapQuery, VenueView,
} from '../../../contracts/intake.checkins.ts';
import type { App } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { sendError, type Http } from '../../platform/http/server.ts';
import { fastValidator, trustedSerializer } from '../../platform/http/fastpath.ts';
import { communeNames } from '../reference/index.ts';
import { checkinService, type CheckinOptions, type CheckinService } from './checkins.ts';
import { importCheckins } from './checkins.import.ts';
import { catchupStatus } from './catchup.ts';
import { createVenue, getVenue, listVenues, rotateToken, updateVenue, venueRow } from './venues.ts';
import { posterPdf, posterSvg } from './venues.poster.ts';
import { venueMap } from './venues.map.ts';

const services = new WeakMap<object, CheckinService>();

/** The check-in service behind a server built with checkinRoutes (tests, benchmark: its batch statistics). */
export function checkinServiceOf(http: Http): CheckinService | undefined {
  return services.get(http);
}

const originOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

export function checkinRoutes(http: Http, app: App, opts: CheckinOptions = {}) {
  const svc = checkinService(app, opts);
  services.set(http, svc);
  http.addHook('onClose', async () => { await svc.close(); });
  http.addHook('onReady', async () => {
    svc.prime().catch((e) => app.log.warn(`phone cache not primed: ${(e as Error).message}`));
  });

  // Before the body is parsed: a flood from one address costs a map look-up per request. (Callback style: no
  // promise per request on the hot path; an early answer ends the request without calling done.)
  const limited = (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const wait = svc.limitAddress(req.ip);
    if (!wait) return done();
    sendError(req, reply, 429, 'request.rate_limited', { retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) });
  };

  http.get('/api/public/venues/:token', {
    config: { access: 'public' },
    onRequest: limited,
    schema: { tags: ['intake'], summary: 'Địa điểm của một mã QR (trang khai báo công khai) / the venue behind a poster', params: TokenParam, response: { 200: PublicVenue } },
  }, async (req, reply) => {
    const v = await svc.venueForToken(req.params.token);
    if (!v) throw new AppError({ code: 'checkin.venue_not_found', kind: 'not_found' });
    const names = await communeNames(app.db, [v.communeCode]);
    reply.header('cache-control', 'no-store');
    return { name: v.name, kind: v.kind as z.infer<typeof PublicVenue>['kind'], communeName: names.get(v.communeCode) ?? null, address: v.address, stayMinutes: v.stayMinutes };
  });

  http.post('/api/public/checkins', {
    config: { access: 'public' },
    onRequest: limited,
    schema: {
      tags: ['intake'], summary: 'Khai báo điểm đến bằng mã QR (một chạm) / one-tap QR check-in',
      description: 'Answered after the check-in is durably committed. A retry with the same idempotencyKey answers the first check-in (duplicate: true).',
      body: PublicCheckinBody, response: { 201: CheckinAck, 200: CheckinAck },
    },
    // The hot path (docs/benchmarks.md, intake): the common body checked without zod, the answer (built by
    // ack() field by field) written without re-parsing; the zod schema stays the authority for everything else.
    validatorCompiler: fastValidator(fastPublicCheckin),
    serializerCompiler: trustedSerializer,
  }, async (req, reply) => {
    const out = await svc.publicCheckin(req.body, req.ip);
    reply.code(out.duplicate ? 200 : 201);
    return out;
  });

  http.post('/api/public/checkins/checkout', {
    config: { access: 'public' },
    onRequest: limited,
    schema: { tags: ['intake'], summary: 'Báo ra về / check out (with the idempotency key of the check-in)', body: PublicCheckoutBody, response: { 200: CheckoutAck } },
  }, async (req) => svc.publicCheckout(req.body.idempotencyKey));

  http.get('/api/intake/venues', {
    config: { access: 'tracing.read' },
    schema: { tags: ['intake'], summary: 'Danh sách địa điểm / venues', querystring: VenueListQuery, response: { 200: VenueListResult } },
  }, async (req) => listVenues(app.db, req.query, originOf(req)));

  http.post('/api/intake/venues', {
    config: { access: 'tracing.write' },
    schema: { tags: ['intake'], summary: 'Thêm địa điểm / create a venue', body: VenueInput, response: { 201: VenueView } },
  }, async (req, reply) => {
    const v = await createVenue(app.db, req.actor!, req.body, originOf(req));
    reply.code(201);
    return v;
  });

  http.get('/api/intake/venues/:id', {
    config: { access: 'tracing.read' },
    schema: { tags: ['intake'], summary: 'Một địa điểm / a venue', params: IdParam, response: { 200: VenueView } },
  }, async (req) => getVenue(app.db, req.params.id, originOf(req)));

  http.put('/api/intake/venues/:id', {
    config: { access: 'tracing.write' },
    schema: { tags: ['intake'], summary: 'Sửa địa điểm / update a venue', params: IdParam, body: VenueInput, response: { 200: VenueView } },
  }, async (req) => {
    const before = await venueRow(app.db, req.params.id);
    const v = await updateVenue(app.db, req.actor!, req.params.id, req.body, originOf(req));
    if (before) svc.forgetVenue(before.qr_token);
    return v;
  });

  http.post('/api/intake/venues/:id/token', {
    config: { access: 'tracing.write' },
    schema: { tags: ['intake'], summary: 'Đổi mã QR (mã cũ hết hiệu lực) / replace the QR token', params: IdParam, response: { 200: VenueView } },
  }, async (req) => {
    const before = await venueRow(app.db, req.params.id);
    const v = await rotateToken(app.db, req.actor!, req.params.id, originOf(req));
    if (before) svc.forgetVenue(before.qr_token);
    return v;
  });

  http.get('/api/intake/venues/:id/poster', {
    config: { access: 'tracing.read' },
    schema: { tags: ['intake'], summary: 'Áp phích mã QR để in (SVG hoặc PDF) / printable QR poster', params: IdParam, querystring: PosterQuery },
  }, async (req, reply) => {
    const v = await getVenue(app.db, req.params.id, originOf(req));
    const poster = { name: v.name, kind: v.kind, communeName: v.communeName, address: v.address, url: v.checkinUrl };
    const file = `ma-qr-dia-diem-${v.id}.${req.query.format}`;
    reply.header('content-disposition', `inline; filename="${file}"`).header('cache-control', 'no-store');
    if (req.query.format === 'pdf') return reply.type('application/pdf').send(posterPdf(poster));
    return reply.type('image/svg+xml; charset=utf-8').send(posterSvg(poster));
  });

  http.get('/api/intake/venue-map', {
    config: { access: 'tracing.read' },
    schema: { tags: ['intake'], summary: 'Bản đồ địa điểm trên ranh giới xã (SVG) / venue map on commune outlines', querystring: VenueMapQuery, response: { 200: VenueMap } },
  }, async (req) => venueMap(app.db, app.config.provinceCode, req.query));

  http.post('/api/intake/checkins', {
    config: { access: 'tracing.write' },
    schema: { tags: ['intake'], summary: 'Cán bộ ghi lượt vào địa điểm cho người không có điện thoại thông minh / staff check-in', body: StaffCheckinBody, response: { 201: CheckinAck, 200: CheckinAck } },
  }, async (req, reply) => {
    const out = await svc.staffCheckin(req.actor!, req.body);
    reply.code(out.duplicate ? 200 : 201);
    return out;
  });

  http.post('/api/intake/checkins/import', {
    config: { access: 'tracing.write' },
    schema: { tags: ['intake'], summary: 'Nhập lượt vào địa điểm từ tệp CSV / import check-ins from CSV', body: CheckinImportBody, response: { 200: CheckinImportReport } },
  }, async (req) => importCheckins(app, req.actor!, svc.phones, req.body.csv, { dryRun: req.body.dryRun, lang: req.lang }));

  http.get('/api/intake/checkins/catchup', {
    config: { access: 'tracing.read' },
    schema: { tags: ['intake'], summary: 'Tiến độ truy vết bổ sung theo lượt quét / tracing catch-up state', response: { 200: CatchupStatus } },
  }, async () => catchupStatus(app));
}
