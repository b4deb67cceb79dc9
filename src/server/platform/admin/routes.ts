import { z } from 'zod';
import { AuditList, AuditQuery, EpidemicUpdate, PurgeReport, RetentionState, RetentionUpdate } from '../../../contracts/audit.ts';
import { Health } from '../../../contracts/common.ts';
import type { App } from '../context.ts';
import type { Http } from '../http/server.ts';
import { searchAudit } from '../audit.ts';
import * as retention from '../retention.ts';

export function adminRoutes(http: Http, app: App, purgers: Record<string, retention.Purger>) {
  http.get('/api/health', {
    config: { access: 'public' },
    schema: { tags: ['system'], summary: 'Tình trạng hệ thống / health', response: { 200: Health } },
  }, async () => {
    await app.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    return { status: 'ok' as const, database: { kind: app.dbKind, version: app.dbVersion }, version: '0.1.0' };
  });

  http.get('/api/audit', {
    config: { access: 'audit.read' },
    schema: { tags: ['audit'], summary: 'Nhật ký truy cập dữ liệu cá nhân / personal-data access log', querystring: AuditQuery, response: { 200: AuditList } },
  }, async (req) => searchAudit(app.db, req.query));

  http.get('/api/retention', {
    config: { access: 'retention.manage' },
    schema: { tags: ['retention'], summary: 'Thời hạn lưu giữ / retention settings', response: { 200: RetentionState } },
  }, async () => retention.retentionState(app.db));

  http.put('/api/retention/epidemic', {
    config: { access: 'retention.manage' },
    schema: { tags: ['retention'], summary: 'Ngày công bố / kết thúc dịch', body: EpidemicUpdate, response: { 200: RetentionState } },
  }, async (req) => {
    await retention.setEpidemic(app.db, req.actor!, req.body);
    return retention.retentionState(app.db);
  });

  http.put('/api/retention/policies/:kind', {
    config: { access: 'retention.manage' },
    schema: {
      tags: ['retention'], summary: 'Đổi thời hạn lưu giữ / change a retention period',
      params: z.strictObject({ kind: z.string().regex(/^[a-z_]{1,40}$/) }), body: RetentionUpdate, response: { 200: RetentionState },
    },
  }, async (req) => {
    await retention.setPolicy(app.db, req.actor!, req.params.kind, req.body);
    return retention.retentionState(app.db);
  });

  http.post('/api/retention/purge', {
    config: { access: 'retention.manage' },
    schema: { tags: ['retention'], summary: 'Xoá dữ liệu hết hạn lưu giữ / purge expired data', response: { 200: PurgeReport } },
  }, async (req) => retention.purge(app.db, req.actor!, purgers));
}
