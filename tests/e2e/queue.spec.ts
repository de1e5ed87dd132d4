import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enrolDevice } from '../../main/core/trust/device';
import { networkEnrolTransport } from '../../main/core/trust/transport';
import { credentialIn, hubClientAs } from '../fixtures/hub-access';
import { spawnHost } from '../fixtures/spawn-host';
import { maskPersonName as maskName } from '../../common/identity';
import { login, stopHost } from './fixtures';
import { advanceHub, bookingAt0900, expect, hubUrlFrom, test, toMorningSlot } from './queue.fixtures';

test.describe('hall queue', () => {
  test('walk-in issued, called with F1 to the citizen screen and the supervisor board; an appointment running short is called first', async ({ page, browser, host }) => {
    // Supervisor (second browser context): the live board, and the hub it links to.
    const supCtx = await browser.newContext();
    const sup = await supCtx.newPage();
    await sup.goto(host.launchUrl);
    await login(sup, '3001', 'demo3001');
    await sup.getByRole('link', { name: /大厅监控/ }).click();
    await expect(sup.getByRole('heading', { name: '大厅监控' })).toBeVisible();
    const hubUrl = await hubUrlFrom(sup);
    const cred = credentialIn(host.dataDir);
    await toMorningSlot(cred, hubUrl);

    // Clerk at 3号综合窗口, with the citizen screen as a popup.
    await page.goto(host.launchUrl);
    await login(page, '1001', 'demo1001', '3号综合窗口');
    await expect(page.getByRole('heading', { name: '叫号' })).toBeVisible();
    const [citizen] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: '打开群众屏' }).click()]);
    await expect(citizen.getByRole('heading', { name: '欢迎办事' })).toBeVisible();

    // A walk-in ticket.
    await page.getByRole('button', { name: '取号', exact: true }).click();
    await expect(page.getByTestId('queue-form-result')).toHaveText(/^已取号：A001（现场取号）；号票已打印（模拟打印机，演示用），请取走$/);
    await expect(page.getByTestId('queue-waiting-row')).toHaveCount(1);
    await expect(sup.getByTestId('monitor-stream-A')).toContainText('现场取号（A）1');

    // F1 calls it: the panel, the spoken sentence, the citizen screen, the supervisor board.
    await page.keyboard.press('F1');
    await expect(page.getByTestId('queue-current')).toContainText('A001');
    await expect(page.getByTestId('queue-announcement')).toHaveText('请 A 零零一 号到 3 号窗口办理');
    await expect(citizen.getByTestId('citizen-called')).toHaveText('请 A001 号到 3 号窗口办理');
    await expect(sup.getByTestId('monitor-counter-3')).toContainText('已叫号');
    await expect(sup.getByTestId('monitor-counter-3')).toContainText('A001');
    // Who is at the counter; a counter nobody signed in at reads 未登录, not 离线 (a fault).
    await expect(sup.getByTestId('monitor-staff-3')).toHaveText('王敏（1001）');
    await expect(sup.getByTestId('monitor-counter-9')).toContainText('未登录');
    await expect(sup.getByTestId('monitor-staff-9')).toHaveText('—');
    await expect(sup.getByTestId('monitor-stream-A')).toContainText('现场取号（A）0');
    await page.keyboard.press('F5');
    await expect(page.getByTestId('queue-current')).toContainText('办理中');
    await expect(sup.getByTestId('monitor-counter-3')).toContainText('办理中');
    // The citizen screen follows: who serves (name and 工号), then thanks (the rating will be asked there).
    await expect(citizen.getByTestId('citizen-serving')).toHaveText('A001 号，正在为您办理');
    await expect(citizen.getByText('为您服务的是：王敏（工号 1001）')).toBeVisible();
    await page.keyboard.press('F5');
    await expect(citizen.getByTestId('citizen-finished')).toBeVisible();
    await expect(page.getByTestId('queue-current')).toContainText('空闲');
    await expect(sup.getByTestId('monitor-counter-3')).toContainText('空闲');

    // Two more walk-ins, then an appointment checked in with its ID number.
    await page.getByRole('button', { name: '取号', exact: true }).click();
    await expect(page.getByTestId('queue-form-result')).toHaveText(/^已取号：A002（现场取号）；号票已打印（模拟打印机，演示用），请取走$/);
    await page.getByRole('button', { name: '取号', exact: true }).click();
    await expect(page.getByTestId('queue-form-result')).toHaveText(/^已取号：A003（现场取号）；号票已打印（模拟打印机，演示用），请取走$/);
    const booking = await bookingAt0900(cred, hubUrl);
    await page.getByRole('textbox', { name: '身份证号' }).fill(booking.idNumber);
    await page.getByRole('button', { name: '签到', exact: true }).click();
    await expect(page.getByTestId('queue-form-result')).toHaveText('已签到：Y001');
    await expect(page.getByRole('textbox', { name: '身份证号' })).toHaveValue('');

    // Eight minutes pass (test clock): the appointment is at risk on the board and is called before the earlier walk-ins.
    await advanceHub(cred, hubUrl, 8);
    await expect(sup.getByTestId('monitor-at-risk')).toContainText('预警');
    // The person by masked name and the booked item (never the full name), the wait with its units.
    const risk = sup.getByTestId('monitor-at-risk');
    await expect(risk).toContainText(new RegExp(`Y001 ${maskName(booking.name).replace(/\*/g, '\\*')} 已等 8 分 \\d{2} 秒`));
    if (booking.itemName) await expect(risk).toContainText(`预约事项：${booking.itemName}`);
    await expect(risk).not.toContainText(booking.name);
    await page.getByRole('button', { name: /^叫号/ }).click();
    // A called appointment opens 受理 with its booking (tests/e2e/intake-ticket.spec.ts); back to 叫号 to see the panel.
    await expect(page).toHaveURL(/\/intake$/);
    await page.keyboard.press('Alt+1');
    await expect(page.getByTestId('queue-current')).toContainText('Y001');
    await expect(page.getByTestId('queue-booking')).toContainText(booking.code);
    if (booking.itemName) await expect(page.getByTestId('queue-booking')).toContainText(booking.itemName);
    await expect(page.getByTestId('queue-announcement')).toHaveText('请 Y 零零一 号到 3 号窗口办理');
    await expect(citizen.getByTestId('citizen-called')).toHaveText('请 Y001 号到 3 号窗口办理');
    await expect(sup.getByTestId('monitor-at-risk')).toContainText('没有接近超时的预约');
    await supCtx.close();
  });
});

test('过号 takes effect after a 5-second undo window; 撤销 keeps the applicant at the counter', async ({ page, host }) => {
  await page.goto(host.launchUrl);
  await login(page, '1002', 'demo1002', '5号综合窗口');
  await page.getByRole('button', { name: '取号', exact: true }).click();
  await page.keyboard.press('F1');
  const current = page.getByTestId('queue-current');
  await expect(current).toContainText(/A\d{3}/);
  const number = (await current.textContent())!.match(/A\d{3}/)![0];

  await page.keyboard.press('F3');
  await expect(page.getByTestId('queue-undo')).toContainText(`${number} 已过号`);
  await page.getByRole('button', { name: /撤销/ }).click();
  await expect(page.getByTestId('queue-undo')).toHaveCount(0);
  await page.waitForTimeout(6000); // past the window: nothing was sent
  await expect(current).toContainText(number);

  await page.keyboard.press('F3');
  await expect(page.getByTestId('queue-undo')).toBeVisible();
  await expect(page.getByTestId('queue-undo')).toHaveCount(0, { timeout: 8000 });
  await expect(current).not.toContainText(number);
});

test('the self-service kiosk issues a walk-in ticket without a staff session', async ({ page, host }) => {
  await page.goto(`${host.launchUrl}#/kiosk`);
  await expect(page.getByRole('heading', { name: /自助取号/ })).toBeVisible();
  await page.getByRole('button', { name: /绿色通道/ }).click();
  await expect(page.getByTestId('kiosk-ticket')).toContainText(/V\d{3}/);
  await expect(page.getByTestId('kiosk-ticket')).toContainText('前面还有 0 人');
  // The demo's simulated slip printer "printed" it, and the screen says it was simulated.
  await expect(page.getByTestId('kiosk-slip')).toHaveText('号票已打印（模拟打印机，演示用），请取走');
});

test.describe('offline counter', () => {
  test('loses the hub: banner, own series A-3-001 called to the citizen screen; reconciles when the hub returns', async ({ browser }) => {
    const { startHub } = await import('../../main/hub/index');
    const hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-e2e-hub-'));
    let hub = await startHub({ port: 0, dataDir: hubDir, demo: true, secure: true });
    const port = hub.port;
    // The counter's workstation, enrolled with the hall's hub by an administrator's code before it starts.
    const hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-e2e-host-'));
    const cred = await enrolDevice(hostDir, (await hub.trust!.registry.createCode({ role: 'workstation', counters: [3], name: '3号窗口' })).code, networkEnrolTransport(hub.url));
    const host = await spawnHost({ dataDir: hostDir, args: ['--hub', hub.url], prefix: 'wd-e2e-' });
    const ctx = await browser.newContext();
    try {
      const page = await ctx.newPage();
      await page.goto(host.launchUrl);
      await login(page, '1001', 'demo1001', '3号综合窗口');
      await expect(page.getByTestId('queue-streams')).toContainText('现场取号');
      const [citizen] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: '打开群众屏' }).click()]);
      await expect(citizen.getByRole('heading', { name: '欢迎办事' })).toBeVisible();

      await hub.close();
      await expect(page.getByTestId('queue-offline')).toContainText('离线模式');
      await page.getByRole('button', { name: '取号', exact: true }).click();
      await expect(page.getByTestId('queue-form-result')).toHaveText(/^已取号：A-3-001（现场取号）；号票已打印（模拟打印机，演示用），请取走$/);
      await page.keyboard.press('F1');
      await expect(page.getByTestId('queue-current')).toContainText('A-3-001');
      await expect(citizen.getByTestId('citizen-called')).toHaveText('请 A-3-001 号到 3 号窗口办理');
      await expect(page.getByTestId('queue-announcement')).toHaveText('请 A 三 零零一 号到 3 号窗口办理');
      await expect(page.getByText('待上传离线记录 2 条')).toBeVisible();

      hub = await startHub({ port, dataDir: hubDir, demo: true, secure: true });
      await expect(page.getByTestId('queue-offline')).toHaveCount(0, { timeout: 20_000 });
      await expect(page.getByTestId('queue-current')).toContainText('A-3-001');
      await expect(page.getByText(/待上传离线记录/)).toHaveCount(0);
      const tickets = await hubClientAs(cred, hub.url).tickets();
      expect(tickets.filter((t) => t.number === 'A-3-001').map((t) => [t.status, t.counter])).toEqual([['called', 3]]);
    } finally {
      await ctx.close();
      await stopHost(host);
      await hub.close();
    }
  });
});
