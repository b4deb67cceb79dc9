// End to end in real Chromium (Debian's /usr/bin/chromium, driven by playwright-core): import a directive by
// pasting its text (seed 000 from ../shared/seeds, or a test directive when the seeds are absent), review it
// (a field shows its place in the text, a highlight leads to its field), confirm it, and find its tasks on
// the task board by agency. Also: the registry search without diacritics, and a progress report.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from './browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type Http } from '../src/server/platform/http/server.ts';
import { authRoutes } from '../src/server/platform/auth/routes.ts';
import { adminRoutes } from '../src/server/platform/admin/routes.ts';
import { newTotpSecret, totp } from '../src/server/platform/auth/totp.ts';
import { referenceRoutes } from '../src/server/modules/reference/index.ts';
import { peopleRoutes } from '../src/server/modules/people/index.ts';
import { directiveRoutes } from '../src/server/modules/directives/index.ts';
import { readDocxText } from '../src/server/modules/directives/docx.ts';
import { client, makeUser, PASSWORD, testApp, type TestApp } from './helpers.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = process.env.E2E_SCREENSHOTS;
const SEED = path.resolve(ROOT, '../shared/seeds/000_1c434e4f1fac6d87.txt');
const FALLBACK = path.join(ROOT, 'test/fixtures/directives/002_cong_van_so_y_te_tuyen_quang.txt');
const useSeed = fs.existsSync(SEED);
const SOURCE = useSeed
  ? { file: SEED, symbol: '1883/UBND-VX', printed: '1883 /UBND-VX', arrival: '461', agency: 'Sở Thông tin và Truyền thông', agencyMark: 0, boardAgency: 'Sở Y tế', lead: 'Sở Y tế', minTasks: 4 }
  // The fallback's leads are also its recipients (Kính gửi): the lead's highlight is the second one.
  : { file: FALLBACK, symbol: '2140/SYT-NVY', printed: '2140/SYT-NVY', arrival: '', agency: 'Trung tâm Kiểm soát bệnh tật tỉnh', agencyMark: 1, boardAgency: 'Trung tâm Kiểm soát bệnh tật tỉnh', lead: 'Trung tâm Kiểm soát bệnh tật tỉnh', minTasks: 3 };


const ready = fs.existsSync(CHROMIUM);

describe.skipIf(!ready)(`directives in Chromium${ready ? '' : ' (skipped: needs /usr/bin/chromium)'}`, () => {
  let t: TestApp;
  let http: Http;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await testApp();
    http = t.http.hasRoute({ method: 'GET', url: '/api/directives/documents' })
      ? t.http
      : await buildServer(t.app, [authRoutes, (h, a) => adminRoutes(h, a, {}), referenceRoutes, peopleRoutes, directiveRoutes]);
    await http.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(http.server.address() as { port: number }).port}`;
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    if (http && http !== t?.http) await http.close();
    await t?.close();
  });

  const shot = async (page: Page, name: string, fullPage = true) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
  };

  async function openPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1400, height: 900 } });
    return context.newPage();
  }

  /** A new administrator (writes need directive.write; until it exists, reference.manage) logged in past the
   * second factor. A new one each time: a TOTP code is accepted once per account and time step. */
  async function newAdmin() {
    const secret = newTotpSecret();
    return { username: (await makeUser(t.app, 'admin', { totpSecret: secret })).username, secret };
  }

  async function logIn(page: Page) {
    const admin = await newAdmin();
    await page.goto(`${base}/`);
    await page.getByLabel('Tên đăng nhập').fill(admin.username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const code = page.getByLabel('Mã xác thực');
    await code.waitFor({ timeout: 15_000 });
    await code.fill(totp(admin.secret));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  }

  const activeValue = (page: Page) => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? '');

  it(`imports ${useSeed ? 'seed 000' : 'a test directive'} by pasting its text, reviews it, confirms it, and finds its tasks on the agency board`, async () => {
    const page = await openPage();
    await logIn(page);
    await page.goto(`${base}/directives/import`);
    const textarea = page.getByLabel('Nội dung văn bản');
    await textarea.waitFor({ timeout: 15_000 });
    await textarea.fill(fs.readFileSync(SOURCE.file, 'utf8'));
    await page.getByRole('button', { name: 'Phân tích' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Kiểm tra và xác nhận' }).isVisible(), { timeout: 20_000 }).toBe(true);

    // The number as read, and its place in the text once its field has the focus.
    const number = page.getByLabel('Số, ký hiệu', { exact: true });
    expect(await number.inputValue()).toBe(SOURCE.symbol);
    await number.focus();
    const activeMark = page.locator('[data-testid="directive-text"] mark[data-active="true"]');
    await expect.poll(() => activeMark.first().textContent()).toBe(SOURCE.printed);
    if (SOURCE.arrival) expect(await page.getByLabel('Số đến').inputValue()).toBe(SOURCE.arrival); // from the ĐẾN stamp
    await shot(page, 'directives-review', false);

    // A highlight in the text leads to its field: the lead agency of its item.
    await page.locator('[data-testid="directive-text"] mark', { hasText: SOURCE.agency }).nth(SOURCE.agencyMark).click();
    await expect.poll(() => activeValue(page)).toBe(SOURCE.agency);

    await page.getByRole('button', { name: 'Xác nhận và vào sổ' }).click();
    await page.waitForURL(/\/directives\/documents\/\d+$/, { timeout: 20_000 });
    await expect.poll(() => page.getByText(/^Đã vào sổ văn bản đến số \d+\.$/).isVisible()).toBe(true);
    await expect.poll(() => page.getByText(/^Đã tạo \d+ nhiệm vụ trên bảng\.$/).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('task-table').getByRole('row').count()).toBeGreaterThan(3);
    await shot(page, 'directives-document');

    // The task board by agency: the lead agency's row opens its tasks from this document.
    await page.goto(`${base}/directives/tasks`);
    const row = page.getByRole('button', { name: `Xem nhiệm vụ của ${SOURCE.boardAgency}`, exact: true });
    await expect.poll(() => row.isVisible(), { timeout: 15_000 }).toBe(true);
    await row.click();
    await expect.poll(() => page.getByRole('heading', { name: `Nhiệm vụ của ${SOURCE.boardAgency}` }).isVisible()).toBe(true);
    // Its own tasks (led by it by name) and the group tasks it belongs to ("Các Sở, Ban ngành …"), all new.
    const tasks = page.getByTestId('task-table').getByRole('row').filter({ hasText: SOURCE.symbol });
    await expect.poll(() => tasks.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const own = tasks.filter({ has: page.getByRole('cell', { name: SOURCE.lead, exact: true }) });
    await expect.poll(() => own.count()).toBeGreaterThan(0);
    // New, or overdue when its deadline (2021 in the fallback) has passed.
    expect(await own.first().textContent()).toMatch(/Mới giao|Quá hạn/);
    await shot(page, 'directives-board');

    // Checked through the API as well: every task of the document is on the board.
    const api = client(http);
    const admin = await newAdmin();
    await api.login(admin.username);
    expect((await api.post('/api/auth/totp', { code: totp(admin.secret) })).body.status).toBe('ok');
    const docs = await api.get(`/api/directives/documents?q=${encodeURIComponent(SOURCE.symbol)}`);
    expect(docs.body.items[0]).toMatchObject({ symbol: SOURCE.symbol });
    expect(docs.body.items[0].taskCount).toBeGreaterThanOrEqual(SOURCE.minTasks);
    await page.close();
  });

  it('finds the document in the registry typed without diacritics, and takes a progress report', async () => {
    const page = await openPage();
    await logIn(page);
    await page.goto(`${base}/directives`);
    const search = page.getByLabel('Tìm văn bản');
    await search.waitFor({ timeout: 15_000 });
    await search.fill(useSeed ? 'bluezone truy vet' : 'xet nghiem sars');
    await search.press('Enter');
    const link = page.getByRole('link', { name: /V\/v/ }).first();
    await expect.poll(() => link.isVisible(), { timeout: 10_000 }).toBe(true);
    await link.click();
    await page.waitForURL(/\/directives\/documents\/\d+$/);
    await page.getByTestId('task-table').getByRole('link').first().click();
    await page.waitForURL(/\/directives\/tasks\/\d+$/);
    await page.getByLabel('Nội dung báo cáo').fill('Đã triển khai tại 10/10 xã, phường');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await expect.poll(() => page.getByText('Đã gửi báo cáo').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByText('Đã triển khai tại 10/10 xã, phường').first().isVisible()).toBe(true);
    expect(await page.getByText('Đang thực hiện').first().isVisible()).toBe(true);
    await shot(page, 'directives-task');
    await page.close();
  });
  it('drafts a công văn, downloads it as DOCX, and issues it with the next number', async () => {
    const page = await openPage();
    await logIn(page);
    await page.goto(`${base}/directives/drafts/new`);
    const issuer = page.getByLabel('Tên cơ quan in trên văn bản');
    await issuer.waitFor({ timeout: 15_000 });
    await issuer.fill('Ủy ban nhân dân tỉnh Cao Bằng');
    await page.getByLabel('Địa danh').fill('Cao Bằng');
    await page.getByLabel('Trích yếu', { exact: false }).first().fill('V/v tăng cường xét nghiệm cho người về từ vùng dịch');
    await page.getByLabel('Kính gửi (mỗi dòng một nơi)').fill('Sở Y tế\nCông an tỉnh');
    await page.getByLabel('Nội dung mục 1').fill('tổ chức xét nghiệm cho toàn bộ người về từ vùng dịch');
    await page.getByRole('button', { name: 'Thêm cơ quan chủ trì' }).click();
    await page.getByLabel('Cơ quan chủ trì 1 · Tên trong văn bản').fill('Sở Y tế');
    await page.getByLabel('Người ký', { exact: true }).fill('Lê Hải Hòa');
    await page.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await page.waitForURL(/\/directives\/drafts\/\d+$/, { timeout: 15_000 });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải DOCX' }).click()]);
    const text = readDocxText(fs.readFileSync((await download.path())!));
    for (const part of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Số: …/UBND-VX', 'V/v tăng cường xét nghiệm', '1. Giao Sở Y tế chủ trì tổ chức xét nghiệm', 'Nơi nhận:', 'KT. CHỦ TỊCH', 'Lê Hải Hòa']) {
      expect(text).toContain(part);
    }

    await page.getByRole('button', { name: 'Ban hành' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ban hành' }).click();
    await page.waitForURL(/\/directives\/documents\/\d+$/, { timeout: 15_000 });
    await expect.poll(() => page.getByText(/^Đã ban hành văn bản số \d{2}\/UBND-VX\.$/).isVisible()).toBe(true);
    expect(await page.getByTestId('task-table').getByRole('row').filter({ hasText: 'Sở Y tế' }).count()).toBe(1);
    await shot(page, 'directives-issued');
    await page.close();
  });
});
