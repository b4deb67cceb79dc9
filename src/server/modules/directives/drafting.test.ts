// Drafting against the database: save and version a draft, download it as DOCX (blank number, for signing),
// issue it (next number of the issuer's series for the year, outgoing document with its text, DOCX and căn cứ,
// tasks of its items), and the refusals: an issued draft is final, a stale version, an incomplete draft.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/helpers.ts';
import type { Http } from '../../platform/http/server.ts';
import { readDocxText } from './docx.ts';
import { NATIONAL_TITLE } from './drafting.render.ts';
import { SAMPLE_DRAFT } from './drafting.sample.ts';
import { adminClient, agencyClient, directivesServer, type Client } from './registry.testkit.ts';

let t: TestApp;
let http: Http;
let admin: Client;

beforeAll(async () => {
  t = await testApp();
  t.app.now = () => new Date('2020-08-05T02:00:00Z');
  http = await directivesServer(t);
  admin = await adminClient(t, http);
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

/** GET a binary answer as a Buffer (the test client parses JSON only). */
async function download(c: Client, url: string) {
  const r = await http.inject({ method: 'GET', url, headers: { cookie: c.cookie() } });
  return { status: r.statusCode, headers: r.headers, body: r.rawPayload };
}

describe('drafting and issuing', () => {
  let draftId: number;

  it('saves a draft, versioned, and exports it as DOCX with the number and day left blank', async () => {
    const created = await admin.post('/api/directives/drafts', { content: SAMPLE_DRAFT });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    draftId = created.body.id;
    expect(created.body).toMatchObject({ status: 'draft', version: 1, subject: SAMPLE_DRAFT.subject, documentId: null });
    const saved = await admin.put(`/api/directives/drafts/${draftId}`, { content: { ...SAMPLE_DRAFT, closing: 'Đề nghị các cơ quan nghiêm túc thực hiện./.' }, version: 1 });
    expect(saved.body.version).toBe(2);
    const stale = await admin.put(`/api/directives/drafts/${draftId}`, { content: SAMPLE_DRAFT, version: 1 });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'directive.draft_version_conflict']);

    const f = await download(admin, `/api/directives/drafts/${draftId}/docx`);
    expect(f.status).toBe(200);
    expect(f.headers['content-type']).toContain('wordprocessingml.document');
    expect(f.headers['content-disposition']).toMatch(/attachment; filename="du-thao-\d+\.docx"/);
    const text = readDocxText(f.body);
    for (const part of [NATIONAL_TITLE, 'Số: …/UBND-VX', 'Cao Bằng, ngày … tháng … năm …', 'Kính gửi:', 'Đề nghị các cơ quan nghiêm túc thực hiện./.', 'Nơi nhận:', 'PHÓ CHỦ TỊCH', 'Lê Hải Hòa']) {
      expect(text).toContain(part);
    }
    const preview = await http.inject({ method: 'POST', url: '/api/directives/drafts/preview.docx', headers: { cookie: admin.cookie(), 'content-type': 'application/json' }, payload: JSON.stringify({ content: SAMPLE_DRAFT }) });
    expect(readDocxText(preview.rawPayload)).toContain('Số: …/UBND-VX');
  });

  it('issues: the next number of the year, the outgoing document with its DOCX and căn cứ, and the items\' tasks', async () => {
    const parent = await admin.post('/api/directives/documents', {
      direction: 'incoming', document: { issuer: 'Văn phòng Chính phủ', symbol: '272/TB-VPCP', docType: 'Thông báo', date: '2020-08-03', subject: 'Kết luận của Thủ tướng' }, arrival: { date: '2020-08-04' },
    });
    const r = await admin.post(`/api/directives/drafts/${draftId}/issue`, { version: 2 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ symbol: '01/UBND-VX', number: 1 });
    expect(r.body.taskIds).toHaveLength(3);
    const d = (await admin.get(`/api/directives/documents/${r.body.documentId}`)).body;
    expect(d).toMatchObject({
      direction: 'outgoing', symbol: '01/UBND-VX', number: 1, seriesYear: 2020, issuerCode: 'UBND_TINH', docDate: '2020-08-05', draftId,
      signer: { name: 'Lê Hải Hòa', title: 'Phó Chủ tịch', authority: 'KT. Chủ tịch' },
    });
    expect(d.bodyText).toContain('Số: 01/UBND-VX');
    expect(d.bodyText).toContain('Cao Bằng, ngày 05 tháng 8 năm 2020');
    expect(d.links[0].target).toMatchObject({ id: parent.body.documentId });
    expect(d.attachments).toEqual([expect.objectContaining({ fileName: '01-UBND-VX.docx', textStatus: 'ok' })]);
    expect(d.tasks.map((x: any) => [x.item, x.agencyCode ?? x.agencyGroup, x.deadline, x.support.map((s: any) => s.code ?? s.group)])).toEqual([
      ['1', 'SYT', '2020-08-15', ['CA']], ['2', 'TTTT', null, []], ['3', 'QS', '2020-08-20', ['districts']],
    ]);
    expect(d.tasks[0].figureKey).toBe('testing.samples');
    expect(d.bodyText.slice(d.tasks[0].span.start, d.tasks[0].span.end)).toMatch(/^1\. Giao Sở Y tế chủ trì[\s\S]*15\/08\/2020\.$/);
    // The issued DOCX carries the number; the draft now downloads it.
    const f = await download(admin, `/api/directives/drafts/${draftId}/docx`);
    expect(readDocxText(f.body)).toContain('Số: 01/UBND-VX');
    const audit = await sql<{ action: string }>`select action from audit_log where actor_id = ${admin.user.id} and action like 'directive.%' order by id`.execute(t.app.db);
    expect(audit.rows.map((a) => a.action)).toEqual(expect.arrayContaining(['directive.draft.create', 'directive.draft.update', 'directive.document.issue', 'directive.tasks.create', 'directive.draft.issue']));
  });

  it('keeps an issued draft final; the next draft of the issuer gets the next number', async () => {
    expect((await admin.put(`/api/directives/drafts/${draftId}`, { content: SAMPLE_DRAFT })).body.error.code).toBe('directive.draft_issued');
    expect((await admin.post(`/api/directives/drafts/${draftId}/issue`, {})).body.error.code).toBe('directive.draft_issued');
    const second = await admin.post('/api/directives/drafts', { content: { ...SAMPLE_DRAFT, docType: 'Chỉ thị', symbolSuffix: 'CT-UBND', subject: 'Về tăng cường phòng, chống dịch', date: '2020-08-06' } });
    const issued = await admin.post(`/api/directives/drafts/${second.body.id}/issue`, {});
    expect(issued.body).toMatchObject({ symbol: '02/CT-UBND', number: 2 });
    const drafts = (await admin.get('/api/directives/drafts')).body.items;
    expect(drafts.map((x: any) => [x.status, x.symbol])).toEqual(expect.arrayContaining([['issued', '01/UBND-VX'], ['issued', '02/CT-UBND']]));
  });

  it('refuses an incomplete draft, a bad symbol, an unknown issuer, and writers only', async () => {
    const empty = await admin.post('/api/directives/drafts', { content: { ...SAMPLE_DRAFT, items: [], intro: '' } });
    const r = await admin.post(`/api/directives/drafts/${empty.body.id}/issue`, {});
    expect([r.status, r.body.error.code, r.body.error.details.missing]).toEqual([400, 'directive.draft_incomplete', ['items']]);
    expect((await admin.post('/api/directives/drafts', { content: { ...SAMPLE_DRAFT, symbolSuffix: 'ubnd/vx' } })).status).toBe(400);
    expect((await admin.post('/api/directives/drafts', { content: { ...SAMPLE_DRAFT, issuerCode: 'KHONG_CO' } })).body.error.code).toBe('directive.unknown_agency');
    expect((await admin.get('/api/directives/drafts/999999')).body.error.code).toBe('directive.draft_not_found');
    const agency = await agencyClient(t, http, 'SYT');
    expect((await agency.post('/api/directives/drafts', { content: SAMPLE_DRAFT })).status).toBe(403);
  });
});
