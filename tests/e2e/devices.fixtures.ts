import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { spawnHost } from '../fixtures/spawn-host';
import { login, type RunningHost } from './fixtures';

/**
 * Starts the Node host like fixtures.ts does, but with a data dir whose settings.json is
 * written first (real devices: SANE scanner, CUPS queue) and extra environment
 * (SANE_CONFIG_DIR, CUPS_SERVER) for the device back-ends.
 */
export function startDevicesHost(settings: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Promise<RunningHost> {
  return spawnHost({ settings, env, prefix: 'wd-e2e-dev-' });
}

/** Logs a clerk in at a counter and opens 设置, where the 设备 panel is. */
export async function openDevicesPanel(page: Page, host: RunningHost, who: { staffNo: string; password: string; counter?: string } = { staffNo: '1001', password: 'demo1001', counter: '3号综合窗口' }): Promise<void> {
  await page.goto(host.launchUrl);
  await login(page, who.staffNo, who.password, who.counter);
  await page.getByRole('link', { name: /设置/ }).click();
  await page.getByRole('region', { name: '设备', exact: true }).waitFor();
}

/** The non-empty PDFs in a directory written since `sinceMs` (CUPS-PDF reuses the job title as the file name). */
export function pdfsSince(dir: string, sinceMs: number): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.pdf')).map((f) => path.join(dir, f))
    .filter((f) => { const st = fs.statSync(f); return st.mtimeMs >= sinceMs && st.size > 0; });
}

/**
 * Types like a keyboard-wedge scanner: real key events (they insert text into the focused field)
 * whose event timestamps are 8 ms apart, whatever the load on the test machine, through CDP's
 * Input.dispatchKeyEvent `timestamp`. Ends with Enter, as scanners are usually programmed.
 */
export async function wedgeScan(page: Page, text: string): Promise<void> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const base = Date.now() / 1000;
  const keys = [...text].map((ch) => ({ key: ch, text: ch }));
  keys.push({ key: 'Enter', text: '\r' });
  // Sent without waiting for each answer: the channel keeps the order, and the page gets the
  // keys back to back, so its quiet-time timer (wall clock) cannot split the burst under load.
  const sends: Array<Promise<unknown>> = [];
  keys.forEach((k, i) => {
    const timestamp = base + i * 0.008;
    const enter = k.key === 'Enter' ? { code: 'Enter', windowsVirtualKeyCode: 13 } : {};
    sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: k.key, text: k.text, unmodifiedText: k.text, timestamp, ...enter }));
    sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: k.key, timestamp, ...enter }));
  });
  await Promise.all(sends);
  await cdp.detach();
}

/**
 * The intake page up to a draft case whose materials are listed (the intake engineer's UI):
 * the simulated reader's demo card, a company applicant, the 建筑渣土运输处置证 item.
 * Returns the CapturePanel of the application form material (M01), opened.
 */
export async function intakeCaptureForApplicationForm(page: Page, host: RunningHost) {
  await page.goto(host.launchUrl);
  await login(page, '1001', 'demo1001', '3号综合窗口');
  await page.getByRole('link', { name: /受理/ }).click();
  await page.getByLabel('模拟卡片证件号码（演示数据）').fill('310117198206150314');
  await page.getByRole('button', { name: '模拟放卡' }).click();
  await page.getByRole('radio', { name: '单位' }).check();
  await page.getByLabel('统一社会信用代码').fill('91310117MA1J3K5P28');
  await page.getByLabel('统一社会信用代码').press('Enter');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('ztys');
  await page.getByRole('option').first().waitFor();
  await page.keyboard.press('Enter');
  await page.getByLabel('办理情形').selectOption({ label: '新办（8 项材料）' });
  // A company's case needs the person present (经办人): the placed card fills it in once it is read.
  await page.getByRole('group', { name: /^经办人：张伟/ }).waitFor();
  await page.getByRole('button', { name: '开始收件' }).click();
  const name = '扫描或拍照：建筑渣土运输处置证申请表';
  await page.getByRole('button', { name }).click();
  return { panel: page.getByRole('region', { name }), status: page.getByTestId('material-status-M01') };
}

/**
 * An MJPEG file for Chromium's --use-file-for-fake-video-capture: a white A4-shaped page
 * (400×566 px, with text lines) turned by `angle` degrees on a dark desk, 1280×720. The page's
 * own size is known, so a crop/deskew result can be checked against it.
 */
export async function tiltedPageVideo(angle: number): Promise<string> {
  const { default: sharp } = await import('sharp');
  const lines = Array.from({ length: 12 }, (_, i) => `<rect x="40" y="${60 + i * 38}" width="${i % 3 === 2 ? 200 : 320}" height="10" fill="#222"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720">
    <rect width="1280" height="720" fill="#3a3f47"/>
    <g transform="translate(640 360) rotate(${angle}) translate(-200 -283)"><rect width="400" height="566" fill="#fbfbf8"/>${lines}</g></svg>`;
  const frame = await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wd-cam-')), 'page.mjpeg');
  fs.writeFileSync(file, Buffer.concat(Array.from({ length: 30 }, () => frame)));
  return file;
}
