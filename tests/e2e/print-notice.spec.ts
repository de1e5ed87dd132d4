import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { startCups } from '../fixtures/native/cups';
import { pdfsSince, startDevicesHost } from './devices.fixtures';
import { expect, login, stopHost, test } from './fixtures';
import { standardIntake } from './flows/standard-intake';

// The acceptance: an acceptance notice made at the counter prints to a CUPS-PDF queue by itself.
// CUPS-PDF re-renders through Ghostscript, so the notice's own text is checked before printing
// (intake.spec.ts, pdftotext on our PDF) and the print by job completion and the output file.
test('an acceptance notice prints to a CUPS-PDF queue and the job completes with its output file', async ({ page }) => {
  test.setTimeout(180_000);
  const cups = await startCups();
  test.skip('skip' in cups, `CUPS could not run here: ${'skip' in cups ? cups.skip : ''}`);
  if ('skip' in cups) return;
  const since = Date.now() - 1000;
  const host = await startDevicesHost({ deviceMode: 'real', printerQueue: 'WD_PDF' }, cups.env);
  try {
    await page.goto(host.launchUrl);
    await login(page, '1001', 'demo1001', '3号综合窗口');
    await page.getByRole('link', { name: /受理/ }).click();
    const { caseNumber } = await standardIntake(page);
    expect(caseNumber).toMatch(/^SH-/);
    // Nothing pressed: the notice of the decision prints by itself.
    await expect(page.getByRole('status').filter({ hasText: '打印任务' })).toContainText('已完成', { timeout: 90_000 });
    await expect.poll(() => pdfsSince(cups.pdfOutDir, since).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const out = pdfsSince(cups.pdfOutDir, since)[0];
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
  } finally {
    await stopHost(host);
    await cups.stop();
  }
});

// A walk-in ticket at the kiosk prints its slip on the CUPS queue by itself: the 80 mm PDF reaches
// CUPS-PDF, the kiosk says it printed, and the page rendered from CUPS-PDF's output is kept for a look.
test('a kiosk walk-in ticket prints its slip to a CUPS-PDF queue by itself; a failing queue keeps the ticket and says so', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const cups = await startCups();
  test.skip('skip' in cups, `CUPS could not run here: ${'skip' in cups ? cups.skip : ''}`);
  if ('skip' in cups) return;
  const since = Date.now() - 1000;
  let host = await startDevicesHost({ slipPrinter: 'cups:WD_PDF' }, cups.env);
  try {
    await page.goto(`${host.launchUrl}#/kiosk`);
    await page.locator('.kiosk-stream').first().click();
    const ticket = page.getByTestId('kiosk-ticket');
    await expect(ticket).toBeVisible({ timeout: 30_000 });
    const number = (await ticket.locator('.kiosk-number').textContent())!.trim();
    expect(number).toMatch(/^[A-Z]\d{3}$/);
    await expect(page.getByTestId('kiosk-slip')).toHaveText('号票已打印，请取走');
    await expect.poll(() => pdfsSince(cups.pdfOutDir, since).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const out = pdfsSince(cups.pdfOutDir, since)[0];
    const info = execFileSync('pdfinfo', [out]).toString();
    const [, w] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!;
    expect(Number(w)).toBeGreaterThan(220); // 80 mm ≈ 226.8 pt
    expect(Number(w)).toBeLessThan(232);
    const png = testInfo.outputPath('slip');
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', out, png], { stdio: 'ignore' }); // Ghostscript's Type 3 glyphs make poppler chatty
    fs.mkdirSync('test-results/screens', { recursive: true });
    fs.copyFileSync(`${png}.png`, 'test-results/screens/slip-cups-pdf.png');
  } finally {
    await stopHost(host);
  }
  // The same kiosk on a queue whose printer always fails: the ticket is issued, the number shown to be noted down.
  host = await startDevicesHost({ slipPrinter: 'cups:WD_FAIL' }, cups.env);
  try {
    await page.goto(`${host.launchUrl}#/kiosk`);
    await page.locator('.kiosk-stream').first().click();
    await expect(page.getByTestId('kiosk-ticket')).toBeVisible({ timeout: 40_000 });
    const number = (await page.locator('.kiosk-number').textContent())!.trim();
    await expect(page.getByTestId('kiosk-slip')).toContainText('号票打印失败：');
    await expect(page.getByTestId('kiosk-slip')).toContainText(`请记下号码 ${number}`);
    await expect(page.getByRole('alert')).toHaveCount(0);
  } finally {
    await stopHost(host);
    await cups.stop();
  }
});
