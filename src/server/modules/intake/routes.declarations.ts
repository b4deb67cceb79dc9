// HTTP of declarations, epidemic areas, screening flags and citizens' reports. Public routes (no login, no
// personal data in their answers, rate-limited per client) under /api/public; officers' under /api/intake.
import { z } from 'zod';
import { IdParam } from '../../../contracts/common.ts';
import {
  Area, AreaEnd, AreaInput, AreaList, AreaQuery, DeclarationDetail, DeclarationInput, DeclarationList, DeclarationOutcome, DeclarationQuery,
  FlagList, FlagQuery, IdempotencyKey, IntakePurpose, Places, PlacesQuery, PublicAreaList, PublicReportInput, ReportDetail, ReportList,
  ReportQuery, ReportReceipt, ReportUpdate, StaffReportInput,
} from '../../../contracts/intake.declarations.ts';
import type { App } from '../../platform/context.ts';
import type { Http } from '../../platform/http/server.ts';
import { trustedSerializer } from '../../platform/http/fastpath.ts';
import { vnDate } from '../../platform/time.ts';
import { createArea, endArea, listAreas, publicAreas } from './areas.ts';
import { getDeclaration, listDeclarations, prepareDeclaration, publicActor, submitDeclaration, writeDeclarations, type PreparedDeclaration } from './declarations.ts';
import { groupCommitter } from './groupCommit.ts';
import { AppError } from '../../platform/errors.ts';
import { limitedBy, limitedInMemory, PUBLIC_LIMITS, type Limit, type LimitName } from './declarations.limits.ts';
import { listFlags } from './screening.ts';
import { getReport, listReports, submitReport, updateReport } from './reports.ts';
import { listUnits, provinceCommunes } from '../reference/index.ts';

const KeyHeader = z.object({ 'idempotency-key': IdempotencyKey.optional() });

export type DeclarationRoutesOptions = {
  limits?: Partial<Record<LimitName, Limit>>;
  /** Called after an epidemic area is recorded: `serve` starts re-screening the declarations before it. */
  onAreaDeclared?: () => void;
};

export function declarationRoutes(http: Http, app: App, opts: DeclarationRoutesOptions = {}) {
  const limits = { ...PUBLIC_LIMITS, ...opts.limits };
  const readLimited = limitedInMemory(limits.read);

  // ---- public

  http.get('/api/public/epidemic-areas', {
    config: { access: 'public' },
    preHandler: readLimited,
    schema: { tags: ['public'], summary: 'Vùng dịch đã công bố / declared epidemic areas', querystring: AreaQuery, response: { 200: PublicAreaList } },
  }, async (req, reply) => {
    reply.header('cache-control', 'public, max-age=60');
    return { items: await publicAreas(app.db, req.query), at: req.query.at ?? null };
  });

  http.get('/api/public/places', {
    config: { access: 'public' },
    preHandler: readLimited,
    schema: { tags: ['public'], summary: 'Tỉnh/thành (theo ngày) và xã/phường của tỉnh, cho các biểu mẫu / provinces on a date and the province\'s communes', querystring: PlacesQuery, response: { 200: Places } },
  }, async (req, reply) => {
    const at = req.query.at ?? vnDate(app.now());
    const [provinces, communes] = await Promise.all([
      listUnits(app.db, { level: 'province', at, limit: 200 }),
      provinceCommunes(app.db, app.config.provinceCode),
    ]);
    reply.header('cache-control', 'public, max-age=3600');
    return {
      at, provinceCode: app.config.provinceCode,
      provinces: provinces.map((p) => ({ code: p.code, name: p.name })),
      communes: communes.map((c) => ({ code: c.code, name: c.name })).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    };
  });

  // Public declarations are written by group commit (a batch per turn of the event loop, answered after its
  // COMMIT), limited per client address in memory like check-ins (docs/benchmarks.md, declarations).
  const committer = groupCommitter<PreparedDeclaration, DeclarationOutcome>({
    flush: (items) => writeDeclarations(app.db, items, publicActor(null, null)),
    batchError: () => new AppError({ code: 'declaration.not_saved', kind: 'unavailable', details: { retryAfterSeconds: 1 } }),
    busyError: () => new AppError({ code: 'declaration.busy', kind: 'unavailable', details: { retryAfterSeconds: 2 } }),
    maxBatch: 200, maxWaitMs: 2, maxInFlight: 3, maxQueue: 5_000,
    onBatchError: (cause, size) => app.log.error(`declaration batch of ${size} failed: ${(cause as Error)?.message ?? cause}`),
  });
  http.addHook('onClose', async () => { await committer.close(); });

  http.post('/api/public/declarations', {
    config: { access: 'public' },
    preHandler: limitedInMemory(limits.declaration),
    schema: {
      tags: ['public'], summary: 'Khai báo y tế (toàn dân, di chuyển nội địa, nhập cảnh) và kết quả sàng lọc / health declaration and its screening',
      headers: KeyHeader, body: DeclarationInput, response: { 200: DeclarationOutcome, 201: DeclarationOutcome },
    },
    // The answer is built field by field by the server (declarations.ts outcomeFrom), never passed through from
    // a row: written without re-parsing it through zod (docs/benchmarks.md, declarations).
    serializerCompiler: trustedSerializer,
  }, async (req, reply) => {
    const item = await prepareDeclaration(app.db, null, req.body, {
      channel: 'public', idempotencyKey: req.headers['idempotency-key'], now: app.now(), ip: req.ip, requestId: req.id,
    });
    const out = await committer.submit(item);
    reply.code(out.replayed ? 200 : 201);
    return out;
  });

  http.post('/api/public/reports', {
    config: { access: 'public' },
    preHandler: limitedBy(app.db, 'report', limits.report),
    schema: { tags: ['public'], summary: 'Phản ánh của người dân / a citizen\'s report', headers: KeyHeader, body: PublicReportInput, response: { 200: ReportReceipt, 201: ReportReceipt } },
  }, async (req, reply) => {
    const out = await submitReport(app.db, null, req.body, { channel: 'public', idempotencyKey: req.headers['idempotency-key'], now: app.now(), ip: req.ip, requestId: req.id });
    reply.code(out.replayed ? 200 : 201);
    return out;
  });

  // ---- officers: epidemic areas

  http.get('/api/intake/epidemic-areas', {
    config: { access: 'reference.read' },
    schema: { tags: ['intake'], summary: 'Vùng dịch (cả đã kết thúc) / epidemic areas, ended ones too', querystring: AreaQuery, response: { 200: AreaList } },
  }, async (req) => ({ items: await listAreas(app.db, req.query) }));

  http.post('/api/intake/epidemic-areas', {
    config: { access: 'tracing.write' },
    schema: { tags: ['intake'], summary: 'Công bố vùng dịch / record a declared epidemic area', body: AreaInput, response: { 201: Area } },
  }, async (req, reply) => {
    const out = await createArea(app.db, req.actor!, req.body, vnDate(app.now()));
    opts.onAreaDeclared?.();
    reply.code(201);
    return out;
  });

  http.post('/api/intake/epidemic-areas/:id/end', {
    config: { access: 'tracing.write' },
    schema: { tags: ['intake'], summary: 'Kết thúc vùng dịch / end an epidemic area', params: IdParam, body: AreaEnd, response: { 200: Area } },
  }, async (req) => endArea(app.db, req.actor!, req.params.id, req.body, vnDate(app.now())));

  // ---- officers: declarations and flags

  http.post('/api/intake/declarations', {
    config: { access: 'person.write' },
    schema: {
      tags: ['intake'], summary: 'Khai hộ tờ khai y tế / enter a declaration for a citizen',
      headers: KeyHeader, body: DeclarationInput, response: { 200: DeclarationOutcome, 201: DeclarationOutcome },
    },
  }, async (req, reply) => {
    const out = await submitDeclaration(app.db, req.actor!, req.body, {
      channel: 'staff', idempotencyKey: req.headers['idempotency-key'], now: app.now(), ip: req.ip, requestId: req.id,
    });
    reply.code(out.replayed ? 200 : 201);
    return out;
  });

  http.get('/api/intake/declarations', {
    config: { access: 'person.read' },
    schema: { tags: ['intake'], summary: 'Tờ khai y tế trong địa bàn / declarations in the area', querystring: DeclarationQuery, response: { 200: DeclarationList } },
  }, async (req) => listDeclarations(app.db, req.actor!, req.query));

  http.get('/api/intake/declarations/:id', {
    config: { access: 'person.read' },
    schema: { tags: ['intake'], summary: 'Một tờ khai và kết quả sàng lọc / a declaration and its screening', params: IdParam, querystring: IntakePurpose, response: { 200: DeclarationDetail } },
  }, async (req) => getDeclaration(app.db, req.actor!, req.params.id, req.query.purpose));

  http.get('/api/intake/flags', {
    config: { access: 'tracing.read' },
    schema: { tags: ['intake'], summary: 'Cảnh báo sàng lọc / screening flags', querystring: FlagQuery, response: { 200: FlagList } },
  }, async (req) => listFlags(app.db, req.actor!, req.query));

  // ---- officers: citizens' reports

  http.post('/api/intake/reports', {
    config: { access: 'tracing.write' },
    schema: { tags: ['intake'], summary: 'Ghi phản ánh (đường dây nóng, cán bộ) / record a report from the hotline', headers: KeyHeader, body: StaffReportInput, response: { 200: ReportReceipt, 201: ReportReceipt } },
  }, async (req, reply) => {
    const out = await submitReport(app.db, req.actor!, req.body, { channel: req.body.channel, idempotencyKey: req.headers['idempotency-key'], now: app.now() });
    reply.code(out.replayed ? 200 : 201);
    return out;
  });

  http.get('/api/intake/reports', {
    config: { access: 'tracing.read' },
    schema: { tags: ['intake'], summary: 'Hàng đợi phản ánh / the reports triage queue', querystring: ReportQuery, response: { 200: ReportList } },
  }, async (req) => listReports(app.db, req.actor!, req.query));

  http.get('/api/intake/reports/:id', {
    config: { access: 'tracing.read' },
    schema: { tags: ['intake'], summary: 'Một phản ánh và các bước xử lý / a report and its history', params: IdParam, querystring: IntakePurpose, response: { 200: ReportDetail } },
  }, async (req) => getReport(app.db, req.actor!, req.params.id, req.query.purpose));

  http.patch('/api/intake/reports/:id', {
    config: { access: 'tracing.write' },
    schema: { tags: ['intake'], summary: 'Phân công, cập nhật trạng thái phản ánh / assign or move a report', params: IdParam, body: ReportUpdate, response: { 200: ReportDetail } },
  }, async (req) => updateReport(app.db, req.actor!, req.params.id, req.body));
}
