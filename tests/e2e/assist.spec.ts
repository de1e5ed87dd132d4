import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { LEDGER_COLUMNS } from '../../main/core/assist/ledger';
import { expect, login, test } from './fixtures';

const SHOTS = process.env.WD_SHOTS_DIR;
const VIEW = { viewport: { width: 1920, height: 1080 } };

test.describe('assistance (帮办) end to end', () => {
  test('a clerk presses 求助; an assistant elsewhere accepts, arrives and closes it; the ledger and its .xlsx show it', async ({ browser, host }) => {
    const assistant = await (await browser.newContext({ ...VIEW, acceptDownloads: true })).newPage();
    await assistant.goto(host.launchUrl);
    await login(assistant, '2001', 'demo2001');
    await expect(assistant.getByRole('heading', { name: '帮办', level: 1 })).toBeVisible();
    await expect(assistant.getByText('当前没有求助。')).toBeVisible();

    const clerk = await (await browser.newContext(VIEW)).newPage();
    await clerk.goto(host.launchUrl);
    await login(clerk, '1001', 'demo1001', '3号综合窗口');
    await expect(clerk.getByRole('heading', { name: '叫号' })).toBeVisible();
    // F8 from any page opens it, as the button does.
    await clerk.keyboard.press('F8');
    const dialog = clerk.getByRole('dialog', { name: '向帮办/审批官求助' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('radio', { name: '帮办填报' }).check();
    await dialog.getByLabel('说明（选填）').fill('老人不会填申请表');
    if (SHOTS) await clerk.screenshot({ path: `${SHOTS}/assist-help-dialog.png` });
    await dialog.getByRole('button', { name: '发出求助' }).click();
    const status = clerk.getByTestId('assist-status');
    await expect(status).toContainText('求助已发出，等待接单（帮办填报）');

    // The assistant hears it at once (pushed), and takes it.
    await expect(assistant.getByTestId('assist-alert')).toContainText('新的求助：3 号窗口 · 帮办填报');
    const row = assistant.getByTestId('assist-live').getByRole('row').filter({ hasText: '老人不会填申请表' });
    await expect(row).toContainText('王敏');
    if (SHOTS) await assistant.screenshot({ path: `${SHOTS}/assist-desk-live.png` });
    await row.getByLabel('预计到窗（分钟）').fill('3');
    await row.getByRole('button', { name: '接单' }).click();
    await expect(status).toContainText('陈静（帮办人员）已接单，约 3 分钟到窗');
    if (SHOTS) await clerk.screenshot({ path: `${SHOTS}/assist-help-coming.png` });
    await row.getByRole('button', { name: '已到窗' }).click();
    await expect(status).toContainText('陈静（帮办人员）已到窗');

    await row.getByRole('button', { name: '办结…' }).click();
    const close = assistant.getByRole('dialog', { name: /办结帮办/ });
    await close.getByRole('button', { name: '保存' }).click();
    await expect(close.getByRole('alert')).toContainText('办理结果：请选择。');
    await close.getByRole('radio', { name: '已解决' }).check();
    await close.getByLabel('申请人姓名（保存时自动脱敏）').fill('张三丰');
    await close.getByLabel('事项名称').fill('居民身份证换领');
    await close.getByLabel('办理情况（做了什么）').fill('协助填写申请表并核对材料');
    await close.getByLabel('经过的窗口（多个用逗号分隔）').fill('3号');
    await close.getByRole('button', { name: '保存' }).click();
    await expect(close.getByRole('alert')).toContainText('经过的窗口（多个用逗号分隔）应为用逗号分隔的编号。');
    await close.getByLabel('经过的窗口（多个用逗号分隔）').fill('3, 5');
    if (SHOTS) await assistant.screenshot({ path: `${SHOTS}/assist-close.png` });
    await close.getByRole('button', { name: '保存' }).click();
    await expect(close).toHaveCount(0);
    await expect(status).toContainText('陈静 已办结：已解决');
    await expect(assistant.getByText('当前没有求助。')).toBeVisible();

    // The ledger shows it, with its response time and the applicant masked.
    await assistant.getByRole('tab', { name: '帮办台账' }).click();
    const ledger = assistant.getByTestId('assist-ledger');
    const entry = ledger.getByRole('row').filter({ hasText: '协助填写申请表并核对材料' });
    await expect(entry).toContainText('帮办填报');
    await expect(entry).toContainText('张*丰');
    await expect(entry).toContainText('陈静（帮办人员）');
    await expect(entry).toContainText('3、5');
    await expect(entry.getByTestId('ledger-response')).toHaveText(/^\d+(\.\d)? 分钟$/);
    await expect(assistant.getByRole('cell', { name: '100.0%' }).first()).toBeVisible();
    if (SHOTS) await assistant.screenshot({ path: `${SHOTS}/assist-ledger.png` });

    // The .xlsx opens with the ledger's columns and the Chinese intact.
    const [dl] = await Promise.all([assistant.waitForEvent('download'), assistant.getByRole('button', { name: '导出 Excel' }).click()]);
    expect(dl.suggestedFilename()).toMatch(/^帮办台账_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await dl.path())!) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('帮办台账')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...LEDGER_COLUMNS]);
    const cells = (sheet.getRow(2).values as unknown[]).slice(1);
    const cell = (c: (typeof LEDGER_COLUMNS)[number]) => cells[LEDGER_COLUMNS.indexOf(c)];
    expect(cell('帮办类型')).toBe('帮办填报');
    expect(cell('申请人')).toBe('张*丰');
    expect(cell('帮办人')).toBe('陈静（2001）');
    expect(cell('求助人')).toBe('王敏（1001）');
    expect(cell('办理结果')).toBe('已解决');
    expect(cell('问题')).toBe('老人不会填申请表');
    expect(typeof cell('接单用时（分钟）')).toBe('number');
    expect(sheet.rowCount).toBe(2);
  });
});
