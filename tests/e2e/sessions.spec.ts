import { expect, login, test } from './fixtures';

const SHOTS = process.env.WD_SHOTS_DIR;

test.use({ viewport: { width: 1920, height: 1080 } });

test.describe('staff sessions', () => {
  test('锁屏 and the idle lock cover the page without losing what was typed; the password unlocks it', async ({ page, host }) => {
    await page.clock.install();
    await page.goto(host.launchUrl);
    await login(page, '1001', 'demo1001', '3号综合窗口');
    await expect(page.getByRole('heading', { name: '叫号' })).toBeVisible();
    const checkIn = page.getByRole('form', { name: '预约签到' });
    await checkIn.getByLabel('签到方式').selectOption({ label: '姓名 + 手机号' });
    await checkIn.getByRole('textbox', { name: '姓名' }).fill('张伟');
    await checkIn.getByRole('textbox', { name: '手机号' }).fill('1381234');

    // 15 minutes without a key or a call: the renderer locks (and main agrees).
    await page.clock.fastForward('15:10');
    const lock = page.getByRole('dialog', { name: '屏幕已锁定' });
    await expect(lock).toBeVisible();
    await expect(lock).toContainText('王敏（工号 1001） · 3号综合窗口');
    await expect(lock).toContainText('15 分钟无操作');
    // The page underneath is inert (out of the accessibility tree too): the keyboard does not reach it.
    await expect(page.getByRole('heading', { name: '叫号' })).toHaveCount(0);
    await page.keyboard.press('Alt+5');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/lock-overlay.png` });

    await lock.getByLabel('密码').fill('wrong');
    await lock.getByRole('button', { name: '解锁' }).click();
    await expect(lock.getByRole('alert')).toHaveText('工号或密码不正确。还剩 4 次尝试，之后账号将锁定 15 分钟。');
    await lock.getByLabel('密码').fill('demo1001');
    await lock.getByRole('button', { name: '解锁' }).click();
    await expect(lock).toHaveCount(0);
    await expect(page.getByRole('heading', { name: '叫号' })).toBeVisible();
    await expect(checkIn.getByRole('textbox', { name: '姓名' })).toHaveValue('张伟');
    await expect(checkIn.getByRole('textbox', { name: '手机号' })).toHaveValue('1381234');

    // 锁屏 by hand, and a reload does not unlock.
    await page.getByRole('button', { name: '锁屏' }).click();
    await expect(lock).toBeVisible();
    await page.reload();
    await expect(page.getByRole('dialog', { name: '屏幕已锁定' })).toBeVisible();
    await page.getByRole('dialog', { name: '屏幕已锁定' }).getByLabel('密码').fill('demo1001');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog', { name: '屏幕已锁定' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: '叫号' })).toBeVisible();
  });

  test('a second clerk at a held counter is asked to take it over; the first is told', async ({ browser, host }) => {
    const first = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await first.goto(host.launchUrl);
    await login(first, '1001', 'demo1001', '5号综合窗口');
    await expect(first.getByRole('heading', { name: '叫号' })).toBeVisible();

    const second = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await second.goto(host.launchUrl);
    await second.getByLabel('工号').fill('1002');
    await second.getByLabel('密码').fill('demo1002');
    await second.getByLabel('窗口').selectOption({ label: '5号综合窗口' });
    await second.getByLabel('密码').press('Enter');
    const ask = second.getByRole('alertdialog', { name: '接管窗口' });
    await expect(ask).toContainText('该窗口已由 王敏 登录，是否接管？');
    if (SHOTS) await second.screenshot({ path: `${SHOTS}/takeover-dialog.png` });
    // 取消 leaves everything as it was.
    await ask.getByRole('button', { name: '取消' }).click();
    await expect(ask).toHaveCount(0);
    await expect(first.getByRole('heading', { name: '叫号' })).toBeVisible();

    await second.getByLabel('密码').fill('demo1002');
    await second.getByLabel('密码').press('Enter');
    await ask.getByRole('button', { name: '接管' }).click();
    await expect(second.getByTestId('status-staff')).toContainText('李强');
    await expect(first.getByRole('heading', { name: '工作人员登录' })).toBeVisible();
    await expect(first.getByRole('status')).toHaveText('您的窗口已被 李强 接管，本次登录已结束。');
    if (SHOTS) await first.screenshot({ path: `${SHOTS}/taken-over.png` });
    await first.context().close();
    await second.context().close();
  });

  test('a citizen screen opened by hand pairs with the code shown on the clerk\'s screen', async ({ browser, host }) => {
    const clerk = await (await browser.newContext()).newPage();
    await clerk.goto(host.launchUrl);
    await login(clerk, '1001', 'demo1001', '6号综合窗口');
    const screen = await (await browser.newContext()).newPage();
    await screen.goto(`${host.launchUrl}#/citizen/counter-6`);
    await expect(screen.getByRole('heading', { name: '群众屏配对' })).toBeVisible();
    await screen.getByLabel('配对码').fill('000000');
    await screen.getByRole('button', { name: '配对' }).click();
    await expect(screen.getByRole('alert')).toContainText('配对码');

    await clerk.getByRole('button', { name: '群众屏配对码' }).click();
    const code = (await clerk.getByTestId('pairing-code').textContent())!;
    expect(code).toMatch(/^\d{6}$/);
    if (SHOTS) await clerk.screenshot({ path: `${SHOTS}/pairing-code.png` });
    await screen.getByLabel('配对码').fill(code);
    await screen.getByRole('button', { name: '配对' }).click();
    await expect(screen.getByRole('heading', { name: '欢迎办事' })).toBeVisible();
    await expect(screen.getByText('工作人员：王敏')).toBeVisible();
    // A reload keeps the pairing (the binding stays in the tab); the spent code pairs nobody else.
    await screen.reload();
    await expect(screen.getByRole('heading', { name: '欢迎办事' })).toBeVisible();
    const other = await (await browser.newContext()).newPage();
    await other.goto(`${host.launchUrl}#/citizen/counter-6`);
    await other.getByLabel('配对码').fill(code);
    await other.getByRole('button', { name: '配对' }).click();
    await expect(other.getByRole('alert')).toContainText('配对码已失效');
    for (const p of [clerk, screen, other]) await p.context().close();
  });
});
