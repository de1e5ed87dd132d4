import { expect, login, test } from './fixtures';

test.describe('foundation', () => {
  test('a demo clerk logs in at a counter, opens the citizen screen, and logs out', async ({ page, host }) => {
    await page.goto(host.launchUrl);
    await expect(page.getByRole('heading', { name: '工作人员登录' })).toBeVisible();
    await expect(page).not.toHaveURL(/code=|token=/);
    await login(page, '1001', 'demo1001', '3号综合窗口');

    await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '叫号' })).toBeVisible();
    await expect(page.getByTestId('current-counter')).toHaveText('当前窗口：3号综合窗口');
    await expect(page.getByTestId('status-staff')).toContainText('王敏');
    await expect(page.getByTestId('status-counter')).toContainText('3号综合窗口');
    // A clerk has no hall monitor.
    await expect(page.getByRole('link', { name: /大厅监控/ })).toHaveCount(0);

    const [citizen] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: '打开群众屏' }).click()]);
    await expect(citizen.getByRole('heading', { name: '欢迎办事' })).toBeVisible();
    await expect(citizen.getByText('3 号窗口')).toBeVisible();
    await page.getByRole('button', { name: '群众屏显示欢迎' }).click();
    await expect(citizen.getByText('工作人员：王敏')).toBeVisible();

    // Keyboard-first: settings is Alt+5 for every role (keys do not shift with the role's sections).
    await page.keyboard.press('Alt+5');
    await expect(page.getByRole('heading', { name: '设置' })).toBeVisible();

    await page.getByRole('button', { name: '退出登录' }).click();
    await expect(page.getByRole('heading', { name: '工作人员登录' })).toBeVisible();
  });

  test('five wrong passwords lock the account, and a supervisor sees it in the audit log', async ({ page, host }) => {
    await page.goto(host.launchUrl);
    // An empty form gets our Chinese message, not the browser's validation bubble.
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert')).toHaveText('请输入工号。');
    for (let i = 1; i <= 4; i++) {
      await login(page, '1002', `wrong-${i}`);
      await expect(page.getByRole('alert')).toHaveText(`工号或密码不正确。还剩 ${5 - i} 次尝试，之后账号将锁定 15 分钟。`);
    }
    await login(page, '1002', 'wrong-5');
    await expect(page.getByRole('alert')).toContainText('账号已锁定');
    await login(page, '1002', 'demo1002');
    await expect(page.getByRole('alert')).toContainText('锁定');

    await login(page, '3001', 'demo3001');
    await expect(page.getByRole('link', { name: /大厅监控/ })).toBeVisible();
    // From 1 November a supervisor is told when next year's holiday arrangement is not imported yet.
    const year = new Date().getFullYear();
    if (new Date().getMonth() >= 10) await expect(page.getByRole('note')).toContainText(`${year + 1}年放假安排尚未导入`);
    await page.getByRole('link', { name: /设置/ }).click();
    const staffRow = page.getByRole('region', { name: '工作人员' }).getByRole('row', { name: /李强/ });
    await expect(staffRow).toContainText('已锁定');
    // The audit viewer names people and actions in Chinese, not staff ids, roles or call codes.
    const audit = page.getByRole('region', { name: '审计日志' });
    await expect(audit.getByRole('row', { name: /账号锁定/ }).first()).toContainText('李强（1002）');
    await expect(audit).not.toContainText('session.login');
    await page.getByRole('button', { name: '校验审计日志完整性' }).click();
    await expect(page.getByRole('status')).toContainText('审计日志完整');
    await page.getByRole('button', { name: '解锁 李强' }).click();
    await expect(staffRow).toContainText('正常');
  });
});
