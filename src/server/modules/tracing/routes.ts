import { IdParam, Ok } from '../../../contracts/common.ts';
import {
  CaseBatch, CaseCreate, CaseCreated, ReviewDecision, ClassificationList, ClassificationQuery, HouseholdCreate, HouseholdMember, HouseholdMemberParams, HouseholdOf, VenueList, VenueQuery, WaypointInput, WaypointList, CaseDetail, CaseList, CheckinBatch, ContactBatch, RejectionInput, ReviewList, TracingPurpose, Written,
} from '../../../contracts/tracing.ts';
import type { App } from '../../platform/context.ts';
import type { Http } from '../../platform/http/server.ts';
import * as tracing from './service.cases.ts';
import { addWaypoint, listVenues, listWaypoints } from './service.waypoints.ts';
import { changeMember, createHousehold, householdOf } from './service.households.ts';
import { z } from 'zod';
import { TraceSummary } from '../../../contracts/tracing.ts';

export function tracingRoutes(http: Http, app: App) {
  http.post('/api/tracing/cases', {
    config: { access: 'tracing.write' },
    schema: { tags: ['tracing'], summary: 'Ghi nhận ca bệnh (F0) và truy vết F1/F2 / record a case and trace it', body: CaseCreate, response: { 201: CaseCreated } },
  }, async (req, reply) => {
    const out = await tracing.createCase(app.db, req.actor!, req.body);
    reply.code(201);
    return out;
  });

  http.post('/api/tracing/cases/batch', {
    config: { access: 'tracing.write' },
    schema: { tags: ['tracing'], summary: 'Nhập nhiều ca bệnh một lần (kết quả xét nghiệm trong ngày) / import a batch of cases', body: CaseBatch, response: { 200: Written } },
  }, async (req) => tracing.importCases(app.db, req.actor!, req.body.cases));

  http.get('/api/tracing/cases', {
    config: { access: 'tracing.read' },
    schema: { tags: ['tracing'], summary: 'Danh sách ca bệnh / cases', querystring: TracingPurpose, response: { 200: CaseList } },
  }, async (req) => tracing.listCases(app.db, req.actor!, req.query.purpose));

  http.get('/api/tracing/cases/:id', {
    config: { access: 'tracing.read' },
    schema: { tags: ['tracing'], summary: 'Ca bệnh, F1/F2 và nguồn gốc phân loại / a case, its F1/F2 and their provenance', params: IdParam, querystring: TracingPurpose, response: { 200: CaseDetail } },
  }, async (req) => tracing.getCase(app.db, req.actor!, req.params.id, req.query.purpose));

  http.get('/api/tracing/cases/:id/waypoints', {
    config: { access: 'tracing.read' },
    schema: { tags: ['tracing'], summary: 'Mốc dịch tễ của ca bệnh / a case\'s epidemiological waypoints', params: IdParam, querystring: TracingPurpose, response: { 200: WaypointList } },
  }, async (req) => listWaypoints(app.db, req.actor!, req.params.id, req.query.purpose));

  http.post('/api/tracing/cases/:id/waypoints', {
    config: { access: 'tracing.write' },
    schema: { tags: ['tracing'], summary: 'Thêm mốc dịch tễ (điều tra) / add a waypoint from the interview', params: IdParam, body: WaypointInput,
      response: { 201: z.object({ id: z.number(), trace: TraceSummary.nullable() }) } },
  }, async (req, reply) => {
    const out = await addWaypoint(app.db, req.actor!, req.params.id, req.body);
    reply.code(201);
    return out;
  });

  http.get('/api/tracing/people/:id/household', {
    config: { access: 'tracing.read' },
    schema: { tags: ['tracing'], summary: 'Hộ gia đình của một người / the household of a person', params: IdParam, querystring: TracingPurpose, response: { 200: HouseholdOf } },
  }, async (req) => householdOf(app.db, req.actor!, req.params.id, req.query.purpose));

  http.post('/api/tracing/households', {
    config: { access: 'tracing.write' },
    schema: { tags: ['tracing'], summary: 'Tạo hộ gia đình / create a household', body: HouseholdCreate, response: { 201: z.object({ id: z.number(), trace: TraceSummary }) } },
  }, async (req, reply) => {
    const out = await createHousehold(app.db, req.actor!, req.body);
    reply.code(201);
    return out;
  });

  http.post('/api/tracing/households/:id/members', {
    config: { access: 'tracing.write' },
    schema: { tags: ['tracing'], summary: 'Thêm thành viên hộ / add a member', params: IdParam, body: HouseholdMember, response: { 200: Written } },
  }, async (req) => changeMember(app.db, req.actor!, req.params.id, req.body.personId, 'add'));

  http.delete('/api/tracing/households/:id/members/:personId', {
    config: { access: 'tracing.write' },
    schema: { tags: ['tracing'], summary: 'Bớt thành viên hộ / remove a member', params: HouseholdMemberParams, response: { 200: Written } },
  }, async (req) => changeMember(app.db, req.actor!, req.params.id, req.params.personId, 'remove'));

  http.get('/api/tracing/venues', {
    config: { access: 'tracing.read' },
    schema: { tags: ['tracing'], summary: 'Địa điểm (tìm theo tên, xã) / venues', querystring: VenueQuery, response: { 200: VenueList } },
  }, async (req) => listVenues(app.db, req.query));

  http.post('/api/tracing/contacts', {
    config: { access: 'tracing.write' },
    schema: { tags: ['tracing'], summary: 'Ghi nhận tiếp xúc (theo danh sách) / record contacts (line list)', body: ContactBatch, response: { 200: Written } },
  }, async (req) => tracing.addContacts(app.db, req.actor!, req.body.contacts));

  http.post('/api/tracing/checkins', {
    config: { access: 'tracing.write' },
    schema: { tags: ['tracing'], summary: 'Nhập lượt quét mã địa điểm / import venue check-ins', body: CheckinBatch, response: { 200: Written } },
  }, async (req) => tracing.addCheckins(app.db, req.actor!, req.body.checkins));

  http.post('/api/tracing/rejections', {
    config: { access: 'tracing.write' },
    schema: { tags: ['tracing'], summary: 'Bác bỏ một liên kết tiếp xúc / reject a contact link', body: RejectionInput, response: { 200: Written } },
  }, async (req) => tracing.rejectLink(app.db, req.actor!, req.body));

  http.get('/api/tracing/classifications', {
    config: { access: 'tracing.read' },
    schema: { tags: ['tracing'], summary: 'F1/F2 hiện tại trong địa bàn (chờ xác nhận, đã xác nhận) / current F1/F2 in the area', querystring: ClassificationQuery, response: { 200: ClassificationList } },
  }, async (req) => tracing.listClassifications(app.db, req.actor!, req.query));

  http.post('/api/tracing/people/:id/classification/confirm', {
    config: { access: 'tracing.write' },
    schema: { tags: ['tracing'], summary: 'Xác nhận phân loại F1/F2 sau điều tra / confirm a classification', params: IdParam, response: { 200: Ok } },
  }, async (req) => tracing.confirmClassification(app.db, req.actor!, req.params.id));

  http.post('/api/tracing/reviews/:id/decision', {
    config: { access: 'tracing.write' },
    schema: { tags: ['tracing'], summary: 'Quyết định về lượt có mặt quá đông: chấp nhận (phân loại F1) hoặc bỏ qua / accept or dismiss a crowded stay', params: IdParam, body: ReviewDecision, response: { 200: Written } },
  }, async (req) => tracing.decideReview(app.db, req.actor!, req.params.id, req.body));

  http.get('/api/tracing/reviews', {
    config: { access: 'tracing.read' },
    schema: { tags: ['tracing'], summary: 'Lượt có mặt quá đông chờ xem xét / crowded stays held for review', response: { 200: ReviewList } },
  }, async () => tracing.listReviews(app.db));
}
