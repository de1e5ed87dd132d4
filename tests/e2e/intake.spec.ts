import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Download, Page } from '@playwright/test';
import { expect, login, signOn, test } from './fixtures';
import { DEMO, PNG_PAGE, standardIntake } from './flows/standard-intake';

async function pdfTextOf(d: Download): Promise<string> {
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wd-e2e-pdf-')), 'notice.pdf');
  await d.saveAs(p);
  expect(fs.readFileSync(p).subarray(0, 4).toString()).toBe('%PDF');
  return execFileSync('pdftotext', ['-layout', p, '-'], { encoding: 'utf8' });
}

async function saveNotice(page: Page, title: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `保存${title}` }).last().click()]);
  return pdfTextOf(d);
}

async function placeCard(page: Page, idNumber: string) {
  await page.getByLabel('模拟卡片证件号码（演示数据）').fill(idNumber);
  await page.getByRole('button', { name: '模拟放卡' }).click();
}

async function startAtIntake(page: Page, launchUrl: string) {
  await page.goto(launchUrl);
  await login(page, '1001', 'demo1001', '3号综合窗口');
  await page.getByRole('link', { name: /受理/ }).click();
  await expect(page.getByRole('heading', { name: '受理', exact: true })).toBeVisible();
}

async function companyDraft(page: Page, scenario = '新办（8 项材料）') {
  await placeCard(page, DEMO.personId);
  await expect(page.getByLabel('申请人姓名')).toHaveText('张伟');
  await page.getByRole('radio', { name: '单位' }).check();
  await page.getByLabel('统一社会信用代码').fill(DEMO.companyCode);
  await page.getByLabel('统一社会信用代码').press('Enter');
  await expect(page.getByLabel('单位名称', { exact: true })).toHaveValue(DEMO.companyName);
  await page.keyboard.press('Control+k');
  await page.keyboard.type('ztys');
  await expect(page.getByRole('option').first()).toContainText('建筑渣土运输处置证');
  await page.keyboard.press('Enter');
  await page.getByLabel('办理情形').selectOption({ label: scenario });
  await page.getByRole('button', { name: '开始收件' }).click();
  await expect(page.getByTestId('intake-state')).toHaveText('收件中');
}

const status = (page: Page, id: string) => page.getByTestId(`material-status-${id}`);

test.describe('intake (一窗受理 → 一口发证)', () => {
  test('a clerk without a ticket reads the card, exempts by e-licence, takes a signed commitment and a file, accepts with a notice', async ({ page, host }) => {
    await startAtIntake(page, host.launchUrl);
    await expect(page.getByTestId('intake-shortcuts')).toContainText('Ctrl+K');
    const [citizen] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: '打开群众屏' }).click()]);
    await expect(citizen.getByRole('heading', { name: '欢迎办事' })).toBeVisible();

    await companyDraft(page);
    // The full ID number is never shown.
    await expect(page.getByLabel('经办人证件号码')).toHaveCount(0);
    await expect(page.getByText(DEMO.personId)).toHaveCount(0);

    await expect(page.getByRole('table', { name: '电子证照' })).toContainText('SC-2026001');
    await expect(page.getByRole('table', { name: '电子证照' })).toContainText('上海市松江区市场监督管理局');
    await page.getByRole('checkbox', { name: '申请人已授权调用其电子证照' }).check();
    await page.getByRole('button', { name: '以电子证照免交（2 项）' }).click();
    await expect(status(page, 'M02')).toHaveText('电子证照免交');
    await expect(status(page, 'M03')).toHaveText('电子证照免交');
    await expect(citizen.getByRole('listitem').filter({ hasText: '营业执照' })).toContainText('电子证照免交');

    // Accepting now is refused with the missing materials named, and nothing changes.
    await page.getByRole('button', { name: '受理（Ctrl+Enter）' }).click();
    await expect(page.getByRole('alert').filter({ hasText: '还缺少材料' })).toContainText('建筑渣土运输处置证申请表');
    await expect(page.getByTestId('intake-state')).toHaveText('收件中');

    await page.getByLabel('运输车辆机动车行驶证 处理方式').selectOption({ label: '数据共享核验免交' });
    await expect(status(page, 'M04')).toHaveText('数据共享核验免交');

    // Commitment: the letter goes to the citizen screen, the applicant signs with the mouse.
    await page.getByLabel('运输车辆安装卫星定位及密闭装置的证明 处理方式').selectOption({ label: '告知承诺替代' });
    await expect(citizen.getByRole('heading', { name: '请阅读并签署告知承诺书' })).toBeVisible();
    await expect(citizen.getByText('· 运输车辆安装卫星定位及密闭装置的证明')).toBeVisible();
    await citizen.getByRole('button', { name: '确认并签名' }).click();
    await expect(citizen.getByRole('alert')).toHaveText('请先在签名板上签名。');
    await signOn(citizen);
    await expect(status(page, 'M05')).toHaveText('告知承诺替代');
    await expect(citizen.getByRole('listitem').filter({ hasText: '运输车辆安装卫星定位' })).toContainText('告知承诺替代');
    await expect(page.getByRole('group', { name: '告知承诺书' })).toBeVisible();

    await page.getByLabel('导入 建筑渣土运输处置证申请表').setInputFiles({ name: '申请表.png', mimeType: 'image/png', buffer: PNG_PAGE });
    await expect(status(page, 'M01')).toHaveText('已采集');
    await page.getByLabel('驾驶员名单及机动车驾驶证 处理方式').selectOption({ label: '已核验原件' });
    await expect(status(page, 'M06')).toHaveText('已核验原件');
    await page.getByLabel('企业安全生产管理制度 处理方式').selectOption({ label: '已核验原件' });
    await expect(status(page, 'M07')).toHaveText('已核验原件');

    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('intake-state')).toHaveText('已受理');
    const caseNumber = (await page.getByTestId('intake-case-number').textContent())!;
    expect(caseNumber).toMatch(/^SH-[A-Z0-9]+-\d{8}-\d{4}$/);
    await expect(citizen.getByRole('heading', { name: '已受理' })).toBeVisible();
    const text = await saveNotice(page, '受理通知书');
    expect(text).toContain('受理通知书');
    expect(text).toContain(caseNumber);

    // Progress look-up by the notice's QR payload.
    await page.getByRole('tab', { name: '办件与进度' }).click();
    await page.getByLabel('办件编号、扫描通知书二维码、证件号码或信用代码').fill(`WD-CASE:${caseNumber}`);
    await page.getByLabel('办件编号、扫描通知书二维码、证件号码或信用代码').press('Enter');
    await expect(page.getByRole('table', { name: '进度查询' })).toContainText('已受理');
    await expect(page.getByRole('table', { name: '进度查询' })).toContainText(caseNumber);
  });

  test('an instant item completes and its result is issued at the counter; a correction notice lists exactly what is missing', async ({ page, host }) => {
    await startAtIntake(page, host.launchUrl);
    await placeCard(page, DEMO.personId);
    await expect(page.getByLabel('申请人姓名')).toHaveText('张伟');
    await page.getByLabel('搜索事项（名称、拼音首字母或编码）').fill('GG-JB-0003');
    await page.getByLabel('搜索事项（名称、拼音首字母或编码）').press('Enter');
    await expect(page.getByTestId('intake-picked')).toContainText('电子证照打印及信息查询');
    await page.getByRole('button', { name: '开始收件' }).click();
    await page.getByLabel('持证人身份证明 处理方式').selectOption({ label: '数据共享核验免交' });
    await expect(status(page, 'M01')).toHaveText('数据共享核验免交');
    await page.getByRole('button', { name: '受理（Ctrl+Enter）' }).click();
    await expect(page.getByTestId('intake-state')).toHaveText('已办结');
    // The collector signs for the result on the citizen screen, then it is handed over.
    const [citizen] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: '打开群众屏' }).click()]);
    await page.getByRole('button', { name: '请领取人在群众屏签收' }).click();
    await expect(citizen.getByRole('heading', { name: '请确认领取并签名' })).toBeVisible();
    await signOn(citizen);
    await expect(page.getByRole('status').filter({ hasText: '领取人已签收' })).toBeVisible();
    await page.getByRole('button', { name: '当场出件（一口发证）' }).click();
    await expect(page.getByTestId('intake-state')).toHaveText('已出件');
    const caseNumber = (await page.getByTestId('intake-case-number').textContent())!;
    const receipt = await saveNotice(page, '领取回执');
    expect(receipt).toContain('领取回执');
    expect(receipt).toContain(caseNumber);

    // Bad input: a typed ID number that fails its check.
    await page.getByRole('button', { name: '办理下一件' }).click();
    await page.getByLabel('申请人姓名').fill('李四');
    await page.getByLabel('申请人证件号码').fill('310117198206150315');
    await page.getByLabel('申请人证件号码').press('Enter');
    await expect(page.getByRole('alert').first()).toContainText('证件号码校验不通过');
    await page.getByLabel('申请人证件号码').fill('');

    await companyDraft(page);
    await page.getByRole('checkbox', { name: '申请人已授权调用其电子证照' }).check();
    await page.getByRole('button', { name: '以电子证照免交（2 项）' }).click();
    await expect(status(page, 'M03')).toHaveText('电子证照免交');
    await page.getByRole('button', { name: '出具补正告知书' }).click();
    await expect(page.getByTestId('intake-state')).toHaveText('待补正');
    const text = (await saveNotice(page, '补正材料一次性告知书')).replace(/\s+/g, '');
    expect(text).toContain('补正材料一次性告知书');
    for (const missing of ['建筑渣土运输处置证申请表', '运输车辆机动车行驶证', '运输车辆安装卫星定位及密闭装置的证明', '驾驶员名单及机动车驾驶证', '企业安全生产管理制度']) {
      expect(text).toContain(missing);
    }
    expect(text).not.toContain('营业执照');
    expect(text).not.toContain('道路运输经营许可证');
  });

  test('the standard intake flow stays within a sane number of clerk actions', async ({ page, host }) => {
    await startAtIntake(page, host.launchUrl);
    const { actions, caseNumber } = await standardIntake(page);
    expect(caseNumber).toMatch(/^SH-/);
    await expect(page.getByTestId('intake-state')).toHaveText('已受理');
    expect(actions.total).toBeGreaterThan(5);
    expect(actions.total).toBeLessThanOrEqual(20);
  });
});
