/**
 * Offline-first case sync end to end (issue 11): with the hall hub stopped, a clerk accepts three
 * instant cases and hands out each result at the counter (the collector signs on the citizen
 * screen); the status bar shows them waiting; the hub starts; the backlog drains, each case is
 * archived (办结即归档: its bag in the hub's archive, passing the four-property check), and a clerk
 * at another counter, on another workstation, finds each case as 已归档.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { checkArchive } from '../../main/core/archive/checks';
import { enrolledHost, login, signOn, stopHost } from './fixtures';

async function instantCase(page: Page, citizen: Page): Promise<string> {
  await page.getByLabel('模拟卡片证件号码（演示数据）').fill('310117198206150314');
  await page.getByRole('button', { name: '模拟放卡' }).click();
  await expect(page.getByLabel('申请人姓名')).toHaveText('张伟');
  await page.getByLabel('搜索事项（名称、拼音首字母或编码）').fill('GG-JB-0003');
  await page.getByLabel('搜索事项（名称、拼音首字母或编码）').press('Enter');
  await expect(page.getByTestId('intake-picked')).toContainText('电子证照打印及信息查询');
  await page.getByRole('button', { name: '开始收件' }).click();
  await page.getByLabel('持证人身份证明 处理方式').selectOption({ label: '数据共享核验免交' });
  await expect(page.getByTestId('material-status-M01')).toHaveText('数据共享核验免交');
  await page.getByRole('button', { name: '受理（Ctrl+Enter）' }).click();
  await expect(page.getByTestId('intake-state')).toHaveText('已办结');
  // 一口发证 with the hub down: the collector signs for the result, which is handed out at once.
  await page.getByRole('button', { name: '请领取人在群众屏签收' }).click();
  await signOn(citizen);
  await expect(page.getByRole('status').filter({ hasText: '领取人已签收' })).toBeVisible();
  await page.getByRole('button', { name: '当场出件（一口发证）' }).click();
  await expect(page.getByTestId('intake-state')).toHaveText('已出件');
  const number = (await page.getByTestId('intake-case-number').textContent())!;
  await page.getByRole('button', { name: '办理下一件' }).click();
  return number;
}

test('cases taken while the hub is down reach it when it returns, and another counter finds them', async ({ browser }) => {
  test.setTimeout(150_000);
  const { startHub } = await import('../../main/hub/index');
  const hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-e2e-hub-'));
  let hub = await startHub({ port: 0, dataDir: hubDir, demo: true, secure: true });
  const port = hub.port;
  // The hall's supervisor, known to the hub (as `npm run hub -- --demo` or staff-add makes them).
  await hub.trust!.staff.registerPassword('3001', '赵刚', 'demo3001');
  const enrolled = (counter: number) => enrolledHost(hub, counter);
  const hostA = await enrolled(3);
  const hostB = await enrolled(4);
  const ctxA = await browser.newContext();
  const ctxB = await browser.newContext();
  try {
    const page = await ctxA.newPage();
    await page.goto(hostA.launchUrl);
    await login(page, '1001', 'demo1001', '3号综合窗口');
    await hub.close();
    await page.getByRole('link', { name: /受理/ }).click();
    const [citizen] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: '打开群众屏' }).click()]);
    const numbers = [await instantCase(page, citizen), await instantCase(page, citizen), await instantCase(page, citizen)];
    const sync = page.getByTestId('status-sync-cases');
    await expect(sync).toContainText(/办件\/评价\/求助待同步：[1-9]\d*/);
    await expect(sync).toContainText('最早');
    await page.screenshot({ path: path.join(os.tmpdir(), 'wd-sync-backlog.png') });

    // The 同步 page lists what waits, and why.
    await page.getByRole('link', { name: /同步/ }).click();
    await expect(page.getByTestId('sync-ops')).toContainText(numbers[0]);

    hub = await startHub({ port, dataDir: hubDir, demo: true, secure: true });
    await expect(sync).toContainText('办件/评价/求助待同步：0', { timeout: 60_000 });
    await expect(page.getByTestId('sync-empty')).toBeVisible({ timeout: 10_000 });
    // Each bag reaches the hub's archive (sent at once when the hub is back, not after its backoff)
    // and passes the four-property check there.
    for (const n of numbers) {
      const bag = path.join(hubDir, 'archive', n, 'bag');
      await expect.poll(() => fs.existsSync(bag), { timeout: 60_000, message: `bag of ${n} at the hub` }).toBe(true);
      const report = checkArchive(bag);
      expect(report.checks.filter((c) => !c.ok), n).toEqual([]);
    }
    // The archived step syncs too: the backlog drains again.
    await expect(sync).toContainText('办件/评价/求助待同步：0', { timeout: 60_000 });

    const other = await ctxB.newPage();
    await other.goto(hostB.launchUrl);
    await login(other, '1002', 'demo1002', '4号综合窗口');
    await other.getByRole('link', { name: /同步/ }).click();
    for (const n of numbers) {
      await other.getByTestId('sync-find-input').fill(`WD-CASE:${n}`);
      await other.getByRole('button', { name: '查询', exact: true }).click();
      await expect(other.getByTestId('sync-found')).toContainText(n);
      await expect(other.getByTestId('sync-found')).toContainText('已归档');
      await expect(other.getByTestId('sync-found')).toContainText('310117********0314');
    }
    await other.screenshot({ path: path.join(os.tmpdir(), 'wd-sync-found.png'), fullPage: true });

    // The supervisor sees the three under 办件质量 (a supervisor route: the hub's assertion travels with it).
    const sup = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await sup.goto(hostB.launchUrl);
    await login(sup, '3001', 'demo3001');
    await sup.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /^大厅监控/ }).click();
    const quality = sup.getByTestId('case-quality');
    await expect(quality).toContainText('大厅服务共汇聚办件 3 件，其中未办结 0 件。', { timeout: 15_000 });
    await expect(quality.getByRole('alert')).toHaveCount(0);
  } finally {
    await ctxA.close();
    await ctxB.close();
    await stopHost(hostA);
    await stopHost(hostB);
    await hub.close();
  }
});
