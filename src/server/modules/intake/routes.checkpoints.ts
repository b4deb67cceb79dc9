// HTTP of checkpoints (chốt kiểm soát). Permissions: tracing.read / tracing.write for now (no checkpoint-specific
// permission exists yet). POST /api/checkpoints/entries is idempotent per entry clientId: send a batch again as
// often as needed (answers 200 with a result per entry).
import { IdParam } from '../../../contracts/common.ts';
import {
  CheckpointEntriesBody, CheckpointEntriesQuery, CheckpointEntriesResult, CheckpointEntryList, CheckpointInput, CheckpointList, CheckpointView,
} from '../../../contracts/intake.checkpoints.ts';
import type { App } from '../../platform/context.ts';
import type { Http } from '../../platform/http/server.ts';
import { createCheckpoint, getCheckpoint, listCheckpoints, listEntries, recordEntries } from './checkpoints.ts';

export function checkpointRoutes(http: Http, app: App) {
  http.get('/api/checkpoints', {
    config: { access: 'tracing.read' },
    schema: { tags: ['intake'], summary: 'Danh sách chốt kiểm soát / checkpoints', response: { 200: CheckpointList } },
  }, async (req) => ({ items: await listCheckpoints(app.db, req.actor!) }));

  http.post('/api/checkpoints', {
    config: { access: 'tracing.write' },
    schema: { tags: ['intake'], summary: 'Thêm chốt kiểm soát / create a checkpoint', body: CheckpointInput, response: { 201: CheckpointView } },
  }, async (req, reply) => {
    const v = await createCheckpoint(app.db, req.actor!, req.body);
    reply.code(201);
    return v;
  });

  http.get('/api/checkpoints/:id', {
    config: { access: 'tracing.read' },
    schema: { tags: ['intake'], summary: 'Một chốt kiểm soát / a checkpoint', params: IdParam, response: { 200: CheckpointView } },
  }, async (req) => getCheckpoint(app.db, req.actor!, req.params.id));

  http.post('/api/checkpoints/entries', {
    config: { access: 'tracing.write' },
    schema: {
      tags: ['intake'], summary: 'Ghi nhận người, phương tiện qua chốt (theo lô) / record checkpoint entries (batch)',
      description: 'Up to 200 entries. Idempotent per clientId: a retried entry answers its first result (status duplicate).',
      body: CheckpointEntriesBody, response: { 200: CheckpointEntriesResult },
    },
  }, async (req) => ({ results: await recordEntries(app.db, req.actor!, req.body.entries, app.now()) }));

  http.get('/api/checkpoints/:id/entries', {
    config: { access: 'tracing.read' },
    schema: { tags: ['intake'], summary: 'Lượt qua chốt trong ngày / entries of a day', params: IdParam, querystring: CheckpointEntriesQuery, response: { 200: CheckpointEntryList } },
  }, async (req) => listEntries(app.db, req.actor!, req.params.id, req.query, app.now()));
}
