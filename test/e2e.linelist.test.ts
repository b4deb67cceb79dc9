// End to end in real Chromium (Debian's /usr/bin/chromium, driven by playwright-core): the contact line list of
// a case (/tracing/cases/:id/contacts). Paste three rows from a spreadsheet, link one to an existing person from
// the duplicate suggestion with the keyboard, save with Ctrl+Enter, and check the contacts and the F1s.
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { CHROMIUM, launchChromium, logInAs } from './browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, COMMUNE_A, COMMUNE_B, makeUser, PASSWORD, testApp, type TestApp } from './helpers.ts';

const SHOTS = process.env.E2E_SCREENSHOTS;
/** A browser test waits for the server and the page; generous, for a loaded machine. */
const TEST_TIMEOUT = 90_000;
const POLL = { timeout: 10_000 };

const ready = fs.existsSync(CHROMIUM);

describe.skipIf(!ready)(`contact line list in Chromium${ready ? '' : ' (skipped: needs /usr/bin/chromium)'}`, () => {
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
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };

  async function openPage(opts: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const context = await browser.newContext({ locale: 'vi-VN', permissions: ['clipboard-read', 'clipboard-write'], ...opts });
    return context.newPage();
  }

  const logIn = (page: Page, user = username) => logInAs(page, base, user, PASSWORD);

  /** Ctrl+V of `text` from the system clipboard; a synthetic paste event if the clipboard is not available. */
  async function paste(page: Page, text: string) {
    const viaClipboard = await page.evaluate(async (s) => {
      try {
        await navigator.clipboard.writeText(s);
        return (await navigator.clipboard.readText()) === s;
      } catch {
        return false;
      }
    }, text);
    if (viaClipboard) {
      await page.keyboard.press('Control+V');
      return;
    }
    await page.evaluate((s) => {
      const data = new DataTransfer();
      data.setData('text/plain', s);
      document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  }

  /** Waits for a text; when it does not come, says what the page shows instead (notices, focus). */
  async function waitForText(page: Page, text: string | RegExp, timeout = 30_000) {
    try {
      await expect.poll(() => page.getByText(text).first().isVisible(), { timeout }).toBe(true);
    } catch (err) {
      const notices = await page.locator('[role=alert], [role=status]').allInnerTexts();
      throw new Error(`"${String(text)}" not shown; notices: ${JSON.stringify(notices)}; focus: ${await activeId(page)}`, { cause: err });
    }
  }

  const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
  /** The input or select of a cell (the open list of the commune cell carries the same name, so not getByLabel). */
  const cell = (page: Page, column: string, row: number) => page.locator(`:is(input, select)[aria-label="${column}, dòng ${row}"]`);

  async function makeCase(api: ReturnType<typeof client>, code: string) {
    const mk = async (body: Record<string, unknown>) => {
      const r = await api.post('/api/people', { communeCode: COMMUNE_A, confirmNotDuplicate: true, ...body });
      expect(r.status).toBe(201);
      return r.body.id as number;
    };
    const f0 = await mk({ fullName: 'Đinh Văn Nguồn', birthYear: 1970 });
    const created = await api.post('/api/tracing/cases', { personId: f0, code, confirmedAt: '2021-02-01T08:00:00+07:00', onsetDate: '2021-01-30' });
    expect(created.status).toBe(201);
    return { f0, caseId: created.body.case.id as number, mk };
  }

  const HEADER = 'Họ tên\tNăm sinh\tGiới tính\tSố điện thoại\tSố CCCD\tXã/phường\tThời điểm tiếp xúc\tBối cảnh\tMô tả';

  it('pastes three rows, links one to an existing person with the keyboard, saves with Ctrl+Enter', { timeout: TEST_TIMEOUT }, async () => {
    const api = client(t.http);
    await api.login(username);
    const { f0, caseId, mk } = await makeCase(api, 'BN7001');
    const existing = await mk({ fullName: 'Trần Văn Khánh', birthYear: 1992, sex: 'male', phone: '0912000111' });

    const page = await openPage();
    await logIn(page);
    await page.goto(`${base}/tracing/cases/${caseId}/contacts`);
    const first = cell(page, 'Họ tên', 1);
    await first.waitFor({ timeout: 15_000 });
    await first.focus();
    await paste(page, [
      HEADER,
      'Lý Thị Mai\t1988\tNữ\t+84 912 345 001\t\tThục Phán\t31/01/2021 10:00\tHộ gia đình\tỞ cùng nhà',
      'tran van khanh\t1992\tNam\t\t\tPhường Thục Phán\t31/01/2021 12:30\tNơi làm việc\tĂn trưa cùng',
      'Hoàng Văn Tư\t1979\tNam\t0987 654 321\t\t01273\t2021-01-31 18:00\tXe khách\tĐi chung xe',
    ].join('\r\n'));

    await expect.poll(() => cell(page, 'Họ tên', 3).inputValue(), POLL).toBe('Hoàng Văn Tư');
    expect(await cell(page, 'Số điện thoại', 1).inputValue()).toBe('0912345001');
    expect(await cell(page, 'Thời điểm tiếp xúc', 3).inputValue()).toBe('31/01/2021 18:00');
    expect(await cell(page, 'Bối cảnh', 3).inputValue()).toBe('vehicle');
    expect(await page.getByText('bỏ qua dòng tiêu đề').isVisible()).toBe(true);
    expect(await activeId(page)).toMatch(/^ll-r\d+-fullName$/); // the focus stayed in the cell pasted into

    // The existing person is suggested under row 2 (typed without diacritics): pick it with the keyboard.
    const suggestion = page.locator(`[data-ll-candidate="${existing}"]`);
    await expect.poll(() => suggestion.isVisible(), { timeout: 10_000 }).toBe(true);
    await shot(page, 'linelist-suggestion');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Họ tên, dòng 2');
    for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement?.getAttribute('data-ll-candidate'))) === null; i += 1) {
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-ll-candidate'))).toBe(String(existing));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('Liên kết với hồ sơ đã có:').isVisible(), POLL).toBe(true);
    expect(await activeId(page)).toMatch(/^ll-r\d+-link$/); // the focus moved to the row's link line, not lost

    await page.keyboard.press('Control+Enter');
    await waitForText(page, 'Đã ghi 3 tiếp xúc.');
    expect(await page.getByText('Đã tạo 2 hồ sơ mới.').isVisible()).toBe(true);
    expect(await activeId(page)).toMatch(/^ll-r\d+-fullName$/); // a fresh row takes the focus
    expect(await page.locator('[data-ll-saved]').count()).toBe(3);
    expect(await page.getByRole('link', { name: 'Trần Văn Khánh' }).getAttribute('href')).toBe(`/people/${existing}`);
    await shot(page, 'linelist-saved');

    // Checked through the API: the case now has the three F1s, one of them the existing record.
    const detail = await api.get(`/api/tracing/cases/${caseId}`);
    expect(detail.status).toBe(200);
    const f1 = (detail.body.classifications as Array<{ level: number; personId: number; personName: string }>).filter((c) => c.level === 1);
    expect(f1.map((c) => c.personName).sort()).toEqual(['Hoàng Văn Tư', 'Lý Thị Mai', 'Trần Văn Khánh']);
    expect(f1.find((c) => c.personName === 'Trần Văn Khánh')?.personId).toBe(existing);
    expect(detail.body.f1).toBe(3);
    const search = await api.get(`/api/people?q=${encodeURIComponent('Trần Văn Khánh')}&birthYear=1992`);
    expect(search.body.items.map((p: { id: number }) => p.id)).toEqual([existing]); // linked, not duplicated
    const mai = await api.get(`/api/people?q=0912345001`);
    expect(mai.body.items).toMatchObject([{ fullName: 'Lý Thị Mai', birthYear: 1988, sex: 'female', communeCode: COMMUNE_A }]);
    // (No API lists contacts yet: the rows are read from the database.)
    const contacts = await t.app.db.selectFrom('contacts').selectAll().where('person_a', '=', f0).orderBy('at').execute();
    expect(contacts).toHaveLength(3);
    expect(contacts.map((c) => [new Date(c.at as unknown as string).toISOString(), c.setting, c.source, c.evidence])).toEqual([
      ['2021-01-31T03:00:00.000Z', 'household', 'interview', 'Ở cùng nhà'],
      ['2021-01-31T05:30:00.000Z', 'workplace', 'interview', 'Ăn trưa cùng'],
      ['2021-01-31T11:00:00.000Z', 'vehicle', 'interview', 'Đi chung xe'],
    ]);
    await page.context().close();
  });

  it('stops before writing any contact when a person cannot be created, and keeps every row', { timeout: TEST_TIMEOUT }, async () => {
    // A user of one commune: the ID number below belongs to someone in another commune, so the live lookup
    // cannot show them and only the server finds the duplicate.
    const local = await makeUser(t.app, 'field', { communes: [COMMUNE_A] });
    const admin = client(t.http);
    await admin.login(username);
    const other = await admin.post('/api/people', { fullName: 'Ngoài Địa Bàn', birthYear: 1985, sex: 'male', idType: 'cccd', idNumber: '004085009876', communeCode: COMMUNE_B });
    expect(other.status).toBe(201);
    const api = client(t.http);
    await api.login(local.username);
    const { f0, caseId } = await makeCase(api, 'BN7002');

    const page = await openPage();
    await logIn(page, local.username);
    await page.goto(`${base}/tracing/cases/${caseId}/contacts`);
    const first = cell(page, 'Họ tên', 1);
    await first.waitFor({ timeout: 15_000 });
    await first.focus();
    await paste(page, [
      'Vi Thị Một\t1990\tNữ\t\t\t01273\t31/01/2021 09:00\tKhác\t',
      'Vi Văn Hai\t1985\tNam\t\t004085009876\t01273\t31/01/2021 09:00\tKhác\t',
    ].join('\n'));
    await expect.poll(() => cell(page, 'Họ tên', 2).inputValue(), POLL).toBe('Vi Văn Hai');
    await page.getByRole('button', { name: 'Lưu', exact: true }).focus();
    await page.keyboard.press('Control+Enter');
    await waitForText(page, /Không tạo được hồ sơ của dòng 2/);
    expect(await page.getByText('Đã có hồ sơ với số giấy tờ này').first().isVisible()).toBe(true);
    expect(await activeId(page)).toMatch(/^ll-r\d+-idNumber$/); // the failing cell has the focus
    expect(await cell(page, 'Họ tên', 2).inputValue()).toBe('Vi Văn Hai');
    expect(await page.getByText('Đã tạo hồ sơ:').isVisible()).toBe(true); // row 1's record exists and is kept
    const written = await t.app.db.selectFrom('contacts').select('id').where('person_a', '=', f0).execute();
    expect(written).toHaveLength(0);
    await shot(page, 'linelist-failed');

    // Fixed (the wrong number removed), the next save reuses row 1's record and writes both contacts.
    await cell(page, 'Số CCCD', 2).fill('');
    await page.keyboard.press('Control+Enter');
    await waitForText(page, 'Đã ghi 2 tiếp xúc.');
    expect(await page.getByText('Đã tạo 2 hồ sơ mới.').isVisible()).toBe(true);
    const mot = await api.get(`/api/people?q=${encodeURIComponent('Vi Thị Một')}&birthYear=1990`);
    expect(mot.body.items).toHaveLength(1);
    expect(await t.app.db.selectFrom('contacts').select('id').where('person_a', '=', f0).execute()).toHaveLength(2);
    await page.context().close();
  });

  it('is driven by the keyboard: Enter picks in an open list and moves down when closed, arrows, Ctrl+Delete', { timeout: TEST_TIMEOUT }, async () => {
    const api = client(t.http);
    await api.login(username);
    const { caseId } = await makeCase(api, 'BN7004');
    const page = await openPage();
    await logIn(page);
    await page.goto(`${base}/tracing/cases/${caseId}/contacts`);
    const label = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    await cell(page, 'Họ tên', 1).waitFor({ timeout: 15_000 });
    await cell(page, 'Họ tên', 1).focus();
    await page.keyboard.type('Lò Thị Bốn');
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('Tab');
    expect(await label()).toBe('Xã/phường cư trú, dòng 1');
    await page.keyboard.type('Nùng');
    await expect.poll(() => cell(page, 'Xã/phường cư trú', 1).getAttribute('data-expanded'), POLL).toBe('true');
    await page.keyboard.press('Enter'); // picks the option of the open list
    await expect.poll(() => cell(page, 'Xã/phường cư trú', 1).inputValue(), POLL).toBe('Phường Nùng Trí Cao');
    expect(await label()).toBe('Xã/phường cư trú, dòng 1');
    await page.keyboard.press('Enter'); // the list is closed: a new row below, carrying the commune
    expect(await label()).toBe('Xã/phường cư trú, dòng 2');
    expect(await cell(page, 'Xã/phường cư trú', 2).inputValue()).toBe('Phường Nùng Trí Cao');
    await page.keyboard.press('Tab');
    await page.keyboard.type('30/01/2021 8h15');
    await page.keyboard.press('Tab'); // leaving the cell writes the time in the grid's form
    expect(await cell(page, 'Thời điểm tiếp xúc', 2).inputValue()).toBe('30/01/2021 08:15');
    await page.keyboard.press('ArrowUp'); // a closed native select: the arrow moves, the value stays
    expect(await label()).toBe('Bối cảnh, dòng 1');
    expect(await cell(page, 'Bối cảnh', 1).inputValue()).toBe('');
    await page.keyboard.press('ArrowDown');
    expect(await label()).toBe('Bối cảnh, dòng 2');
    await page.keyboard.press('Control+Delete');
    expect(await label()).toBe('Họ tên, dòng 1');
    expect(await page.locator('[data-ll-row]').count()).toBe(1);
    await page.keyboard.press('Control+Enter'); // row 1 lacks its time and setting: nothing is written
    await expect.poll(() => page.getByText('1 dòng cần sửa trước khi lưu; chưa có gì được ghi.').isVisible(), POLL).toBe(true);
    expect(await label()).toBe('Thời điểm tiếp xúc, dòng 1');
    await page.context().close();
  });

  it('stays usable on a 375 px phone: the grid scrolls sideways, the page does not', { timeout: TEST_TIMEOUT }, async () => {
    const api = client(t.http);
    await api.login(username);
    const { caseId } = await makeCase(api, 'BN7003');
    const page = await openPage({ viewport: { width: 375, height: 740 } });
    await logIn(page);
    await page.goto(`${base}/tracing/cases/${caseId}/contacts`);
    const first = cell(page, 'Họ tên', 1);
    await first.waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await first.focus();
    await page.keyboard.type('Lò Văn Ba');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Họ tên, dòng 2');
    expect(await page.getByRole('button', { name: 'Lưu', exact: true }).isVisible()).toBe(true);
    await shot(page, 'linelist-mobile');
    await page.context().close();
  });
});
