import fs from 'node:fs';
import path from 'node:path';
import { generateArrivals } from '../../main/core/queue/sim/arrivals';
import { minutesOf, parseScenario } from '../../main/core/queue/sim/scenario';
import { bookedIdNumber } from '../fixtures/demo-bookings';
import { credentialIn, hubJson } from '../fixtures/hub-access';
import { login } from './fixtures';
import { advanceHub, expect, hubUrlFrom, test, toMorningSlot } from './queue.fixtures';

const SCREENS = 'test-results/screens';

/** The follow URL the slip's QR carries: the data of the printer's own QR symbol in the ESC/POS bytes. */
function followUrlOf(escpos: Buffer): string {
  const m = /https?:\/\/[\w.:-]+\/follow\/[A-Za-z0-9_-]{22}/.exec(escpos.toString('latin1'));
  expect(m, 'the slip carries a follow QR').toBeTruthy();
  return m![0];
}

// Issue 13's acceptance, end to end: the kiosk's ticket prints its slip with the forecast and the QR;
// the QR's page on a phone (a second browser context, no login) follows it to the call; and under a
// load drawn from the surge scenario the supervisor is told the appointments will breach 10 minutes.
test('a kiosk ticket prints its forecast and QR, the phone page follows it to the call, and the supervisor is warned under a surge', async ({ browser, host }) => {
  test.setTimeout(240_000);
  fs.mkdirSync(SCREENS, { recursive: true });
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const clerkCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  try {
    const sup = await ctx.newPage();
    await sup.goto(host.launchUrl);
    await login(sup, '3001', 'demo3001');
    const hubUrl = await hubUrlFrom(sup);
    const cred = credentialIn(host.dataDir);
    await toMorningSlot(cred, hubUrl);

    // One clerk signs in at 5号综合窗口: the one open counter the forecast counts.
    const clerk = await clerkCtx.newPage();
    await clerk.goto(host.launchUrl);
    await login(clerk, '1002', 'demo1002', '5号综合窗口');

    // The kiosk: a walk-in ticket, its forecast on screen, its slip printed (simulated printer).
    const kiosk = await ctx.newPage();
    await kiosk.goto(`${host.launchUrl}#/kiosk`);
    await kiosk.getByRole('button', { name: /现场取号/ }).click();
    const shown = kiosk.getByTestId('kiosk-ticket');
    await expect(shown).toBeVisible();
    const number = (await shown.locator('.kiosk-number').textContent())!.trim();
    expect(number).toMatch(/^A\d{3}$/);
    await expect(kiosk.getByTestId('kiosk-eta')).toHaveText(/^预计等候约 \d+ 分钟$/);
    await expect(kiosk.getByTestId('kiosk-slip')).toContainText('号票已打印');

    const slipDir = path.join(host.dataDir, 'devices', 'slips');
    await expect.poll(() => (fs.existsSync(slipDir) ? fs.readdirSync(slipDir).filter((f) => f.includes(number)).length : 0)).toBe(1);
    const slip = fs.readFileSync(path.join(slipDir, fs.readdirSync(slipDir).find((f) => f.includes(number))!));
    const text = new TextDecoder('gb18030').decode(slip);
    expect(text).toMatch(/前面还有 \d+ 人/);
    expect(text).toMatch(/预计等候约 \d+ 分钟/);
    const url = followUrlOf(slip);
    // The QR opens the public listener: another port than the devices' HTTPS hub, plain HTTP.
    const hall = await hubJson<{ followBase: string | null }>(cred, `${hubUrl}/hall`);
    expect(url.startsWith(`${hall.value.followBase}/follow/`)).toBe(true);
    expect(new URL(url).port).not.toBe(new URL(hubUrl).port);

    // The phone: no login, no certificate; the page shows the number, its place and the forecast.
    const phone = await phoneCtx.newPage();
    await phone.goto(url);
    await expect(phone.locator('.num')).toHaveText(number);
    await expect(phone.getByRole('status')).toContainText('等候中');
    await expect(phone.getByText(/预计等候约/)).toBeVisible();
    await expect(phone.getByText('即将叫到，请到等候区留意叫号')).toBeVisible(); // nobody ahead
    await phone.screenshot({ path: `${SCREENS}/forecast-phone-waiting.png`, fullPage: true });

    // The clerk calls (F1): the phone page, refreshing itself, shows the counter.
    await clerk.bringToFront();
    await clerk.keyboard.press('F1');
    await expect(clerk.getByTestId('serving-number')).toHaveText(number);
    await expect(phone.getByRole('status')).toHaveText('已叫号，请到 5号综合窗口 办理', { timeout: 25_000 });
    await expect(phone.getByText(/预计等候/)).toHaveCount(0);
    await phone.screenshot({ path: `${SCREENS}/forecast-phone-called.png`, fullPage: true });
    // The walk-in is served (started and finished at counter 5): the counter is free when the surge comes.
    const called = (await hubJson<{ id: number; number: string }[]>(cred, `${hubUrl}/tickets?status=called`)).value.find((t) => t.number === number)!;
    expect((await hubJson(cred, `${hubUrl}/tickets/${called.id}/start`, 'POST', { counter: 5 })).ok).toBe(true);
    expect((await hubJson(cred, `${hubUrl}/tickets/${called.id}/finish`, 'POST', { counter: 5 })).ok).toBe(true);
    await expect(clerk.getByTestId('serving-number')).toHaveCount(0);

    // A surge drawn from the shipped scenario (its first 8 minutes), on a hall with one open counter:
    // the appointments have waited less than 10 minutes, and the forecast sees them breach it.
    const sc = parseScenario(JSON.parse(fs.readFileSync('tests/fixtures/scenarios/surge-8.json', 'utf8')));
    const open = minutesOf(sc.open);
    const first = generateArrivals(sc).arrivals.filter((a) => a.arriveAt < open + 8);
    const bookings = (await hubJson<{ id: string; day: string; slotStart: number; status: string }[]>(cred, `${hubUrl}/appointments`)).value
      .filter((a) => a.status === 'booked')
      .sort((a, b) => a.slotStart - b.slotStart);
    let at = 0;
    let checkedIn = 0;
    for (const a of first) {
      const minute = Math.max(0, Math.floor(a.arriveAt - open));
      if (minute > at) {
        await advanceHub(cred, hubUrl, minute - at);
        at = minute;
      }
      if (a.kind === 'appointment') {
        const b = bookings.shift();
        if (!b) continue;
        const r = await hubJson(cred, `${hubUrl}/appointments/check-in`, 'POST', { by: 'idNumber', idNumber: bookedIdNumber(b) });
        if (r.ok) checkedIn++;
      } else {
        const r = await hubJson(cred, `${hubUrl}/tickets`, 'POST', { stream: a.kind === 'priority' ? 'V' : 'A', source: 'kiosk' });
        expect(r.ok).toBe(true);
      }
    }
    expect(checkedIn).toBeGreaterThan(3);
    // The test clock jumped minutes ahead of the clerk's real-time heartbeats: counter 5 says it is still there.
    expect((await hubJson(cred, `${hubUrl}/counters/5/heartbeat`, 'POST', {})).ok).toBe(true);

    // The supervisor's board: the next hour per stream, and the warning with its advice.
    await sup.bringToFront();
    const warnings = sup.getByTestId('forecast-warnings');
    await expect(warnings).toContainText(/预约：预计 \d+ 分钟后预约等候将超过 10 分钟承诺/, { timeout: 30_000 });
    // One of twelve counters open against the surge: the advice names the counters to open, or says three are not enough.
    await expect(warnings).toContainText(/建议(立即| 10 分钟内)增开 \d 个综合窗口|增开 3 个综合窗口仍不足/);
    await expect(sup.getByTestId('monitor-forecast')).toContainText('开放窗口 1 个');
    await expect(sup.getByTestId('forecast-stream-Y')).toBeVisible();
    // The counter idles while the queue waits (nobody pressed 叫号): flagged beside the stuck-counter alerts.
    await expect(sup.getByTestId('monitor-alerts')).toContainText('5号综合窗口：空闲，但');
    await sup.screenshot({ path: `${SCREENS}/forecast-monitor.png`, fullPage: true });
  } finally {
    await phoneCtx.close();
    await clerkCtx.close();
    await ctx.close();
  }
});
