// End to end in real Chromium: the transmission-chain view (/tracing/chains) with a cluster of 10,000 people
// (a case, 100 F1 and 9,899 F2), drawn by sigma.js in WebGL (SwiftShader here: no GPU). The page must draw it,
// keep answering while the layout runs (change the level filter, open a case's panel), and redraw on a filter.
// How fast it draws and how smooth it stays is measured by `npm run bench -- --only graphview`, not here.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, logInAs, WEBGL_ARGS } from './browser.ts';
import { client, COMMUNE_A, COMMUNE_B, makeUser, PASSWORD, testApp, type TestApp } from './helpers.ts';
import { insertSynthetic } from '../src/server/demo/people.ts';
import { seedChainCluster } from '../src/server/demo/cluster.ts';

const SHOTS = process.env.E2E_SCREENSHOTS;
const ready = fs.existsSync(CHROMIUM);
const POLL = { timeout: 30_000 };

describe.skipIf(!ready)(`transmission chains of 10,000 people in Chromium${ready ? '' : ' (skipped: needs /usr/bin/chromium)'}`, () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let username: string;
  let caseId: number;
  let caseCode: string;

  beforeAll(async () => {
    t = await testApp();
    username = (await makeUser(t.app, 'health')).username;
    await insertSynthetic(t.app.db, { seed: 11, from: 0, to: 10_000, communes: [COMMUNE_A, COMMUNE_B] });
    const persons = (await sql<{ id: number }>`select id from persons order by id limit 10000`.execute(t.app.db)).rows.map((r) => r.id);
    ({ caseId, caseCode } = await seedChainCluster(t.app.db, persons, { f1: 100 }));
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.http.server.address() as { port: number }).port}`;
    browser = await launchChromium(WEBGL_ARGS);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const logIn = (page: Page) => logInAs(page, base, username, PASSWORD);

  it('draws the cluster, answers while it is being arranged, and redraws on a filter', async () => {
    const api = client(t.http);
    await api.login(username);
    const clusters = await api.get('/api/tracing/clusters');
    const cluster = clusters.body.items.find((c: { indexCaseCode: string }) => c.indexCaseCode === caseCode);
    expect(cluster.personCount).toBe(10_000);

    const page = await (await browser.newContext({ locale: 'vi-VN', viewport: { width: 1400, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await logIn(page);
    await page.goto(`${base}/tracing/chains?cluster=${cluster.id}`);

    // Drawn: the counts, the WebGL canvases sigma adds to the graph's box, and no "no WebGL" notice.
    const counts = page.getByText(/1 ca bệnh · 100 F1 · 9\.899 F2/);
    await expect.poll(() => counts.isVisible(), POLL).toBe(true);
    const graph = page.getByRole('img', { name: /: 10000 người/ });
    await expect.poll(() => graph.locator('canvas').count(), POLL).toBeGreaterThan(0);
    expect(await page.getByText(/WebGL/).count()).toBe(0);
    const webgl = await graph.locator('canvas').first().evaluate((c) => !!((c as HTMLCanvasElement).getContext('webgl2') ?? (c as HTMLCanvasElement).getContext('webgl')));
    expect(webgl).toBe(true);
    // 10,000 nodes are arranged in the layout's worker: the page says so and offers to stop it.
    await expect.poll(() => page.getByText('Đang sắp xếp sơ đồ…').isVisible(), POLL).toBe(true);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'chains-10000.png') });

    // While it is arranged, the page answers: a case's panel opens with its details.
    await page.getByRole('button', { name: caseCode, exact: true }).click();
    const panel = page.getByRole('dialog', { name: 'Chi tiết' });
    await expect.poll(() => panel.getByText(caseCode).first().isVisible(), POLL).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.isVisible(), POLL).toBe(false);

    // The layout ends by itself (within its time bound) and can be run again.
    await expect.poll(() => page.getByRole('button', { name: 'Sắp xếp lại' }).isVisible(), POLL).toBe(true);
    expect(await page.getByText('Đang sắp xếp sơ đồ…').count()).toBe(0);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'chains-10000-arranged.png') });

    // A filter redraws: down to F1 only.
    await page.getByLabel('Hiển thị đến').selectOption({ label: 'Đến F1' });
    await expect.poll(() => page.getByText(/1 ca bệnh · 100 F1 · 0 F2/).isVisible(), POLL).toBe(true);
    await expect.poll(() => page.getByRole('img', { name: /: 101 người/ }).locator('canvas').count(), POLL).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 180_000);
});
