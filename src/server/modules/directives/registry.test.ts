// The document registry against the database: import → review → confirm (document, links, tasks, audit),
// arrival and outgoing numbers (yearly series, atomic under concurrency), căn cứ links matched by number and
// date whichever document is registered first, attachments and their text, search without diacritics, and
// bad input answered with codes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/helpers.ts';
import type { Http } from '../../platform/http/server.ts';
import { readDocxText } from './docx.ts';
import { renderDraftDocx } from './drafting.render.ts';
import { SAMPLE_DRAFT } from './drafting.sample.ts';
import { adminClient, agencyClient, b64, directivesServer, type Client } from './registry.testkit.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const FIXTURE = fs.readFileSync(path.join(ROOT, 'test/fixtures/directives/002_cong_van_so_y_te_tuyen_quang.txt'), 'utf8');
const SEED = path.resolve(ROOT, '../shared/seeds/000_1c434e4f1fac6d87.txt');

let t: TestApp;
let http: Http;
let admin: Client;

beforeAll(async () => {
  t = await testApp();
  t.app.now = () => new Date('2021-08-20T03:00:00Z');
  http = await directivesServer(t);
  admin = await adminClient(t, http);
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

/** The review answer turned into a confirm body, as the review screen sends it when nothing is corrected. */
function confirmBody(review: any, extra: Record<string, unknown> = {}) {
  const p = review.parsed;
  return {
    text: review.text,
    document: { issuer: p.issuer, symbol: p.number, docType: p.doc_type, place: p.place, date: p.date, subject: p.subject, recipients: p.recipients, signer: p.signer, references: p.references },
    tasks: p.tasks.map((task: any, i: number) => ({
      item: task.item, summary: task.summary, deadline: task.deadline, span: review.spans.tasks[i].span,
      lead: review.resolved[i].lead, support: review.resolved[i].support,
    })),
    ...extra,
  };
}

const rows = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(t.app.db)).rows;

describe('import, review and confirm', () => {
  let documentId: number;

  it('parses pasted text with spans, resolved agencies and the next arrival number, writing nothing', async () => {
    const r = await admin.post('/api/directives/import/parse', { text: FIXTURE });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const b = r.body;
    expect(b.parsed).toMatchObject({ number: '2140/SYT-NVY', date: '2021-08-16', issuer: expect.stringMatching(/Sở Y tế/) });
    expect(b.text.slice(b.spans.number.start, b.spans.number.end)).toBe('2140/SYT-NVY');
    expect(b.resolved[0].lead[0]).toEqual({ name: 'Trung tâm Kiểm soát bệnh tật tỉnh', code: 'CDC', group: null });
    expect(b.resolved[2].lead[0]).toMatchObject({ code: null, group: 'districts' });
    expect(b.nextArrivalNumber).toBe(1);
    expect(b.duplicateOf).toBeNull();
    expect(b.referenceTargets).toEqual([null, null, null]);
    expect((await rows(sql<{ n: number }>`select count(*)::int as n from documents`))[0]!.n).toBe(0);
  });

  it('confirms: registers the incoming document, its căn cứ and one task per lead agency (a group stays one task), audited', async () => {
    const review = (await admin.post('/api/directives/import/parse', { text: FIXTURE })).body;
    const body = confirmBody(review, { arrival: { date: '2021-08-17', handlerId: admin.user.id, handlerNote: 'Đ/c Hoa', fileRef: 'HS-03' } });
    // The officer corrects one thing: the hospital, which the registry lacks, is left without a code on purpose.
    body.tasks[1].lead = [{ name: 'Bệnh viện Đa khoa tỉnh', code: null, group: null }];
    const r = await admin.post('/api/directives/import/confirm', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ symbol: '2140/SYT-NVY', arrivalNumber: 1, number: null });
    documentId = r.body.documentId;
    expect(r.body.taskIds).toHaveLength(review.parsed.tasks.reduce((n: number, x: any) => n + x.lead.length, 0));

    const d = (await admin.get(`/api/directives/documents/${documentId}`)).body;
    expect(d).toMatchObject({
      direction: 'incoming', symbol: '2140/SYT-NVY', docDate: '2021-08-16', arrivalNumber: 1, arrivalDate: '2021-08-17', handlerId: admin.user.id,
      handlerNote: 'Đ/c Hoa', fileRef: 'HS-03', taskCount: r.body.taskIds.length,
    });
    expect(d.bodyText).toBe(review.text);
    expect(d.links.map((l: any) => [l.refNumber, l.refDate, l.target])).toEqual([['6666/BYT-MT', '2021-08-14', null], ['112/KH-UBND', '2021-08-10', null], ['16/CT-TTg', null, null]]);
    const cdc = d.tasks.find((x: any) => x.agencyCode === 'CDC');
    expect(cdc).toMatchObject({ item: '1', leadName: 'Trung tâm Kiểm soát bệnh tật tỉnh', deadline: '2021-08-20', status: 'new', overdue: false, daysLeft: 0 });
    expect(cdc.support).toEqual([{ name: 'Trung tâm Y tế các huyện, thành phố', code: null, group: 'districts' }]);
    expect(review.text.slice(cdc.span.start, cdc.span.start + 2)).toBe('1.');
    expect(d.tasks.find((x: any) => x.item === '2')).toMatchObject({ agencyCode: null, agencyGroup: null, leadName: 'Bệnh viện Đa khoa tỉnh' });
    expect(d.tasks.filter((x: any) => x.agencyGroup === 'districts')).toHaveLength(1);
    const stored = await rows(sql<{ body: string; parsed: any }>`select t.body, d.parsed from directive_tasks t join documents d on d.id = t.document_id where t.id = ${cdc.id}`);
    expect(stored[0]!.body).toMatch(/^1\. Trung tâm Kiểm soát bệnh tật tỉnh/);
    expect(stored[0]!.parsed.tasks[1].lead).toEqual(['Bệnh viện Đa khoa tỉnh']);
    const audits = await rows(sql<{ action: string }>`select action from audit_log where actor_id = ${admin.user.id} and entity in ('document') order by id`);
    expect(audits.map((a) => a.action)).toEqual(['directive.document.receive', 'directive.tasks.create']);
  });

  it('warns of a document already registered, and registers it again only when told to', async () => {
    const review = (await admin.post('/api/directives/import/parse', { text: FIXTURE })).body;
    expect(review.duplicateOf).toMatchObject({ id: documentId, symbol: '2140/SYT-NVY' });
    expect(review.nextArrivalNumber).toBe(2);
    const again = await admin.post('/api/directives/import/confirm', confirmBody(review));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('directive.duplicate_document');
    expect(again.body.error.details.existing.id).toBe(documentId);
    const forced = await admin.post('/api/directives/import/confirm', confirmBody(review, { allowDuplicate: true, tasks: [] }));
    expect(forced.status).toBe(201);
    expect(forced.body.arrivalNumber).toBe(2);
  });

  it('reads the received copy of seed 000: the ĐẾN stamp gives the arrival number and date', async () => {
    if (!fs.existsSync(SEED)) return;
    const review = (await admin.post('/api/directives/import/parse', { text: fs.readFileSync(SEED, 'utf8') })).body;
    expect(review.stamp).toMatchObject({ number: 461, date: '2020-08-06', routedTo: 'Đ/c Hoa' });
    const r = await admin.post('/api/directives/import/confirm', confirmBody(review, { arrival: { number: 461, date: '2020-08-06', handlerNote: 'Đ/c Hoa' } }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.arrivalNumber).toBe(461);
    const d = (await admin.get(`/api/directives/documents/${r.body.documentId}`)).body;
    expect(d.tasks.map((x: any) => x.agencyCode ?? x.agencyGroup)).toEqual(expect.arrayContaining(['TTTT', 'SYT', 'BP', 'QS', 'GTVT', 'CA', 'GDDT']));
    // Numbers of 2020 are a series of their own: the next one follows 461.
    const next = await admin.post('/api/directives/documents', { direction: 'incoming', document: { issuer: 'Bộ Y tế', symbol: '1/BYT-DP', docType: 'Công văn', date: '2020-08-07', subject: 'Thử' }, arrival: { date: '2020-08-08' } });
    expect(next.body.arrivalNumber).toBe(462);
    const taken = await admin.post('/api/directives/documents', { direction: 'incoming', document: { issuer: null, symbol: null, docType: null, date: null, subject: 'Trùng số' }, arrival: { number: 461, date: '2020-12-31' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('directive.arrival_number_taken');
  });

  it('imports an uploaded DOCX, keeping the file and its text', async () => {
    const docx = renderDraftDocx(SAMPLE_DRAFT, { number: 7, date: '2020-08-05' });
    const review = (await admin.post('/api/directives/import/parse', { file: { fileName: 'cv-07.docx', contentBase64: b64(docx) } })).body;
    expect(review.source).toMatchObject({ fileName: 'cv-07.docx', textStatus: 'ok' });
    expect(review.parsed.number).toBe('07/UBND-VX');
    const r = await admin.post('/api/directives/import/confirm', confirmBody(review, { attachment: { fileName: 'cv-07.docx', contentBase64: b64(docx) } }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const d = (await admin.get(`/api/directives/documents/${r.body.documentId}`)).body;
    expect(d.attachments).toEqual([expect.objectContaining({ fileName: 'cv-07.docx', textStatus: 'ok', sizeBytes: docx.length })]);
    const file = await admin.get(`/api/directives/attachments/${d.attachments[0].id}/content`);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toContain('cv-07.docx');
    const a = (await admin.get(`/api/directives/attachments/${d.attachments[0].id}`)).body;
    expect(a.text).toBe(readDocxText(docx).normalize('NFC'));
  });
});

describe('numbers', () => {
  it('gives concurrent registrations distinct consecutive arrival numbers', async () => {
    const year = 2023;
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => admin.post('/api/directives/documents', {
      direction: 'incoming', document: { issuer: 'Bộ Y tế', symbol: `${100 + i}/BYT-DP`, docType: 'Công văn', date: `${year}-03-01`, subject: `Văn bản ${i}` },
      arrival: { date: `${year}-03-02` },
    })));
    expect(results.map((r) => r.status)).toEqual(Array(16).fill(201));
    expect(results.map((r) => r.body.arrivalNumber).sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('numbers outgoing documents per issuer and year, restarting on 1 January, with a leading zero below 10', async () => {
    const out = (issuerCode: string, date: string, number?: number) => admin.post('/api/directives/documents', {
      direction: 'outgoing', document: { issuer: 'x', symbol: null, docType: 'Công văn', date, subject: 'Văn bản đi' },
      outgoing: { issuerCode, symbolSuffix: 'UBND-VX', number },
    });
    expect((await out('UBND_TINH', '2022-12-30')).body.symbol).toBe('01/UBND-VX');
    expect((await out('UBND_TINH', '2022-12-31')).body.symbol).toBe('02/UBND-VX');
    expect((await out('BCD', '2022-12-31')).body.symbol).toBe('01/UBND-VX');
    expect((await out('UBND_TINH', '2023-01-01')).body.symbol).toBe('01/UBND-VX');
    expect((await out('UBND_TINH', '2022-06-01', 15)).body.symbol).toBe('15/UBND-VX');
    expect((await out('UBND_TINH', '2022-12-31')).body.number).toBe(16);
    const taken = await out('UBND_TINH', '2022-07-01', 15);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('directive.outgoing_number_taken');
    const bad = await admin.post('/api/directives/documents', { direction: 'outgoing', document: { issuer: 'x', symbol: null, docType: null, date: null, subject: 'x' }, outgoing: { issuerCode: 'NOPE', symbolSuffix: 'UBND-VX' } });
    expect(bad.body.error.code).toBe('directive.unknown_agency');
    const symbol = await admin.post('/api/directives/documents', { direction: 'outgoing', document: { issuer: 'x', symbol: null, docType: null, date: null, subject: 'x' }, outgoing: { issuerCode: 'BCD', symbolSuffix: 'ubnd vx' } });
    expect(symbol.body.error.code).toBe('directive.invalid_symbol');
  });
});

describe('căn cứ links', () => {
  it('link a document to the one it implements, whichever is registered first', async () => {
    const reg = (symbol: string, date: string, subject: string, references: unknown[] = []) => admin.post('/api/directives/documents', {
      direction: 'incoming', document: { issuer: 'Văn phòng Chính phủ', symbol, docType: 'Thông báo', date, subject, references }, arrival: { date },
    });
    const child = await reg('55/UBND-VX', '2020-08-05', 'Triển khai Thông báo 272', [{ number: '272/TB-VPCP', date: '2020-08-03', issuer: 'Văn phòng Chính phủ' }]);
    expect((await admin.get(`/api/directives/documents/${child.body.documentId}`)).body.links[0].target).toBeNull();
    const parent = await reg('272/TB-VPCP', '2020-08-03', 'Kết luận của Thủ tướng Chính phủ');
    const c = (await admin.get(`/api/directives/documents/${child.body.documentId}`)).body;
    expect(c.links[0].target).toMatchObject({ id: parent.body.documentId, symbol: '272/TB-VPCP' });
    const p = (await admin.get(`/api/directives/documents/${parent.body.documentId}`)).body;
    expect(p.implementedBy.map((x: any) => x.id)).toContain(child.body.documentId); // and seed 000 and the DOCX, which cite it too
    // A later citation finds it at once, and the review shows it.
    const review = (await admin.post('/api/directives/import/parse', { text: 'UBND TỈNH\nSố: 9/UBND-VX\nV/v thực hiện Thông báo số 272/TB-VPCP ngày 03/8/2020\n\n1. Sở Y tế triển khai.' })).body;
    expect(review.referenceTargets[0]).toMatchObject({ id: parent.body.documentId });
  });
});

describe('attachments and search', () => {
  let docId: number;
  beforeAll(async () => {
    const r = await admin.post('/api/directives/documents', {
      direction: 'incoming',
      document: { issuer: 'Sở Y tế', symbol: '77/SYT-NVY', docType: 'Công văn', date: '2021-08-19', subject: 'V/v đẩy mạnh cài đặt ứng dụng Bluezone' },
      bodyText: 'Đề nghị các đơn vị hướng dẫn người dân khai báo y tế điện tử.',
    });
    docId = r.body.documentId;
  });

  it('stores a PDF attachment and says when it has no text layer', async () => {
    const scan = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /Resources << /XObject << /Im1 4 0 R >> >> >>\nendobj\n4 0 obj\n<< /Type /XObject /Subtype /Image /Length 2 >>\nstream\nxx\nendstream\nendobj\n%%EOF\n', 'latin1');
    const r = await admin.post(`/api/directives/documents/${docId}/attachments`, { fileName: 'ban-quet.pdf', contentBase64: b64(scan) });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ fileName: 'ban-quet.pdf', mediaType: 'application/pdf', textStatus: 'no_text_layer', text: '' });
    const txt = await admin.post(`/api/directives/documents/${docId}/attachments`, { fileName: 'phu-luc.txt', contentBase64: b64('Phụ lục: danh sách chốt kiểm soát dịch tại cửa khẩu Tà Lùng') });
    expect(txt.body).toMatchObject({ textStatus: 'ok', textLength: 59 });
    const audits = await rows(sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'directive.attachment.add' and entity_id = ${String(docId)}`);
    expect(audits[0]!.n).toBe(2);
  });

  it('finds documents by number, subject, text and attachment text, typed without diacritics', async () => {
    const ids = async (q: string) => (await admin.get(`/api/directives/documents?q=${encodeURIComponent(q)}`)).body.items.map((d: any) => d.id);
    expect(await ids('77/SYT-NVY')).toEqual([docId]);
    expect(await ids('bluezone')).toContain(docId);
    expect((await ids('khai bao y te dien tu'))[0]).toBe(docId); // the phrase first, then documents holding each word
    expect(await ids('cua khau ta lung')).toEqual([docId]);
    expect(await ids('CÀI ĐẶT ứng dụng')).toContain(docId);
    expect(await ids('không có văn bản nào như thế')).toEqual([]);
    const list = (await admin.get('/api/directives/documents?direction=incoming&year=2021&pageSize=2')).body;
    expect(list.items).toHaveLength(2);
    expect(list.total).toBeGreaterThan(2);
  });
});

describe('bad input and access', () => {
  it('answers with codes', async () => {
    const both = await admin.post('/api/directives/import/parse', { text: 'x', file: { fileName: 'a.txt', contentBase64: b64('x') } });
    expect([both.status, both.body.error.code]).toEqual([400, 'directive.text_or_file']);
    const none = await admin.post('/api/directives/import/parse', {});
    expect(none.body.error.code).toBe('directive.text_or_file');
    const empty = await admin.post('/api/directives/import/parse', { text: '  \n ' });
    expect(empty.body.error.code).toBe('directive.text_or_file');
    const binary = await admin.post('/api/directives/import/parse', { file: { fileName: 'a.doc', contentBase64: b64(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0, 1, 2])) } });
    expect([binary.status, binary.body.error.code]).toEqual([400, 'directive.file_unreadable']);
    const punct = await admin.post('/api/directives/import/parse', { text: '.... ---' });
    expect(punct.body.error.code).toBe('directive.empty');
    const review = (await admin.post('/api/directives/import/parse', { text: FIXTURE })).body;
    const body = confirmBody(review, { allowDuplicate: true });
    body.tasks[0].lead = [{ name: 'Sở Không Có', code: 'KHONG_CO' }];
    const unknown = await admin.post('/api/directives/import/confirm', body);
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'directive.unknown_agency']);
    const handler = await admin.post('/api/directives/import/confirm', confirmBody(review, { allowDuplicate: true, arrival: { handlerId: 999999 } }));
    expect(handler.body.error.code).toBe('directive.unknown_handler');
    expect((await admin.get('/api/directives/documents/999999')).body.error.code).toBe('directive.document_not_found');
    const badDate = await admin.post('/api/directives/documents', { direction: 'incoming', document: { issuer: null, symbol: null, docType: null, date: '2021-02-30', subject: null } });
    expect(badDate.status).toBe(400);
  });

  it('lets every role read, and only writers register (reference.manage until directive.write exists)', async () => {
    const viewer = await agencyClient(t, http, null, 'viewer');
    expect((await viewer.get('/api/directives/documents')).status).toBe(200);
    const r = await viewer.post('/api/directives/import/parse', { text: FIXTURE });
    expect([r.status, r.body.error.code]).toEqual([403, 'auth.forbidden']);
  });
});
