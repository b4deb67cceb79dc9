// End to end in real Chromium (Debian's /usr/bin/chromium, driven by playwright-core): log in, create a
// person, find them by the name typed without diacritics. Needs the built web app (npm test builds it).
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { CHROMIUM, launchChromium, logInAs } from './browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../src/server/platform/http/server.ts';
import { client, makeUser, PASSWORD, testApp, type TestApp } from './helpers.ts';

const ready = fs.existsSync(CHROMIUM) && fs.existsSync(path.join(WEB_DIST, 'index.html'));
const SHOTS = process.env.E2E_SCREENSHOTS; // a directory to keep screenshots in, for a person to look at

describe.skipIf(!ready)(`web app in Chromium${ready ? '' : ' (skipped: needs /usr/bin/chromium and dist/web)'}`, () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let username: string;

  beforeAll(async () => {
    t = await testApp();
    username = (await makeUser(t.app, 'health')).username;
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.http.server.address() as { port: number }).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };

  const logIn = (page: Page) => logInAs(page, base, username, PASSWORD);

  it('logs in, creates a person, and finds them by the name typed without diacritics', async () => {
    const page = await browser.newPage({ locale: 'vi-VN' });
    await logIn(page);
    await page.goto(`${base}/people/new`);
    await page.getByLabel('Họ và tên').fill('Nông Thị Hoà Bình');
    await page.getByLabel('Năm sinh').fill('1990');
    await page.getByLabel('Số điện thoại').fill('+84 912 345 678');
    await shot(page, 'person-form');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForURL(/\/people\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await expect.poll(() => page.getByText('Nông Thị Hoà Bình').first().isVisible()).toBe(true);
    const saved = await t.app.db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ full_name: 'Nông Thị Hoà Bình', birth_year: 1990, phone: '0912345678' });

    await page.goto(`${base}/people`);
    const search = page.getByLabel('Tìm kiếm');
    await search.fill('nong thi hoa binh');
    await search.press('Enter');
    const link = page.getByRole('link', { name: 'Nông Thị Hoà Bình' });
    await expect.poll(() => link.isVisible(), { timeout: 10_000 }).toBe(true);
    await shot(page, 'people-search');
    await link.click();
    await page.waitForURL(`${base}/people/${id}`);
    await page.close();
  });

  it('shows inline validation errors and writes nothing', async () => {
    const page = await browser.newPage({ locale: 'vi-VN' });
    await logIn(page);
    const before = await t.app.db.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await page.goto(`${base}/people/new`);
    await page.getByLabel('Họ và tên').fill('Lò Văn Sai');
    await page.getByLabel('Số điện thoại').fill('123');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByText('Số điện thoại không hợp lệ').first().isVisible()).toBe(true);
    expect(page.url()).toMatch(/\/people\/new$/);
    const after = await t.app.db.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    await shot(page, 'person-form-errors');
    await page.close();
  });

  it('fits a phone-sized screen: the menu collapses behind a button', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 }, locale: 'vi-VN' });
    await logIn(page);
    await page.goto(`${base}/people`);
    await expect.poll(() => page.getByLabel('Tìm kiếm').isVisible()).toBe(true);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await shot(page, 'people-mobile');
    await page.close();
  });

  it('shows a case with its F1 and F2 and the reason for each', async () => {
    const api = client(t.http);
    await api.login(username);
    const mk = async (fullName: string) => (await api.post('/api/people', { fullName, birthYear: 1975, communeCode: '01273', confirmNotDuplicate: true })).body.id as number;
    const [f0, f1, f2] = [await mk('Hà Văn Nguồn'), await mk('Hà Thị Gần'), await mk('Hà Văn Xa Hơn')];
    await api.post('/api/tracing/contacts', { contacts: [
      { personA: f0, personB: f1, at: '2021-01-28T10:00:00+07:00', setting: 'workplace' },
      { personA: f1, personB: f2, at: '2021-01-29T09:00:00+07:00', setting: 'other' },
    ] });
    const created = await api.post('/api/tracing/cases', { personId: f0, code: 'BN4321', confirmedAt: '2021-01-30T08:00:00+07:00', onsetDate: '2021-01-29' });
    expect(created.status).toBe(201);

    const page = await browser.newPage({ locale: 'vi-VN' });
    await logIn(page);
    await page.goto(`${base}/tracing`);
    await page.getByRole('link', { name: 'BN4321' }).click();
    await page.waitForURL(/\/tracing\/cases\/\d+$/);
    await expect.poll(() => page.getByText('Hà Văn Xa Hơn').first().isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByText('F2', { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByText(/Tiếp xúc với/).count()).toBeGreaterThan(0);
    await shot(page, 'tracing-case');

    // The work queue: the F1 awaits confirmation; the rule in force on 28/01/2021 ordered 14 days of
    // concentrated quarantine for them, for their commune.
    await page.goto(`${base}/tracing/work`);
    const row = page.getByRole('row').filter({ hasText: 'Hà Thị Gần' }).filter({ has: page.getByRole('button', { name: 'Xác nhận' }) });
    await expect.poll(() => row.isVisible(), { timeout: 10_000 }).toBe(true);
    await row.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => row.isVisible(), { timeout: 10_000 }).toBe(false);
    const order = page.getByRole('row').filter({ hasText: 'Hà Thị Gần' }).filter({ hasText: 'Cách ly tập trung' });
    await expect.poll(() => order.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await order.textContent()).toContain('28/01/2021 – 10/02/2021');
    await shot(page, 'tracing-work');
    const confirmed = await api.get(`/api/tracing/classifications?status=confirmed`);
    expect(confirmed.body.items.map((c: { personId: number }) => c.personId)).toContain(f1);
    await page.close();
  });
});
