import { credentialIn } from '../fixtures/hub-access';
import fs from 'node:fs';
import { startCups } from '../fixtures/native/cups';
import { spawnHost } from '../fixtures/spawn-host';
import { pdfsSince } from './devices.fixtures';
import { expect, login, stopHost, test } from './fixtures';
import { calledAppointment, firstSlotBooking, hubUrlOf } from './flows/called-appointment';

// Issue 10's acceptance in one run: an appointment holder checks in (keyboard), F1 calls them, 受理
// opens with applicant and item, materials set, Ctrl+Enter accepts, the notice prints to the
// CUPS-PDF queue by itself, 「结束并叫下一位」 (F1) finishes and calls the next ticket — and the
// citizen screen passes through welcome → called → serving → finished → called → … → welcome.
test('a clerk\'s applicant in one flow: check-in, F1, 受理 prefilled, accepted, notice printed by itself, F1 to the next; the citizen screen through all its states', async ({ browser }) => {
  test.setTimeout(300_000);
  const cups = await startCups();
  test.skip('skip' in cups, `CUPS could not run here: ${'skip' in cups ? cups.skip : ''}`);
  if ('skip' in cups) return;
  const since = Date.now() - 1000;
  const host = await spawnHost({ settings: { deviceMode: 'real', printerQueue: 'WD_PDF' }, env: cups.env, args: ['--hub-test-clock'], prefix: 'wd-e2e-day-' });
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const supCtx = await browser.newContext();
    const hubUrl = await hubUrlOf(await supCtx.newPage(), host.launchUrl);
    await supCtx.close();
    const booking = await firstSlotBooking(hubUrl, credentialIn(host.dataDir));

    const page = await ctx.newPage();
    await page.goto(host.launchUrl);
    await login(page, '1001', 'demo1001', '3号综合窗口');
    const [citizen] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: '打开群众屏' }).click()]);
    await expect(citizen.getByRole('heading', { name: '欢迎办事' })).toBeVisible();
    // Every state the citizen screen shows, in order, as the applicant would see them.
    await citizen.evaluate(() => {
      const w = window as unknown as { states: string[] };
      w.states = ['welcome'];
      const seen = () => {
        const h = document.querySelector('h1');
        const s = h?.getAttribute('data-testid')?.replace('citizen-', '') ?? (h?.textContent?.includes('欢迎') ? 'welcome' : 'other');
        const text = `${s}:${h?.textContent ?? ''}`;
        if (w.states.at(-1) !== text && w.states.at(-1) !== s) w.states.push(text);
      };
      new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.bringToFront();

    // The holder checks in at the counter: Alt+I reaches the field, the number typed, Enter.
    await page.keyboard.press('Alt+I');
    await expect(page.getByRole('textbox', { name: /^身份证号/ })).toBeFocused();
    await page.getByRole('textbox', { name: /^身份证号/ }).fill(booking.idNumber);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('queue-form-result')).toHaveText('已签到：Y001');
    // Meanwhile a walk-in takes a ticket at the kiosk.
    const kiosk = await ctx.newPage();
    await kiosk.goto(`${host.launchUrl}#/kiosk`);
    await kiosk.getByRole('button', { name: /现场取号/ }).click();
    await expect(kiosk.getByTestId('kiosk-ticket')).toContainText('A001');
    await kiosk.close();
    await page.bringToFront();

    const { actions, caseNumber } = await calledAppointment(page, booking, 'Y001');
    expect(caseNumber).toMatch(/^SH-/);
    // Nothing pressed: the notice of the decision went to the CUPS-PDF queue by itself.
    await expect.poll(() => pdfsSince(cups.pdfOutDir, since).length, { timeout: 90_000 }).toBeGreaterThanOrEqual(1);
    const out = pdfsSince(cups.pdfOutDir, since)[0];
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    // 结束并叫下一位 called the walk-in.
    await expect(page.getByTestId('serving-number')).toHaveText('A001');
    await expect(citizen.getByTestId('citizen-called')).toHaveText('请 A001 号到 3 号窗口办理');

    // The walk-in's service: F5 starts it, F5 finishes it; the screen thanks them, then welcomes the next.
    await page.keyboard.press('F5');
    await expect(citizen.getByTestId('citizen-serving')).toBeVisible();
    await page.keyboard.press('F5');
    await expect(citizen.getByTestId('citizen-finished')).toBeVisible();
    // The screen asks for the rating (好差评); this applicant skips it, and the welcome follows the thanks.
    await citizen.getByRole('button', { name: '暂不评价' }).click();
    await expect(citizen.getByRole('heading', { name: '欢迎办事' })).toBeVisible({ timeout: 30_000 });

    const states = (await citizen.evaluate(() => (window as unknown as { states: string[] }).states)).map((s) => s.split(':')[0]);
    const order = ['welcome', 'called', 'serving', 'called', 'serving', 'finished', 'welcome'];
    let at = 0;
    for (const s of states) if (s === order[at]) at++;
    expect(at, `citizen screen states seen: ${states.join(' → ')}`).toBe(order.length);
    console.log(`[clerk-day] actions F1→F1: ${actions.total}; citizen states: ${states.join(' → ')}`);
    expect(actions.total).toBeLessThanOrEqual(12);
  } finally {
    await ctx.close();
    await stopHost(host);
    await cups.stop();
  }
});
