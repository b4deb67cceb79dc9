// End to end in real Chromium (Debian's /usr/bin/chromium, driven by playwright-core): a checkpoint officer
// opens the checkpoint page, loses the network, records 3 crossings (listed as pending, kept in IndexedDB),
// reloads the page offline (the service worker serves the app shell), gets the network back, and the queue
// sends them: each arrives exactly once (counted by client id in the database), also when the same batch is
// sent a second time.
//
// The web app is built here into a temporary directory with the checkpoint routes added in memory (a Vite
// transform of App.tsx; no file is changed) when App.tsx does not have them yet, and served by the test server
// itself (not by browser routing: requests a service worker makes are not seen by Playwright's routing).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser } from 'playwright-core';
import { CHROMIUM, launchChromium } from './browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type Http } from '../src/server/platform/http/server.ts';
import type { App } from '../src/server/platform/context.ts';
import { authRoutes } from '../src/server/platform/auth/routes.ts';
import { checkpointRoutes } from '../src/server/modules/intake/routes.checkpoints.ts';
import { client, COMMUNE_A, makeUser, testApp, PASSWORD, type TestApp } from './helpers.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = process.env.E2E_SCREENSHOTS;

/** Adds /checkpoints and /checkpoints/:id to App.tsx while Vite builds (only when App.tsx lacks them). */
const routePlugin = {
  name: 'e2e-checkpoint-routes',
  enforce: 'pre' as const,
  transform(code: string, id: string) {
    if (!id.replace(/\\/g, '/').endsWith('/src/web/App.tsx') || code.includes('CheckpointPage')) return null;
    const anchorImport = "import { ComingSoonPage } from './pages/ComingSoonPage.tsx';";
    const anchorRoute = '<Route path="*" element={<NotFound />} />';
    if (!code.includes(anchorImport) || !code.includes(anchorRoute)) throw new Error('App.tsx changed: add the checkpoint routes to it');
    return code
      .replace(anchorImport, `${anchorImport}\nimport { CheckpointPage } from './pages/CheckpointPage.tsx';\nimport { CheckpointsPage } from './pages/CheckpointsPage.tsx';`)
      .replace(anchorRoute, [
        '<Route path="/checkpoints" element={<RequirePermission permission="tracing.read"><CheckpointsPage /></RequirePermission>} />',
        '<Route path="/checkpoints/:id" element={<RequirePermission permission="tracing.write"><CheckpointPage /></RequirePermission>} />',
        anchorRoute,
      ].join('\n          '));
  },
};

async function buildWeb(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phongdich-checkpoint-web-'));
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true }, plugins: [routePlugin] });
  return outDir;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml' };

/** Serves the built app from `dir`: its files, and index.html for every other page. */
function webFrom(dir: string) {
  return (http: Http, _app: App) => {
    http.get('/*', async (req, reply) => {
      const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (pathname.startsWith('/api/')) return reply.code(404).send({ error: { code: 'request.not_found' } });
      const file = path.join(dir, pathname);
      const isFile = file.startsWith(dir) && pathname !== '/' && fs.existsSync(file) && fs.statSync(file).isFile();
      const target = isFile ? file : path.join(dir, 'index.html');
      reply.header('cache-control', 'no-cache').type(TYPES[path.extname(target)] ?? 'application/octet-stream');
      return fs.readFileSync(target);
    });
  };
}

const ready = fs.existsSync(CHROMIUM);

describe.skipIf(!ready)(`checkpoint offline in Chromium${ready ? '' : ' (skipped: needs /usr/bin/chromium)'}`, () => {
  let t: TestApp;
  let http: Http;
  let browser: Browser;
  let base: string;
  let web: string;
  let checkpointId: number;
  let username: string;

  beforeAll(async () => {
    t = await testApp();
    web = await buildWeb();
    http = await buildServer(t.app, [authRoutes, checkpointRoutes, webFrom(web)]);
    await http.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(http.server.address() as { port: number }).port}`;
    username = (await makeUser(t.app, 'field')).username;
    const api = client(http);
    await api.login(username);
    const cp = await api.post('/api/checkpoints', { name: 'Chốt kiểm soát Tà Lùng', kind: 'border_gate', communeCode: COMMUNE_A });
    expect(cp.status).toBe(201);
    checkpointId = cp.body.id;
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await http?.close();
    await t?.close();
    if (web) fs.rmSync(web, { recursive: true, force: true });
  });

  it('records 3 entries offline, keeps them over an offline reload, and syncs each exactly once', async () => {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));

    await page.goto(`${base}/checkpoints/${checkpointId}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Chốt kiểm soát Tà Lùng' }).isVisible(), { timeout: 15_000 }).toBe(true);
    // The service worker controls the page (it claims it on activation) and has the shell.
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 15_000 }).toBe(true);
    // …and has kept the two reads the page needs to open offline (the page sends them once the worker controls
    // it; on a loaded machine that takes a moment after the worker takes control).
    await expect.poll(() => page.evaluate(async (urls) => (await Promise.all(urls.map((u) => caches.match(u)))).every(Boolean),
      ['/api/auth/me', `/api/checkpoints/${checkpointId}`]), { timeout: 15_000 }).toBe(true);

    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('network-badge').textContent()).toContain('Mất mạng');
    const people = [
      { id: '004085000123', name: 'Nguyễn Văn An', plate: '11A-123.45', temp: '36,8' },
      { id: '', name: 'Lò Thị Bình', plate: '', temp: '38.1' },
      { id: '', name: '', plate: '29B-555.66', temp: '' },
    ];
    for (const p of people) {
      if (p.id) await page.getByLabel('Số CCCD/CMND').fill(p.id);
      if (p.name) await page.getByLabel('Họ tên').fill(p.name);
      if (p.plate) await page.getByLabel('Biển số xe').fill(p.plate);
      await page.getByLabel('Đi từ').fill('Lạng Sơn');
      await page.getByLabel('Đến').fill('Cao Bằng');
      if (p.temp) await page.getByLabel('Nhiệt độ (°C)').fill(p.temp);
      if (p.name === 'Lò Thị Bình') await page.getByText('Chuyển cách ly').click();
      await page.getByLabel('Nhiệt độ (°C)').press('Enter');
      await expect.poll(() => page.getByText('Đã lưu trên máy').isVisible()).toBe(true);
    }
    const pending = page.locator('[data-testid="checkpoint-entry"][data-status="pending"]');
    await expect.poll(() => pending.count()).toBe(3);
    expect(await page.getByText('Chờ gửi', { exact: true }).count()).toBe(3);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'checkpoint-offline.png'), fullPage: true });

    // A reload without network: the service worker serves the shell, the queue is still there.
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Chốt kiểm soát Tà Lùng' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => pending.count(), { timeout: 10_000 }).toBe(3);
    const clientIds = await pending.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-client-id')!));
    // The queued entries as they will be sent (for the second send below).
    const queuedEntries = await page.evaluate(() => new Promise<unknown[]>((resolve, reject) => {
      const r = indexedDB.open('phongdich-checkpoints', 1);
      r.onsuccess = () => {
        const get = r.result.transaction('entries', 'readonly').objectStore('entries').getAll();
        get.onsuccess = () => resolve((get.result as Array<{ entry: unknown }>).map((q) => q.entry));
        get.onerror = () => reject(get.error);
      };
      r.onerror = () => reject(r.error);
    }));
    expect(queuedEntries).toHaveLength(3);
    const countRows = async () => (await t.app.pool.query<{ client_id: string; n: number }>(
      'select client_id::text, count(*)::int as n from checkpoint_entries where client_id = any($1::uuid[]) group by client_id', [clientIds])).rows;
    expect(await countRows()).toEqual([]);

    await context.setOffline(false);
    const sent = page.locator('[data-testid="checkpoint-entry"][data-status="sent"]');
    await expect.poll(() => sent.count(), { timeout: 20_000 }).toBe(3);
    expect(await pending.count()).toBe(0);
    await expect.poll(() => page.getByTestId('network-badge').textContent()).toBe('Có mạng');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'checkpoint-synced.png'), fullPage: true });

    const once = async () => (await countRows()).map((r) => r.n);
    expect(await once()).toEqual([1, 1, 1]);

    // The answer lost on the way back (stored, but the phone never heard): the entries are still queued when the
    // page reloads, so they are sent again; the server answers duplicate, the queue empties, nothing is added.
    await page.evaluate((entries) => new Promise<void>((resolve, reject) => {
      const r = indexedDB.open('phongdich-checkpoints', 1);
      r.onsuccess = () => {
        const tx = r.result.transaction('entries', 'readwrite');
        for (const entry of entries) tx.objectStore('entries').put({ entry, status: 'pending', code: null, attempts: 1, queuedAt: new Date().toISOString() });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      };
      r.onerror = () => reject(r.error);
    }), queuedEntries);
    const resent = page.waitForResponse((res) => res.url().endsWith('/api/checkpoints/entries') && res.request().method() === 'POST');
    await page.reload();
    expect(((await (await resent).json()) as { results: Array<{ status: string }> }).results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    await expect.poll(() => sent.count(), { timeout: 20_000 }).toBe(3);
    expect(await pending.count()).toBe(0);
    expect(await once()).toEqual([1, 1, 1]);

    // A retry of the same batch by hand (as after a lost answer): each entry answers its first result, nothing is added.
    const api = client(http);
    await api.login(username);
    const again = await api.post('/api/checkpoints/entries', { entries: queuedEntries });
    expect(again.status).toBe(200);
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await once()).toEqual([1, 1, 1]);
    const stored = await t.app.pool.query('select full_name, plate, temperature::text, decision from checkpoint_entries where checkpoint_id = $1 order by recorded_at', [checkpointId]);
    expect(stored.rows).toEqual([
      { full_name: 'Nguyễn Văn An', plate: '11A-123.45', temperature: '36.8', decision: 'allowed' },
      { full_name: 'Lò Thị Bình', plate: null, temperature: '38.1', decision: 'quarantine' },
      { full_name: null, plate: '29B-555.66', temperature: null, decision: 'allowed' },
    ]);
    // Read through the API as well: the day's list has the three.
    expect((await api.get(`/api/checkpoints/${checkpointId}/entries`)).body.items).toHaveLength(3);
    await context.close();
  });
});
