import { IdParam } from '../../../contracts/common.ts';
import {
  DuplicateCheckBody, DuplicateList, MergeBody, PersonDetail, PersonInput, PersonSearchQuery, PersonSearchResult, PersonUpdate, PurposeQuery,
} from '../../../contracts/people.ts';
import type { App } from '../../platform/context.ts';
import type { Http } from '../../platform/http/server.ts';
import * as people from './service.ts';

export function peopleRoutes(http: Http, app: App) {
  http.get('/api/people', {
    config: { access: 'person.read' },
    schema: { tags: ['people'], summary: 'Tìm người (không dấu, số giấy tờ, số điện thoại) / search people', querystring: PersonSearchQuery, response: { 200: PersonSearchResult } },
  }, async (req) => people.searchPeople(app.db, req.actor!, req.query));

  http.post('/api/people', {
    config: { access: 'person.write' },
    schema: { tags: ['people'], summary: 'Thêm người / add a person', body: PersonInput, response: { 201: PersonDetail } },
  }, async (req, reply) => {
    const out = await people.createPerson(app.db, req.actor!, req.body);
    reply.code(201);
    return out;
  });

  http.post('/api/people/duplicates', {
    config: { access: 'person.write' },
    schema: { tags: ['people'], summary: 'Hồ sơ có thể trùng / duplicate candidates', body: DuplicateCheckBody, response: { 200: DuplicateList } },
  }, async (req) => people.checkDuplicates(app.db, req.actor!, req.body));

  http.get('/api/people/:id', {
    config: { access: 'person.read' },
    schema: { tags: ['people'], summary: 'Hồ sơ một người / one person', params: IdParam, querystring: PurposeQuery, response: { 200: PersonDetail } },
  }, async (req) => people.getPerson(app.db, req.actor!, req.params.id, req.query.purpose));

  http.put('/api/people/:id', {
    config: { access: 'person.write' },
    schema: { tags: ['people'], summary: 'Sửa hồ sơ / update a person', params: IdParam, body: PersonUpdate, response: { 200: PersonDetail } },
  }, async (req) => people.updatePerson(app.db, req.actor!, req.params.id, req.body));

  http.post('/api/people/:id/merge', {
    config: { access: 'person.merge' },
    schema: { tags: ['people'], summary: 'Gộp hồ sơ trùng / merge a duplicate into this person', params: IdParam, body: MergeBody, response: { 200: PersonDetail } },
  }, async (req) => people.mergePeople(app.db, req.actor!, req.params.id, req.body.duplicateId, req.body.version));
}
