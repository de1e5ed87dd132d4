import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { expect, login, test } from './fixtures';
import { DEMO } from './flows/standard-intake';

/**
 * Walks every page as every role that can see it, at the 1920×1080 of a counter monitor:
 * no Latin word on screen outside a short allowlist, no serious or critical axe violation,
 * and a screenshot per page and role in test-results/screens/ for a reviewer to look at.
 */

test.use({ viewport: { width: 1920, height: 1080 } });

/**
 * Latin words a Chinese hall legitimately shows. Each entry is there for a reason:
 * - keys printed on the keyboard, because a shortcut hint names the key the clerk presses;
 * - names of standards and devices the hall's technicians know by those names (no Chinese word is used for them);
 * - codes the clerk types as they are: case-number prefixes (SH-…, WD-CASE:…) and the pinyin-initials
 *   example of the item search (its label says 拼音首字母).
 * Tokens with a digit (ticket numbers A012, case numbers, device models, addresses), single capitals
 * (a stream's ticket letter, the K of Ctrl+K) and device numbers are codes, matched in isAllowed rather than listed.
 */
const ALLOWED_WORDS = new Set([
  // keys
  'Alt', 'Ctrl', 'Shift', 'Enter', 'Esc', 'Tab',
  // standards and devices
  'CUPS', 'SANE', 'USB', 'HID', 'PDF', 'QR', 'ID', 'IC', 'OCR', 'ESC/POS', 'GB/T',
  // the spreadsheet format every office knows by this name (导出 Excel)
  'Excel',
  // units
  'mm', 'KB', 'MB', 'GB', 'dpi',
  // codes typed as they are
  'SH', 'WD-CASE', 'ztys',
]);

/** A device number (设备编号) as the hub issues it and its CLI takes it (`npm run hub -- revoke workstation-…`). */
const DEVICE_ID = /^(workstation|kiosk|display)-[0-9a-z]{8}$/;

function isAllowed(word: string): boolean {
  return ALLOWED_WORDS.has(word) || /\d/.test(word) || /^[A-Z]$/.test(word) || DEVICE_ID.test(word);
}

/** Visible text plus the names the accessibility tree and tooltips give out (title, placeholder, aria-label). */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = [document.title, document.body.innerText];
    for (const el of Array.from(document.querySelectorAll('[title], [placeholder], [aria-label]'))) {
      for (const attr of ['title', 'placeholder', 'aria-label']) {
        const v = el.getAttribute(attr);
        if (v) parts.push(v);
      }
    }
    return parts.join('\n');
  });
}

function latinWords(text: string): string[] {
  // A token runs over letters, digits and the joiners of codes and addresses (fi-7160, 10c4:0007, 127.0.0.1:80/x).
  const tokens = text.match(/[A-Za-z0-9](?:[A-Za-z0-9/_.:-]*[A-Za-z0-9])?/g) ?? [];
  return [...new Set(tokens.filter((w) => /[A-Za-z]/.test(w) && !isAllowed(w)))];
}

/** Waits until the page stops changing (data arrives over the socket, so network idleness says nothing). */
async function settle(page: Page): Promise<void> {
  let last = '';
  await expect
    .poll(async () => {
      const now = await page.evaluate(() => document.body.innerText);
      const same = now === last;
      last = now;
      return same;
    }, { intervals: [300, 300, 500, 500, 1000] })
    .toBe(true);
}

/**
 * Controls the browser would validate with its own (English or system-language) bubble: any constraint
 * attribute in a form that has not opted out with noValidate. Our own Chinese messages must do that job.
 */
async function nativeValidation(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('form:not([novalidate]) :is([required], [pattern], [min], [max], [minlength], input[type="email"], input[type="url"])')).map(
      (el) => el.outerHTML.slice(0, 120),
    ),
  );
}

async function check(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await settle(page);
  await page.screenshot({ path: path.join(testInfo.project.outputDir, 'screens', `${name}.png`) });
  const latin = latinWords(await visibleText(page));
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join('\n    ')}`);
  expect.soft(latin, `Latin words on ${name}`).toEqual([]);
  expect.soft(bad, `axe violations on ${name}`).toEqual([]);
  expect.soft(await nativeValidation(page), `controls left to the browser's validation bubble on ${name}`).toEqual([]);
  expect.soft(await page.evaluate(() => [...new Set((window as unknown as { cspRefused?: string[] }).cspRefused ?? [])]), `refused by the CSP on ${name}`).toEqual([]);
}

interface Role {
  role: string;
  staffNo: string;
  counter?: string;
}

const ROLES: Role[] = [
  { role: 'clerk', staffNo: '1001', counter: '3号综合窗口' },
  { role: 'assistant', staffNo: '2001' },
  { role: 'supervisor', staffNo: '3001' },
  { role: 'admin', staffNo: '9001' },
];

/** Page name in the screenshot file, navigation label, and heading (the same words unless said). */
const PAGES: Array<{ name: string; label: string; heading?: string }> = [
  { name: 'queue', label: '叫号' },
  { name: 'intake', label: '受理' },
  { name: 'assist', label: '帮办' },
  { name: 'monitor', label: '大厅监控' },
  { name: 'settings', label: '设置' },
  { name: 'rating', label: '好差评' },
  { name: 'reports', label: '日动态/月动态', heading: '日动态 / 月动态' },
  { name: 'sync', label: '同步' },
];

/**
 * Every page records what its Content Security Policy refused (a font, an image, a script): a
 * refusal is a part of the page that silently did not load (small font subsets inlined as data:
 * URLs once were, and their glyphs fell back to another font).
 */
test.beforeEach(async ({ context }) => {
  await context.addInitScript(() => {
    const w = window as unknown as { cspRefused: string[] };
    w.cspRefused = [];
    document.addEventListener('securitypolicyviolation', (e) => w.cspRefused.push(`${e.effectiveDirective} ${e.blockedURI.slice(0, 40)}`));
  });
});

test('the login page', async ({ page, host }, testInfo) => {
  await page.goto(host.launchUrl);
  await expect(page.getByRole('heading', { name: '工作人员登录' })).toBeVisible();
  await check(page, testInfo, 'login-public');
  // The empty form's message is ours, in Chinese, and the page still passes.
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await check(page, testInfo, 'login-error-public');
});

test('the self-service kiosk, its messages and its ticket', async ({ page, host }, testInfo) => {
  await page.goto(`${host.launchUrl}#/kiosk`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await check(page, testInfo, 'kiosk-public');
  // A wrong check digit is told in Chinese, with no field name or validator wording.
  await page.getByLabel('身份证号', { exact: true }).fill('310117198206150315');
  await page.getByRole('button', { name: '签到' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await check(page, testInfo, 'kiosk-error-public');
  // A walk-in's card read (simulated reader, said on screen): greeted by masked name, asked to choose.
  await page.getByLabel(/模拟放卡/).fill('31011919800101168X');
  await page.getByRole('button', { name: '读身份证' }).click();
  await expect(page.getByRole('status')).toContainText('您今天没有预约');
  await check(page, testInfo, 'kiosk-card-public');
  await page.locator('.kiosk-stream').first().click();
  await expect(page.getByTestId('kiosk-ticket')).toBeVisible();
  await check(page, testInfo, 'kiosk-ticket-public');
});

for (const r of ROLES) {
  test(`every page as ${r.role}`, async ({ page, host }, testInfo) => {
    await page.goto(host.launchUrl);
    await login(page, r.staffNo, `demo${r.staffNo}`, r.counter);
    const nav = page.getByRole('navigation', { name: '主导航' });
    await expect(nav).toBeVisible();
    let seen = 0;
    for (const p of PAGES) {
      const link = nav.getByRole('link', { name: new RegExp(`^${p.label}`) });
      if ((await link.count()) === 0) continue;
      seen++;
      await link.click();
      await expect(page.getByRole('heading', { level: 1, name: p.heading ?? p.label })).toBeVisible();
      await check(page, testInfo, `${p.name}-${r.role}`);
      // The page starts under the top bar and any note band: a band once took the stretch and pushed a short page to the bottom.
      expect.soft((await page.locator('main.content').boundingBox())!.y, `top of ${p.name} as ${r.role}`).toBeLessThan(160);
      if (p.name === 'intake') {
        await page.getByRole('tab', { name: '办件与进度' }).click();
        await check(page, testInfo, `intake-cases-${r.role}`);
      }
    }
    expect(seen, 'pages this role sees').toBeGreaterThan(0);
  });
}

test('a clerk serving an applicant, and the citizen screen', async ({ page, host }, testInfo) => {
  await page.goto(host.launchUrl);
  await login(page, '1001', 'demo1001', '3号综合窗口');
  await expect(page.getByRole('heading', { level: 1, name: '叫号' })).toBeVisible();
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: '打开群众屏' }).click()]);
  const citizenUrl = popup.url();
  await popup.close();
  const citizen = await page.context().newPage();
  await citizen.setViewportSize({ width: 1920, height: 1080 });
  await citizen.goto(citizenUrl);
  await expect(citizen.getByRole('heading', { name: '欢迎办事' })).toBeVisible();
  await check(citizen, testInfo, 'citizen-welcome');

  // A walk-in takes a ticket and F1 calls it: the queue page, the citizen screen and 受理 now show a ticket.
  await page.bringToFront();
  await page.getByRole('button', { name: '取号', exact: true }).click();
  await expect(page.getByText('当前没有可叫的号。')).toHaveCount(0);
  await page.keyboard.press('F1');
  await expect(citizen.getByTestId('citizen-called')).toBeVisible();
  await check(page, testInfo, 'queue-serving-clerk');
  await check(citizen, testInfo, 'citizen-called');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /^受理/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '受理' })).toBeVisible();
  await check(page, testInfo, 'intake-serving-clerk');

  // F5 starts serving and F5 again finishes: the citizen screen's serving and thank-you states.
  await page.keyboard.press('Alt+1');
  await expect(page.getByRole('heading', { level: 1, name: '叫号' })).toBeVisible();
  await page.keyboard.press('F5');
  await expect(citizen.getByTestId('citizen-serving')).toBeVisible();
  await check(citizen, testInfo, 'citizen-serving');
  await page.keyboard.press('F5');
  await expect(citizen.getByTestId('citizen-finished')).toBeVisible();
  await check(citizen, testInfo, 'citizen-finished');
});

test('a case on the intake workbench, and an empty 不予受理 reason', async ({ page, host }, testInfo) => {
  await page.goto(host.launchUrl);
  await login(page, '1001', 'demo1001', '3号综合窗口');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /^受理/ }).click();
  await page.getByLabel('模拟卡片证件号码（演示数据）').fill(DEMO.personId);
  await page.getByRole('button', { name: '模拟放卡' }).click();
  await expect(page.getByLabel('申请人姓名')).toHaveText('张伟');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('ztys');
  await expect(page.getByRole('option').first()).toBeVisible();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: '开始收件' }).click();
  await expect(page.getByTestId('intake-state')).toHaveText('收件中');
  await check(page, testInfo, 'intake-case-clerk');
  await page.getByRole('button', { name: '不予受理', exact: true }).click();
  await page.getByRole('button', { name: '确认不予受理' }).click();
  await expect(page.getByRole('alert').first()).toBeVisible();
  await check(page, testInfo, 'intake-reject-error-clerk');
});
