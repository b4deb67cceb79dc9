// HTTP routes of the directives module: document registry, import and review, task board, drafting.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { IdParam, Ok } from '../../../contracts/common.ts';
import {
  AttachmentDetail, Board, DIRECTIVE_PERMISSIONS, BoardQuery, DocumentDetail, DocumentList, DocumentQuery, DocumentRegister, DocumentUpdate, DraftDetail,
  DraftContent, DraftList, DraftSave, FileUpload, HandlerList, ImportConfirmBody, ImportParseBody, ImportParseResult, IssueBody, Registered,
  ReminderQuery, ReportBody, TaskDetail, TaskList, TaskQuery, TaskUpdate,
} from '../../../contracts/directives.documents.ts';
import type { App } from '../../platform/context.ts';
import type { Http } from '../../platform/http/server.ts';
import { vnDate } from '../../platform/time.ts';
import { createDraft, draftDocx, getDraft, issueDraft, listDrafts, previewDocx, updateDraft } from './drafting.ts';
import {
  addDocumentAttachment, attachmentContent, getAttachment, getDocument, listDocuments, listHandlers, registerDocument, updateDocument,
} from './registry.ts';
import { confirmImport, parseForImport } from './registry.import.ts';
import { addReport, getTask, listTasks, taskBoard, tasksOfDocument, updateTask } from './tasks.board.ts';

/** Who may do what: see DIRECTIVE_PERMISSIONS (contracts), which falls back to existing permissions until the
 * directive.* ones are added. */
export const DIRECTIVE_ACCESS = DIRECTIVE_PERMISSIONS;

/** Uploads travel as base64 in JSON: a 10 MB file is about 13.4 MB of body. */
const UPLOAD_BODY_LIMIT = 16 * 1024 * 1024;

function sendFile(reply: FastifyReply, f: { fileName: string; mediaType: string; content: Buffer }) {
  const ascii = f.fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').replace(/[^\w.-]+/g, '_');
  return reply
    .type(f.mediaType)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
    .send(f.content);
}

export function directiveRoutes(http: Http, app: App) {
  const today = () => vnDate(app.now());
  const tags = ['directives'];

  // Documents ------------------------------------------------------------------------------------------------
  http.get('/api/directives/documents', {
    config: { access: DIRECTIVE_ACCESS.read },
    schema: { tags, summary: 'Sổ văn bản đến, đi; tìm theo số, trích yếu, nội dung (không dấu) / document registry and search', querystring: DocumentQuery, response: { 200: DocumentList } },
  }, async (req) => listDocuments(app.db, req.query, today()));

  http.post('/api/directives/documents', {
    config: { access: DIRECTIVE_ACCESS.write },
    bodyLimit: UPLOAD_BODY_LIMIT,
    schema: { tags, summary: 'Vào sổ một văn bản đến hoặc đi / register a document', body: DocumentRegister, response: { 201: Registered } },
  }, async (req, reply) => reply.code(201).send(await registerDocument(app.db, req.actor!, req.body, today())));

  http.get('/api/directives/documents/:id', {
    config: { access: DIRECTIVE_ACCESS.read },
    schema: { tags, summary: 'Một văn bản: nội dung, căn cứ, tệp đính kèm, nhiệm vụ / a document', params: IdParam, response: { 200: DocumentDetail } },
  }, async (req) => getDocument(app.db, req.params.id, today(), tasksOfDocument));

  http.patch('/api/directives/documents/:id', {
    config: { access: DIRECTIVE_ACCESS.write },
    schema: { tags, summary: 'Sửa thông tin vào sổ (người xử lý, hồ sơ) / update registry fields', params: IdParam, body: DocumentUpdate, response: { 200: Ok } },
  }, async (req) => updateDocument(app.db, req.actor!, req.params.id, req.body));

  http.post('/api/directives/documents/:id/attachments', {
    config: { access: DIRECTIVE_ACCESS.write },
    bodyLimit: UPLOAD_BODY_LIMIT,
    schema: { tags, summary: 'Đính kèm tệp TXT, DOCX, PDF (lấy nội dung chữ) / attach a file', params: IdParam, body: FileUpload, response: { 201: AttachmentDetail } },
  }, async (req, reply) => reply.code(201).send(await addDocumentAttachment(app.db, req.actor!, req.params.id, req.body)));

  http.get('/api/directives/attachments/:id', {
    config: { access: DIRECTIVE_ACCESS.read },
    schema: { tags, summary: 'Tệp đính kèm và nội dung chữ / an attachment and its text', params: IdParam, response: { 200: AttachmentDetail } },
  }, async (req) => getAttachment(app.db, req.params.id));

  http.get('/api/directives/attachments/:id/content', {
    config: { access: DIRECTIVE_ACCESS.read },
    schema: { tags, summary: 'Tải tệp gốc / download the file', params: IdParam },
  }, async (req, reply) => sendFile(reply, await attachmentContent(app.db, req.params.id)));

  http.get('/api/directives/handlers', {
    config: { access: DIRECTIVE_ACCESS.write },
    schema: { tags, summary: 'Cán bộ có thể được giao xử lý văn bản đến / users a document can be routed to', response: { 200: HandlerList } },
  }, async () => listHandlers(app.db));

  // Import ---------------------------------------------------------------------------------------------------
  http.post('/api/directives/import/parse', {
    config: { access: DIRECTIVE_ACCESS.write },
    bodyLimit: UPLOAD_BODY_LIMIT,
    schema: { tags, summary: 'Phân tích văn bản dán vào hoặc tải lên, kèm vị trí từng thông tin / parse a document for review', body: ImportParseBody, response: { 200: ImportParseResult } },
  }, async (req) => parseForImport(app.db, req.body, today()));

  http.post('/api/directives/import/confirm', {
    config: { access: DIRECTIVE_ACCESS.write },
    bodyLimit: UPLOAD_BODY_LIMIT,
    schema: { tags, summary: 'Xác nhận: vào sổ văn bản đến và tạo nhiệm vụ / confirm: register and create tasks', body: ImportConfirmBody, response: { 201: Registered } },
  }, async (req, reply) => reply.code(201).send(await confirmImport(app.db, req.actor!, req.body, today())));

  // Tasks ----------------------------------------------------------------------------------------------------
  http.get('/api/directives/tasks', {
    config: { access: DIRECTIVE_ACCESS.read },
    schema: { tags, summary: 'Nhiệm vụ theo cơ quan, văn bản, trạng thái (quá hạn theo giờ Việt Nam) / tasks', querystring: TaskQuery, response: { 200: TaskList } },
  }, async (req) => listTasks(app.db, req.query, today()));

  http.get('/api/directives/tasks/board', {
    config: { access: DIRECTIVE_ACCESS.read },
    schema: { tags, summary: 'Bảng tổng hợp nhiệm vụ theo cơ quan hoặc văn bản / task counts by agency or document', querystring: BoardQuery, response: { 200: Board } },
  }, async (req) => taskBoard(app.db, req.query.by, today()));

  http.get('/api/directives/reminders', {
    config: { access: DIRECTIVE_ACCESS.read },
    schema: { tags, summary: 'Nhiệm vụ sắp đến hạn trong N ngày / tasks due within N days', querystring: ReminderQuery, response: { 200: TaskList } },
  }, async (req) => listTasks(app.db, { dueWithin: req.query.days, agency: req.query.agency, page: 1, pageSize: 500 }, today()));

  http.get('/api/directives/tasks/:id', {
    config: { access: DIRECTIVE_ACCESS.read },
    schema: { tags, summary: 'Một nhiệm vụ và các báo cáo tiến độ / a task and its progress reports', params: IdParam, response: { 200: TaskDetail } },
  }, async (req) => getTask(app.db, req.params.id, today()));

  http.patch('/api/directives/tasks/:id', {
    config: { access: DIRECTIVE_ACCESS.write },
    schema: { tags, summary: 'Đổi trạng thái, hạn, chỉ tiêu liên quan / update a task', params: IdParam, body: TaskUpdate, response: { 200: TaskDetail } },
  }, async (req) => updateTask(app.db, req.actor!, req.params.id, req.body, today()));

  http.post('/api/directives/tasks/:id/reports', {
    config: { access: DIRECTIVE_ACCESS.report },
    bodyLimit: UPLOAD_BODY_LIMIT,
    schema: { tags, summary: 'Báo cáo tiến độ (nội dung, số liệu, tệp) / report progress', params: IdParam, body: ReportBody, response: { 201: TaskDetail } },
  }, async (req, reply) => reply.code(201).send(await addReport(app.db, req.actor!, req.params.id, req.body, req.actor!.permissions.has(DIRECTIVE_ACCESS.write), today())));

  // Drafting -------------------------------------------------------------------------------------------------
  http.get('/api/directives/drafts', {
    config: { access: DIRECTIVE_ACCESS.write },
    schema: { tags, summary: 'Dự thảo chỉ thị, thông báo kết luận / drafts', response: { 200: DraftList } },
  }, async () => listDrafts(app.db));

  http.post('/api/directives/drafts', {
    config: { access: DIRECTIVE_ACCESS.write },
    schema: { tags, summary: 'Tạo dự thảo / create a draft', body: DraftSave, response: { 201: DraftDetail } },
  }, async (req, reply) => reply.code(201).send(await createDraft(app.db, req.actor!, req.body.content)));

  http.get('/api/directives/drafts/:id', {
    config: { access: DIRECTIVE_ACCESS.write },
    schema: { tags, summary: 'Một dự thảo / a draft', params: IdParam, response: { 200: DraftDetail } },
  }, async (req) => getDraft(app.db, req.params.id));

  http.put('/api/directives/drafts/:id', {
    config: { access: DIRECTIVE_ACCESS.write },
    schema: { tags, summary: 'Lưu dự thảo / save a draft', params: IdParam, body: DraftSave, response: { 200: DraftDetail } },
  }, async (req) => updateDraft(app.db, req.actor!, req.params.id, req.body.content, req.body.version));

  http.get('/api/directives/drafts/:id/docx', {
    config: { access: DIRECTIVE_ACCESS.write },
    schema: { tags, summary: 'Tải DOCX theo thể thức Nghị định 30/2020 / download as DOCX (Decree 30 layout)', params: IdParam },
  }, async (req, reply) => sendFile(reply, await draftDocx(app.db, req.params.id, app.now())));

  http.post('/api/directives/drafts/preview.docx', {
    config: { access: DIRECTIVE_ACCESS.write },
    schema: { tags, summary: 'DOCX của nội dung chưa lưu / DOCX of unsaved content', body: z.strictObject({ content: DraftContent }) },
  }, async (req, reply) => sendFile(reply, previewDocx(req.body.content, app.now())));

  http.post('/api/directives/drafts/:id/issue', {
    config: { access: DIRECTIVE_ACCESS.write },
    schema: { tags, summary: 'Ban hành: cấp số, vào sổ văn bản đi, tạo nhiệm vụ / issue: number, register, create tasks', params: IdParam, body: IssueBody, response: { 201: Registered } },
  }, async (req, reply) => reply.code(201).send(await issueDraft(app.db, req.actor!, req.params.id, req.body, today(), app.now())));
}

