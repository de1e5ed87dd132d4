/**
 * 设置 → 大厅设备登记 end to end (issue 9): an administrator makes a one-time code for a hall TV at
 * the workstation; the TV's browser enrols with it on the hub's /display page and shows the board;
 * the administrator sees it listed and revokes it with a reason; the TV is back at its enrolment
 * form within seconds. The workstation's own entry is marked 本机 and cannot be revoked from here.
 */
import { expect, login, test } from './fixtures';
import { hubUrlFrom } from './queue.fixtures';

test('an administrator enrols a hall TV with a code made in 设置 and revokes it; the TV is refused at once', async ({ page, host, browser }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(host.launchUrl);
  await login(page, '9001', 'demo9001');
  const nav = page.getByRole('navigation', { name: '主导航' });
  await nav.getByRole('link', { name: /^大厅监控/ }).click();
  const hubUrl = await hubUrlFrom(page);

  await nav.getByRole('link', { name: /^设置/ }).click();
  const panel = page.getByRole('region', { name: '大厅设备登记' });
  await panel.getByLabel('设备类型').selectOption({ label: '大厅叫号屏' });
  await expect(panel.getByLabel('窗口号（多个用逗号分隔）')).toHaveCount(0);
  await panel.getByLabel('设备名称（可不填）').fill('一楼大厅叫号屏');
  await panel.getByRole('button', { name: '生成登记码' }).click();
  const code = (await panel.getByTestId('enrol-code').innerText()).trim();
  expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  await expect(panel.getByRole('status', { name: '登记码（仅显示一次，一次有效）' })).toContainText('设备：一楼大厅叫号屏');
  // This workstation is listed as 本机, without a 撤销 button.
  const own = panel.getByRole('row').filter({ hasText: '（本机）' });
  await expect(own).toHaveCount(1);
  await expect(own.getByRole('button')).toHaveCount(0);

  const tvCtx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1920, height: 1080 } });
  try {
    const tv = await tvCtx.newPage();
    await tv.goto(`${hubUrl}/display`);
    await tv.getByLabel('叫号屏登记码').fill(code);
    await tv.getByRole('button', { name: '登记本屏' }).click();
    await expect(tv.getByLabel('叫号屏登记码')).toHaveCount(0, { timeout: 15_000 });

    await panel.getByRole('button', { name: '刷新列表' }).click();
    const row = panel.getByRole('row').filter({ hasText: '一楼大厅叫号屏' });
    await expect(row).toContainText('大厅叫号屏');
    await expect(row).toContainText('有效');
    await page.screenshot({ path: test.info().outputPath('hall-devices.png') });

    await row.getByRole('button', { name: '撤销 一楼大厅叫号屏' }).click();
    const dialog = page.getByRole('dialog', { name: '撤销 一楼大厅叫号屏' });
    await dialog.getByRole('button', { name: '确认撤销' }).click();
    await expect(dialog.getByRole('alert')).toContainText('请填写撤销原因');
    await dialog.getByLabel('撤销原因').fill('屏幕更换');
    await dialog.getByRole('button', { name: '确认撤销' }).click();
    await expect(panel.getByRole('status').filter({ hasText: '已撤销 一楼大厅叫号屏' })).toBeVisible();
    await expect(row).toContainText('已撤销（屏幕更换）');
    await expect(row.getByRole('button')).toHaveCount(0);

    // The TV's open push connection is closed by the hub; the page reloads to its enrolment form.
    await expect(tv.getByLabel('叫号屏登记码')).toBeVisible({ timeout: 15_000 });
  } finally {
    await tvCtx.close();
  }
});
