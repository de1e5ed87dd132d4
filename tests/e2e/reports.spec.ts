import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnHost, stopSpawnedHost, type SpawnedHost } from '../fixtures/spawn-host';
import { login } from './fixtures';

/**
 * 日动态 / 月动态 over a demo hall's history (`npm run demo -- history`, the real services on a
 * moving clock): a supervisor reads the month, checks it is the sum of its days, opens a day and
 * the cases behind a figure, and saves both exports.
 */
// The acceptance's 60 working days (about 5 minutes to write; WD_E2E_HISTORY_DAYS=25 still holds a full month).
const DAYS = Number(process.env.WD_E2E_HISTORY_DAYS ?? 60);
let host: SpawnedHost;
let dataDir: string;
let lastDay: string;

test.beforeAll(async () => {
  test.setTimeout(18 * 60_000);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-history-'));
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'main/demo/cli.ts', 'history', '--data', dataDir, '--days', String(DAYS)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 16 * 60_000 });
  const summary = JSON.parse(out.trim().split('\n').at(-1)!) as { to: string; tickets: number; cases: number };
  expect(summary.tickets).toBeGreaterThan(DAYS * 50);
  lastDay = summary.to;
  host = await spawnHost({ dataDir, prefix: 'wd-e2e-' });
});

test.afterAll(async () => {
  if (host) await stopSpawnedHost(host);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const screens = (name: string) => path.join(test.info().project.outputDir, 'screens', `${name}.png`);
const int = async (loc: import('@playwright/test').Locator) => Number((await loc.locator('.report-figure-value').innerText()).replace(/\D/g, ''));

test('a supervisor reads 月动态 as the sum of its days, opens a day and its cases, and saves Excel and PDF', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(host.launchUrl);
  await login(page, '3001', 'demo3001');
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
  await page.keyboard.press('Alt+7');
  await expect(page.getByRole('heading', { name: '日动态 / 月动态', level: 1 })).toBeVisible();

  await page.getByRole('radio', { name: '月动态' }).check();
  // The fullest month of the history: the last day's, unless that month has only begun.
  const last = new Date(`${lastDay}T00:00:00Z`);
  const month = last.getUTCDate() >= 15 ? lastDay.slice(0, 7) : new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  await page.getByLabel('月份').fill(month);
  await page.getByRole('button', { name: '统计', exact: true }).click();
  await expect(page.getByTestId('report-title')).toContainText(`月动态 ${month}`);
  await expect(page.getByTestId('chart-days').locator('canvas')).toHaveCount(1);

  // The month's figures equal the sum of its days' rows.
  const rows = page.getByTestId('report-days').locator('tbody tr');
  const n = await rows.count();
  expect(n).toBeGreaterThanOrEqual(Math.min(15, DAYS - 3));
  let tickets = 0;
  let accepted = 0;
  for (let i = 0; i < n; i++) {
    const cells = rows.nth(i).locator('td');
    accepted += Number(await cells.nth(1).innerText());
    tickets += Number(await cells.nth(5).innerText());
  }
  expect(await int(page.getByTestId('fig-tickets'))).toBe(tickets);
  expect(await int(page.getByTestId('fig-accepted'))).toBe(accepted);
  await page.screenshot({ path: screens('reports-monthly') });

  const x = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await x[0].path());
  const summary = wb.getWorksheet('汇总')!;
  expect(String(summary.getCell('A1').value)).toContain('月动态');
  expect(wb.getWorksheet('逐日')!.getRow(2).values).toContain('受理量');

  const p = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 PDF' }).click()]);
  expect(fs.readFileSync(await p[0].path()).subarray(0, 5).toString()).toBe('%PDF-');

  // A day of the month opens its 日动态, kept as it stood at the day's close.
  await rows.last().getByRole('button').click();
  await expect(page.getByTestId('report-title')).toContainText('（当日已结束，按日终生成的报表）');
  await expect(page.getByTestId('chart-streams').locator('canvas')).toHaveCount(1);
  await page.getByTestId('fig-tickets').click();
  const drill = page.getByTestId('report-drill');
  await expect(drill.getByRole('heading')).toContainText('取号总数');
  expect(await drill.locator('tbody tr').count()).toBe(await int(page.getByTestId('fig-tickets')));
  await page.screenshot({ path: screens('reports-daily') });
});
