import { expect, type Page } from '@playwright/test';

/** Counts what a clerk does: clicks, key presses, fills (and file choices). */
export class ActionCounter {
  clicks = 0;
  keys = 0;
  fills = 0;
  get total(): number {
    return this.clicks + this.keys + this.fills;
  }
}

export const DEMO = {
  personId: '310117198206150314',
  companyCode: '91310117MA1J3K5P28',
  companyName: '上海松沪渣土运输有限公司',
} as const;

/** A 1×1 PNG, enough for a page image the host assembles into the material PDF. */
export const PNG_PAGE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * The standard intake at a counter, on the intake screen with no ticket: the applicant's ID card
 * (simulated reader), the company, the item found by pinyin initials, five materials of which
 * two are exempt (an e-licence and a data-sharing check), one imported file, one original
 * sighted, the conditional one left as not applicable, then 受理 by keyboard.
 * Returns the action count and the case number.
 */
export async function standardIntake(page: Page): Promise<{ actions: ActionCounter; caseNumber: string }> {
  const n = new ActionCounter();
  const click = async (role: Parameters<Page['getByRole']>[0], name: string) => {
    n.clicks++;
    await page.getByRole(role, { name, exact: true }).click();
  };
  const fill = async (label: string, value: string) => {
    n.fills++;
    await page.getByLabel(label, { exact: true }).fill(value);
  };
  const press = async (key: string) => {
    n.keys++;
    await page.keyboard.press(key);
  };
  const choose = async (label: string, option: string) => {
    n.clicks++;
    await page.getByLabel(label).selectOption({ label: option });
  };

  // The applicant places the card (the simulated reader stands in for it); the form fills by itself.
  await fill('模拟卡片证件号码（演示数据）', DEMO.personId);
  await click('button', '模拟放卡');
  await expect(page.getByLabel('申请人姓名')).toHaveText('张伟');

  await click('radio', '单位');
  await fill('统一社会信用代码', DEMO.companyCode);
  await press('Enter');
  await expect(page.getByLabel('单位名称', { exact: true })).toHaveValue(DEMO.companyName);

  await press('Control+k');
  n.fills++;
  await page.keyboard.type('ztys');
  await page.getByRole('option', { name: /建筑渣土运输处置证/ }).first().waitFor();
  await press('Enter');
  await choose('办理情形', '延续（5 项材料）');
  await click('button', '开始收件');

  await page.getByRole('table', { name: '电子证照' }).waitFor();
  await click('checkbox', '申请人已授权调用其电子证照');
  await click('button', '以电子证照免交（1 项）');
  await expect(page.getByTestId('material-status-M08')).toHaveText('电子证照免交');

  await choose('运输车辆机动车行驶证 处理方式', '数据共享核验免交');
  await expect(page.getByTestId('material-status-M04')).toHaveText('数据共享核验免交');

  n.fills++;
  await page.getByLabel('导入 建筑渣土运输处置证申请表').setInputFiles({ name: '申请表.png', mimeType: 'image/png', buffer: PNG_PAGE });
  await expect(page.getByTestId('material-status-M01')).toHaveText('已采集');

  await choose('运输车辆安装卫星定位及密闭装置的证明 处理方式', '已核验原件');
  await expect(page.getByTestId('material-status-M05')).toHaveText('已核验原件');

  await press('Control+Enter');
  const num = page.getByTestId('intake-case-number');
  await num.waitFor();
  return { actions: n, caseNumber: (await num.textContent()) ?? '' };
}
