/**
 * A scan damaged on this machine (issue 11, "nothing the clerk entered is lost … a way to fix"):
 * its upload is refused for good (被拒收) and 重新发送 can only fail again. On 同步 the clerk
 * withdraws the scan (撤回附件, with a reason); the row goes, the material on 受理 is 缺少 again,
 * to be captured anew, and the case's trail at the hub says what happened.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { intakeCaptureForApplicationForm } from './devices.fixtures';
import { enrolledHost, stopHost } from './fixtures';

test('a scan whose file is damaged here is withdrawn on 同步 and its material is to be captured again', async ({ browser }) => {
  test.setTimeout(150_000);
  const { startHub } = await import('../../main/hub/index');
  const hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-e2e-hub-'));
  let hub = await startHub({ port: 0, dataDir: hubDir, demo: true, secure: true });
  const port = hub.port;
  const host = await enrolledHost(hub, 3);
  const dir = host.dataDir;
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const page = await ctx.newPage();
    // The hub is down while the material is captured, so its upload waits.
    await hub.close();
    const { panel, status } = await intakeCaptureForApplicationForm(page, host);
    await panel.getByRole('button', { name: '高拍仪拍摄' }).click();
    const dialog = page.getByRole('dialog', { name: '高拍仪拍摄' });
    await dialog.getByRole('button', { name: '拍摄' }).click();
    await dialog.getByRole('button', { name: '使用此页' }).click();
    await dialog.getByRole('button', { name: '完成' }).click();
    await expect(status).toHaveText('已采集');

    // The disk damages every stored file (each is sealed: a changed byte no longer opens).
    for (const f of fs.readdirSync(path.join(dir, 'files'), { recursive: true }).map(String)) {
      const p = path.join(dir, 'files', f);
      if (!fs.statSync(p).isFile()) continue;
      const bytes = fs.readFileSync(p);
      bytes[bytes.length - 1] ^= 0xff;
      fs.writeFileSync(p, bytes);
    }
    hub = await startHub({ port, dataDir: hubDir, demo: true, secure: true });

    await page.getByRole('link', { name: /同步/ }).click();
    const ops = page.getByTestId('sync-ops');
    const row = ops.getByRole('row').filter({ hasText: '建筑渣土运输处置证申请表' }).filter({ hasText: '被拒收' });
    await expect(row).toBeVisible({ timeout: 60_000 });
    await expect(row).toContainText('无法读取');
    await row.getByRole('button', { name: /^撤回附件 / }).click();
    await expect(row.getByLabel(/^撤回原因 /)).toHaveValue('本机文件已损坏或丢失，撤回后重新采集');
    await page.screenshot({ path: path.join(os.tmpdir(), 'wd-sync-withdraw.png') });
    await row.getByRole('button', { name: '确认撤回' }).click();
    await expect(page.getByRole('status').filter({ hasText: '扫描件已撤回' })).toContainText('建筑渣土运输处置证申请表');
    await expect(ops.getByRole('row').filter({ hasText: '建筑渣土运输处置证申请表' }).filter({ hasText: '被拒收' })).toHaveCount(0);
    await expect(page.getByTestId('status-sync-cases')).toContainText('办件/评价/求助待同步：0', { timeout: 60_000 });

    // Back on 受理, the same case: the material is to be captured again.
    await page.getByRole('link', { name: /受理/ }).click();
    await page.getByRole('tab', { name: '办件与进度' }).click();
    await page.getByRole('table', { name: '办件列表' }).getByRole('button', { name: /^打开办件 / }).first().click();
    await expect(page.getByTestId('material-status-M01')).toHaveText('缺少');
    await page.screenshot({ path: path.join(os.tmpdir(), 'wd-sync-withdraw-intake.png') });
  } finally {
    await ctx.close();
    await stopHost(host);
    await hub.close();
  }
});
