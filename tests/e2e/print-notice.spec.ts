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
