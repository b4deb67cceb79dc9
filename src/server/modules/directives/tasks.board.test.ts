// The task board against the database: tasks by agency (groups included for their members) and by document,
// overdue computed from the deadline in Vietnam time, reminders, progress reports appended by the agencies
// concerned (figures, files, history kept), refusals audited, status changes by the steering side.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../../test/helpers.ts';
import type { Http } from '../../platform/http/server.ts';
import { adminClient, agencyClient, b64, directivesServer, type Client } from './registry.testkit.ts';

let t: TestApp;
let http: Http;
let admin: Client;
let documentId: number;
const task: Record<string, number> = {};
let communeAgency: string;

const TEXT = `UBND TỈNH CAO BẰNG
BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19
Số: 15/BCĐ-VX
Cao Bằng, ngày 01 tháng 02 năm 2021

1. Sở Y tế tổ chức xét nghiệm diện rộng, hoàn thành trước ngày 08/02/2021.
2. Công an tỉnh chủ trì, phối hợp với Sở Y tế truy vết các trường hợp F1, hoàn thành trước ngày 10/02/2021.
3. UBND các huyện, thành phố rà soát người về từ vùng dịch, báo cáo trước ngày 15/02/2021.
4. Các sở, ban, ngành tăng cường tuyên truyền về 5K.`;

/** 23:30 on 8 February in Vietnam (16:30 UTC), or 00:30 on the 9th (17:30 UTC). */
const at = (iso: string) => { t.app.now = () => new Date(iso); };

beforeAll(async () => {
  t = await testApp();
  at('2021-02-01T03:00:00Z');
  http = await directivesServer(t);
  admin = await adminClient(t, http);
  communeAgency = (await sql<{ code: string }>`select code from agencies where commune_code is not null order by code limit 1`.execute(t.app.db)).rows[0]!.code;
  const r = await admin.post('/api/directives/import/confirm', {
    text: TEXT,
    document: { issuer: 'Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh', symbol: '15/BCĐ-VX', docType: 'Công văn', date: '2021-02-01', subject: 'V/v triển khai các biện pháp cấp bách', recipients: [], references: [] },
    tasks: [
      { item: '1', summary: 'Xét nghiệm diện rộng', lead: [{ name: 'Sở Y tế' }], deadline: '2021-02-08', figureKey: 'testing.samples', span: { start: TEXT.indexOf('1. Sở'), end: TEXT.indexOf('2. Công') - 1 } },
      { item: '2', summary: 'Truy vết các trường hợp F1', lead: [{ name: 'Công an tỉnh' }], support: [{ name: 'Sở Y tế' }], deadline: '2021-02-10' },
      { item: '3', summary: 'Rà soát người về từ vùng dịch', lead: [{ name: 'UBND các huyện, thành phố' }], deadline: '2021-02-15' },
      { item: '4', summary: 'Tuyên truyền về 5K', lead: [{ name: 'Các sở, ban, ngành' }], deadline: null },
    ],
    arrival: { date: '2021-02-01' },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  documentId = r.body.documentId;
  const d = (await admin.get(`/api/directives/documents/${documentId}`)).body;
  for (const x of d.tasks) task[x.agencyCode ?? x.agencyGroup] = x.id;
  expect(Object.keys(task).sort()).toEqual(['CA', 'SYT', 'departments', 'districts']);
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

const list = async (c: Client, q: string) => (await c.get(`/api/directives/tasks?${q}`)).body;

describe('tasks by agency, by document, overdue in Vietnam time', () => {
  it('is not overdue until the deadline day has ended in Vietnam', async () => {
    at('2021-02-08T16:30:00Z'); // 23:30 on 8/2 in Vietnam
    let syt = (await admin.get(`/api/directives/tasks/${task.SYT}`)).body;
    expect(syt).toMatchObject({ deadline: '2021-02-08', overdue: false, daysLeft: 0, status: 'new', figureKey: 'testing.samples' });
    expect(syt.body).toBe('1. Sở Y tế tổ chức xét nghiệm diện rộng, hoàn thành trước ngày 08/02/2021.');
    expect((await list(admin, 'status=overdue')).items).toEqual([]);
    at('2021-02-08T17:30:00Z'); // 00:30 on 9/2 in Vietnam
    syt = (await admin.get(`/api/directives/tasks/${task.SYT}`)).body;
    expect(syt).toMatchObject({ overdue: true, daysLeft: -1 });
    const overdue = await list(admin, 'status=overdue');
    expect(overdue.items.map((x: any) => x.id)).toEqual([task.SYT]);
    expect(overdue.today).toBe('2021-02-09');
  });

  it('lists an agency\'s tasks with the group tasks it belongs to', async () => {
    const ids = async (q: string) => (await list(admin, q)).items.map((x: any) => x.id).sort();
    expect(await ids('agency=SYT')).toEqual([task.SYT, task.departments].sort());
    expect(await ids('agency=CA')).toEqual([task.CA, task.departments].sort());
    expect(await ids(`agency=${communeAgency}`)).toEqual([task.districts]);
    expect(await ids('group=districts')).toEqual([task.districts]);
    expect(await ids(`document=${documentId}`)).toEqual(Object.values(task).sort());
    expect(await ids('q=truy vet')).toEqual([task.CA]);
  });

  it('counts by agency and by document, overdue first', async () => {
    const byAgency = (await admin.get('/api/directives/tasks/board?by=agency')).body;
    expect(byAgency.rows[0]).toMatchObject({ key: 'SYT', agencyCode: 'SYT', label: 'Sở Y tế', total: 1, new: 1, overdue: 1, nextDeadline: '2021-02-08' });
    expect(byAgency.rows.find((r: any) => r.key === 'group:districts')).toMatchObject({ agencyGroup: 'districts', label: 'UBND các huyện, thành phố', total: 1, overdue: 0 });
    const byDoc = (await admin.get('/api/directives/tasks/board?by=document')).body;
    expect(byDoc.rows).toEqual([expect.objectContaining({ documentId, total: 4, new: 4, overdue: 1, label: '15/BCĐ-VX · V/v triển khai các biện pháp cấp bách' })]);
  });

  it('reminds of open tasks due within N days, not the overdue ones', async () => {
    const r = (await admin.get('/api/directives/reminders?days=7')).body;
    expect(r.items.map((x: any) => [x.id, x.daysLeft])).toEqual([[task.CA, 1], [task.districts, 6]]);
    expect((await admin.get('/api/directives/reminders?days=1')).body.items.map((x: any) => x.id)).toEqual([task.CA]);
    expect((await admin.get('/api/directives/reminders?days=7&agency=CA')).body.items.map((x: any) => x.id)).toEqual([task.CA]);
  });
});

describe('progress reports', () => {
  let syt: Client;
  let ca: Client;
  let commune: Client;
  beforeAll(async () => {
    syt = await agencyClient(t, http, 'SYT');
    ca = await agencyClient(t, http, 'CA');
    commune = await agencyClient(t, http, communeAgency);
  });

  it('appends an agency\'s reports with figures and files, moving the task along; history kept', async () => {
    const r1 = await syt.post(`/api/directives/tasks/${task.SYT}/reports`, {
      body: 'Đã lấy 1.200 mẫu tại 3 xã', figures: [{ key: 'testing.samples', value: 1200, unit: 'mẫu' }],
      attachments: [{ fileName: 'bao-cao.txt', contentBase64: b64('Báo cáo kết quả xét nghiệm ngày 09/02') }],
    });
    expect(r1.status, JSON.stringify(r1.body)).toBe(201);
    expect(r1.body).toMatchObject({ status: 'in_progress', reportCount: 1 });
    const r2 = await syt.post(`/api/directives/tasks/${task.SYT}/reports`, { body: 'Hoàn thành: 3.450 mẫu, 0 dương tính', figures: [{ key: 'testing.samples', value: 3450 }], status: 'done' });
    expect(r2.body).toMatchObject({ status: 'done', overdue: false, reportCount: 2 });
    expect(r2.body.reports.map((x: any) => [x.agencyCode, x.body, x.figures[0].value, x.statusAfter])).toEqual([
      ['SYT', 'Đã lấy 1.200 mẫu tại 3 xã', 1200, null], ['SYT', 'Hoàn thành: 3.450 mẫu, 0 dương tính', 3450, 'done'],
    ]);
    expect(r2.body.reports[0].attachments).toEqual([expect.objectContaining({ fileName: 'bao-cao.txt', textStatus: 'ok' })]);
    expect(r2.body.reports[0].createdBy).toBe(syt.user.displayName);
    await expect(sql`update directive_task_reports set body = 'sửa' where task_id = ${task.SYT}`.execute(t.app.db)).rejects.toThrow(/append-only/);
    const audits = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'directive.task.report' and outcome = 'ok' and entity_id = ${String(task.SYT)}`.execute(t.app.db);
    expect(audits.rows[0]!.n).toBe(2);
  });

  it('refuses a report on another agency\'s task, audited; a supporting agency may report', async () => {
    const r = await ca.post(`/api/directives/tasks/${task.SYT}/reports`, { body: 'Không phải việc của tôi' });
    expect([r.status, r.body.error.code]).toEqual([403, 'directive.not_task_agency']);
    const denied = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'directive.task.report' and outcome = 'denied' and actor_id = ${ca.user.id}`.execute(t.app.db);
    expect(denied.rows[0]!.n).toBe(1);
    const support = await syt.post(`/api/directives/tasks/${task.CA}/reports`, { body: 'Sở Y tế đã cử 2 đội phối hợp truy vết' });
    expect(support.status).toBe(201);
    const spoof = await syt.post(`/api/directives/tasks/${task.CA}/reports`, { body: 'Thay mặt Công an', agencyCode: 'CA' });
    expect(spoof.status).toBe(403);
    const noAgency = await agencyClient(t, http, null);
    expect((await noAgency.post(`/api/directives/tasks/${task.CA}/reports`, { body: 'x' })).status).toBe(403);
  });

  it('lets the members of a group report on the group task, which only the steering side closes', async () => {
    const r = await commune.post(`/api/directives/tasks/${task.districts}/reports`, { body: 'Đã rà soát 45 người', figures: [{ key: 'screening.returnees', value: 45 }], status: 'done' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.status).toBe('in_progress');
    expect(r.body.reports[0].statusAfter).toBe('done');
    const communes = await sql<{ n: number }>`select count(*)::int as n from agencies where active and commune_code is not null`.execute(t.app.db);
    expect(r.body.members).toEqual({ total: communes.rows[0]!.n, reported: [{ code: communeAgency, name: expect.any(String) }] });
    expect((await ca.post(`/api/directives/tasks/${task.districts}/reports`, { body: 'x' })).status).toBe(403);
    const closed = await admin.patch(`/api/directives/tasks/${task.districts}`, { status: 'done' });
    expect(closed.body.status).toBe('done');
  });

  it('lets the steering side change a task; a cancelled task takes no report; agencies cannot change tasks', async () => {
    const u = await admin.patch(`/api/directives/tasks/${task.departments}`, { deadline: '2021-02-20', figureKey: 'communication.posts', status: 'cancelled' });
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({ deadline: '2021-02-20', figureKey: 'communication.posts', status: 'cancelled', overdue: false });
    const r = await syt.post(`/api/directives/tasks/${task.departments}/reports`, { body: 'x' });
    expect([r.status, r.body.error.code]).toEqual([409, 'directive.task_cancelled']);
    expect((await syt.patch(`/api/directives/tasks/${task.CA}`, { status: 'done' })).status).toBe(403);
    const bad = await admin.patch(`/api/directives/tasks/${task.CA}`, { figureKey: 'Không hợp lệ' });
    expect(bad.status).toBe(400);
    expect((await admin.get('/api/directives/tasks/999999')).body.error.code).toBe('directive.task_not_found');
    const board = (await admin.get('/api/directives/tasks/board?by=document')).body.rows[0];
    expect(board).toMatchObject({ total: 4, done: 2, inProgress: 1, cancelled: 1, new: 0, overdue: 0 });
  });
});
