import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, login, test } from './fixtures';
import { DEMO } from './flows/standard-intake';

/** A counter monitor: everything of 受理 on one screen, and the check-in field one key away. */
test.use({ viewport: { width: 1920, height: 1080 } });

/** The one message beside a field, named by its aria-describedby (null: the field is valid and describes no error). */
async function expectFieldError(field: Locator, message: string | RegExp | null): Promise<void> {
  if (message === null) {
    await expect(field).not.toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription('');
    return;
  }
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(message);
}

/** Nothing of the page lies below the viewport, and no column hides content behind a scroll bar. */
async function fitsOneScreen(page: Page): Promise<void> {
  const m = await page.evaluate(() => {
    const over = (sel: string) => Array.from(document.querySelectorAll(sel)).filter((e) => e.scrollHeight > e.clientHeight + 1).map((e) => e.className);
    return { doc: document.documentElement.scrollHeight, inner: window.innerHeight, overflowing: over('.intake-col, .intake-checklist, main.content') };
  });
  expect(m.inner).toBe(1080);
  expect(m.doc, 'document height').toBeLessThanOrEqual(1080);
  expect(m.overflowing, 'scrolled regions').toEqual([]);
}

async function inViewport(page: Page, l: Locator): Promise<void> {
  const box = (await l.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(page.viewportSize()!.height);
}

test('叫号: the check-in ID field has the focus on opening, after a check-in and on Alt+I from any page', async ({ page, host }) => {
  await page.goto(host.launchUrl);
  await login(page, '1001', 'demo1001', '3号综合窗口');
  await expect(page.getByRole('heading', { level: 1, name: '叫号' })).toBeVisible();
  const id = page.getByRole('textbox', { name: '身份证号' });
  // No Tab at all from the page's opening; the label shows the key.
  await expect(id).toBeFocused();
  await expect(id).toHaveAttribute('aria-keyshortcuts', 'Alt+I');
  await expect(page.locator('label').filter({ has: id })).toContainText('Alt+I');

  // Elsewhere on 叫号: one key back.
  await page.getByRole('button', { name: '取号', exact: true }).focus();
  await page.keyboard.press('Alt+i');
  await expect(id).toBeFocused();

  // After a check-in (here refused: a bad check digit) the focus is back in the field.
  await id.fill('310117198206150315');
  await page.getByRole('button', { name: '签到', exact: true }).click();
  await expect(page.getByTestId('queue-form-result')).toBeVisible();
  await expect(id).toBeFocused();

  // From 受理, with the other method chosen: Alt+I opens 叫号 on the ID field.
  await page.getByLabel('签到方式').selectOption({ label: '预约码' });
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('heading', { level: 1, name: '受理' })).toBeVisible();
  await page.keyboard.press('Alt+i');
  await expect(page).toHaveURL(/\/queue$/);
  await expect(id).toBeFocused();
});

test('受理 fits 1920×1080 with the largest demo item: decision bar in view, search focused, one error per field, the latest action error only', async ({ page, host }, testInfo) => {
  await page.goto(host.launchUrl);
  await login(page, '1001', 'demo1001', '3号综合窗口');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /^受理/ }).click();
  const search = page.getByRole('combobox', { name: /搜索事项/ });
  await expect(search).toBeFocused();
  await fitsOneScreen(page);

  // 开始收件 with nothing filled in: the item's message beside the search, the applicant's in the page area.
  await page.getByRole('button', { name: '开始收件' }).click();
  await expectFieldError(search, '请先选择事项和办理情形。');
  await expect(page.getByTestId('intake-page-error')).toHaveText('请读取申请人身份证，或输入姓名和证件号码。');

  // A typed ID number with a bad check digit: its error beside it, once however often Enter is pressed.
  const idField = page.getByLabel('申请人证件号码');
  await page.getByLabel('申请人姓名').fill('张伟');
  await idField.fill('310117198206150315');
  await idField.press('Enter');
  await idField.press('Enter');
  await expectFieldError(idField, /证件号码校验不通过/);
  await expect(page.getByText('证件号码校验不通过')).toHaveCount(1);
  await expectFieldError(page.getByLabel('申请人姓名'), null);
  // 18 digits show whole in the field.
  expect(await idField.evaluate((e: HTMLInputElement) => e.scrollWidth <= e.clientWidth)).toBe(true);
  // Fixed: the message goes as the last digit is corrected, before anything is pressed.
  await idField.fill(DEMO.personId);
  await expectFieldError(idField, null);
  await expect(page.getByText('证件号码校验不通过')).toHaveCount(0);
  await idField.press('Enter');
  await expect(page.getByLabel('申请人姓名')).toHaveText('张伟');

  // The largest item of the demo catalog (8 materials), for a company with e-licences.
  await page.getByRole('radio', { name: '单位' }).check();
  await page.getByLabel('统一社会信用代码').fill(DEMO.companyCode);
  await page.getByLabel('统一社会信用代码').press('Enter');
  await expect(page.getByLabel('单位名称', { exact: true })).toHaveValue(DEMO.companyName);
  await page.keyboard.press('Control+k');
  await page.keyboard.type('ztys');
  await expect(page.getByRole('option').first()).toContainText('建筑渣土运输处置证');
  await page.keyboard.press('Enter');
  await expectFieldError(search, null); // fixed by choosing the item
  await page.getByLabel('办理情形').selectOption({ label: '新办（8 项材料）' });
  await page.getByRole('button', { name: '开始收件' }).click();
  await expect(page.getByTestId('intake-state')).toHaveText('收件中');
  await expect(page.locator('tr[data-testid^="material-"]')).toHaveCount(8);
  await expect(page.getByRole('table', { name: '电子证照' })).toContainText('SC-2026001');
  await expect(page.getByTestId('intake-page-error')).toHaveCount(0); // the latest action succeeded

  await fitsOneScreen(page);
  const bar = page.getByRole('region', { name: '受理决定' });
  await inViewport(page, bar);
  await inViewport(page, page.getByRole('button', { name: '受理（Ctrl+Enter）' }));
  await inViewport(page, page.getByRole('button', { name: '不予受理', exact: true }));
  await inViewport(page, page.getByRole('button', { name: '出具补正告知书' }));
  await page.screenshot({ path: path.join(testInfo.project.outputDir, 'screens', 'intake-fit-case-clerk.png') });

  // The page area holds the latest action's error only: refused twice, shown once; another error replaces it.
  await page.keyboard.press('Control+Enter');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('intake-page-error')).toContainText('还缺少材料');
  await expect(page.getByRole('alert').filter({ hasText: '还缺少材料' })).toHaveCount(1);
  await page.getByLabel('营业执照 处理方式').selectOption({ label: '电子证照免交' });
  await expect(page.getByTestId('intake-page-error')).toHaveText('请在左侧“电子证照”中确认申请人授权后免交。');
  await expect(page.getByText('还缺少材料')).toHaveCount(0);
  // A success clears it.
  await page.getByLabel('企业安全生产管理制度 处理方式').selectOption({ label: '已核验原件' });
  await expect(page.getByTestId('material-status-M07')).toHaveText('已核验原件');
  await expect(page.getByTestId('intake-page-error')).toHaveCount(0);

  // 不予受理 without a reason: each field says what it lacks beside it, and loses it once filled.
  await page.getByRole('button', { name: '不予受理', exact: true }).click();
  await page.getByRole('button', { name: '确认不予受理' }).click();
  const reason = page.getByLabel('不予受理理由');
  const basis = page.getByLabel('法律依据');
  await expectFieldError(reason, '请填写不予受理理由（至少 2 个字）。');
  await expectFieldError(basis, '请填写法律依据（至少 2 个字）。');
  await expect(page.getByTestId('intake-state')).toHaveText('收件中');
  await reason.fill('申请事项不属于本机关职权范围');
  await expectFieldError(reason, null);
  await expectFieldError(basis, '请填写法律依据（至少 2 个字）。');
  await inViewport(page, page.getByRole('button', { name: '确认不予受理' }));
  await fitsOneScreen(page);
  await page.screenshot({ path: path.join(testInfo.project.outputDir, 'screens', 'intake-fit-reject-clerk.png') });
});

test('an item code typed (or scanned) and Enter pressed before the search answers still picks the item', async ({ page, host }) => {
  await page.goto(host.launchUrl);
  await login(page, '1001', 'demo1001', '3号综合窗口');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /^受理/ }).click();
  const search = page.getByRole('combobox', { name: /搜索事项/ });
  await expect(search).toBeFocused();
  // One burst, as a barcode scanner sends it: the search's answer cannot have come before the Enter.
  await page.keyboard.insertText('GG-JB-0003');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('intake-picked')).toContainText('电子证照打印及信息查询');
  await expect(search).toHaveValue('');
});

test('the top bar stays one line on a 1366×768 counter monitor, for a clerk and for a supervisor', async ({ page, host }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  for (const [no, counter] of [['1001', '3号综合窗口'], ['3001', undefined]] as const) {
    await page.goto(host.launchUrl);
    await login(page, no, `demo${no}`, counter);
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.waitFor();
    const m = await page.locator('header.top-bar').evaluate((bar) => ({
      overflow: bar.scrollWidth - bar.clientWidth,
      // Every link and button on one line: no box of its text starts below where another ends.
      wrapped: Array.from(bar.querySelectorAll('a, button, .product')).filter((e) => {
        const r = document.createRange();
        r.selectNodeContents(e);
        const boxes = Array.from(r.getClientRects()).filter((b) => b.width > 0);
        return boxes.length > 0 && Math.max(...boxes.map((b) => b.top)) >= Math.min(...boxes.map((b) => b.bottom));
      }).map((e) => e.textContent),
    }));
    expect(m, no).toEqual({ overflow: 0, wrapped: [] });
    await expect(nav.getByRole('link', { name: /^受理/ })).toBeInViewport();
    await page.getByRole('button', { name: '退出登录' }).click();
  }
});
