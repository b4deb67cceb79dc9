import { IdParam, Ok } from '../../../contracts/common.ts';
import { WorkList, WorkQuery, WorkUpdate } from '../../../contracts/work.ts';
import type { App } from '../../platform/context.ts';
import type { Http } from '../../platform/http/server.ts';
import { listWork, updateWork } from './service.ts';

export function workRoutes(http: Http, app: App) {
  http.get('/api/work-items', {
    config: { access: 'tracing.read' },
    schema: { tags: ['work'], summary: 'Việc cần làm của xã (cách ly, xét nghiệm, theo dõi) / work items of a commune', querystring: WorkQuery, response: { 200: WorkList } },
  }, async (req) => listWork(app.db, req.actor!, req.query));

  http.patch('/api/work-items/:id', {
    config: { access: 'tracing.write' },
    schema: { tags: ['work'], summary: 'Cập nhật trạng thái việc / update a work item', params: IdParam, body: WorkUpdate, response: { 200: Ok } },
  }, async (req) => updateWork(app.db, req.actor!, req.params.id, req.body));
}
