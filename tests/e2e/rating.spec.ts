import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hallDay } from '../../common/hall-time';
import { spawnHost } from '../fixtures/spawn-host';
import { expect, login, stopHost, test } from './fixtures';

// Issue 12's acceptance for 好差评: after 结束 the citizen screen takes 不满意 with a reason; the
// follow-up appears for the supervisor with its 「1、5、15」 working-day deadlines counted across
// days off; closing it requires its steps.

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => iso(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

/**
 * The hall's arrangement as an administrator imported it (calendar.json beside the data): the
 * bundled years, plus the next two weekdays off and the Saturday after them worked (调休), so
 * every deadline of a rating given today runs across days off and a make-up working day.
 */
function calendarAround(today: string): { json: unknown; off: string[]; makeUp: string } {
  const bundled = JSON.parse(fs.readFileSync('resources/calendar/cn-holidays.json', 'utf8')) as { years: Record<string, { holidays: string[]; workdays: string[] }> };
  const off: string[] = [];
  let d = today;
  while (off.length < 2) {
    d = addDays(d, 1);
    if (weekday(d) !== 0 && weekday(d) !== 6) off.push(d);
  }
  let makeUp = addDays(off[1], 1);
  while (weekday(makeUp) !== 6) makeUp = addDays(makeUp, 1);
  const years = structuredClone(bundled.years);
  for (const day of [...off, makeUp]) {
    const y = day.slice(0, 4);
    years[y] ??= { holidays: [], workdays: [] };
  }
  for (const day of off) years[day.slice(0, 4)].holidays.push(day);
  years[makeUp.slice(0, 4)].workdays.push(makeUp);
  return { json: { ...bundled, years }, off, makeUp };
}

/** The test's own count of working days (not the product's): weekdays, minus days off, plus make-up days. */
function nthWorkingDay(from: string, n: number, off: string[], makeUp: string): string {
  let d = from;
  while (n > 0) {
    d = addDays(d, 1);
    const works = d === makeUp || (weekday(d) !== 0 && weekday(d) !== 6 && !off.includes(d));
    if (works) n--;
  }
  return d;
}

test('after 结束 the citizen screen takes 不满意 with a reason; the supervisor follows it up to 1/5/15 working days and closes it only with every step', async ({ browser }) => {
  test.setTimeout(180_000);
  const today = hallDay(Date.now());
  const cal = calendarAround(today);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-e2e-rating-'));
  fs.writeFileSync(path.join(dataDir, 'calendar.json'), JSON.stringify(cal.json));
  const host = await spawnHost({ dataDir });
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const supCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const page = await ctx.newPage();
    await page.goto(host.launchUrl);
    await login(page, '1001', 'demo1001', '3号综合窗口');
    await expect(page.getByRole('heading', { name: '叫号' })).toBeVisible();
    const [citizen] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: '打开群众屏' }).click()]);
    await citizen.setViewportSize({ width: 1920, height: 1080 });
    await expect(citizen.getByRole('heading', { name: '欢迎办事' })).toBeVisible();

    // A walk-in, called (F1), served (F5) and finished (F5).
    await page.getByRole('button', { name: '取号', exact: true }).click();
    await expect(page.getByTestId('queue-form-result')).toContainText('已取号：A001');
    await page.keyboard.press('F1');
    await expect(citizen.getByTestId('citizen-called')).toBeVisible();
    await page.keyboard.press('F5');
    await expect(citizen.getByTestId('citizen-serving')).toBeVisible();
    await page.keyboard.press('F5');

    // The screen thanks and asks: five levels; 不满意 needs a reason before it is sent.
    await expect(citizen.getByTestId('citizen-finished')).toBeVisible();
    await expect(citizen.getByRole('heading', { name: '请您对本次服务进行评价' })).toBeVisible();
    for (const name of ['非常满意', '满意', '基本满意', '不满意', '非常不满意']) await expect(citizen.getByRole('button', { name, exact: true })).toBeVisible();
    // The demo's simulated 评价器 is named as such beside the question.
    await expect(citizen.getByTestId('rating-pad')).toContainText('模拟评价器');
    await citizen.screenshot({ path: 'test-results/rating-citizen-ask.png' });
    // Or later, from a phone: the QR is the hub's rating page for this service alone.
    const qr = citizen.getByRole('img', { name: /稍后评价二维码/ });
    await expect(qr).toBeVisible();
    await expect(citizen.getByText(/用手机扫描二维码，.+前都可以评价/)).toBeVisible();
    const laterUrl = (await qr.getAttribute('data-url'))!;
    expect(laterUrl).toMatch(/\/rate\/[A-Za-z0-9_-]{16}$/);
    const phoneCtx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 }, isMobile: true });
    try {
      const phone = await phoneCtx.newPage();
      await phone.goto(laterUrl);
      await expect(phone.getByRole('heading', { name: '请您对本次服务进行评价' })).toBeVisible();
      await expect(phone.getByText(/A001 号/)).toBeVisible();
    } finally {
      await phoneCtx.close();
    }
    await citizen.getByRole('button', { name: '不满意', exact: true }).click();
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await expect(citizen.getByRole('alert')).toHaveText('差评请选择或填写原因');
    await citizen.getByRole('checkbox', { name: '服务效率' }).check();
    await citizen.getByRole('textbox', { name: /具体意见/ }).fill('等候时间过长');
    await citizen.screenshot({ path: 'test-results/rating-citizen-bad.png' });
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await expect(citizen.getByText('请带好您的证件和材料。')).toBeVisible();
    await expect(citizen.getByRole('heading', { name: '请您对本次服务进行评价' })).toHaveCount(0);

    // The clerk sees only their own aggregates, never the rating itself.
    await page.getByRole('link', { name: /好差评/ }).click();
    await expect(page.getByTestId('rating-mine')).toContainText('100.0%');
    await expect(page.getByTestId('rating-followups')).toHaveCount(0);
    await expect(page.getByText('等候时间过长')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/rating-clerk-mine.png' });

    // The supervisor: the follow-up with its three deadlines, across the days off and the make-up Saturday.
    const sup = await supCtx.newPage();
    await sup.goto(host.launchUrl);
    await login(sup, '3001', 'demo3001');
    await sup.getByRole('link', { name: /好差评/ }).click();
    const table = sup.getByTestId('rating-followups');
    await expect(table.getByRole('row')).toHaveCount(2);
    const row = table.getByRole('row').nth(1);
    const contact = nthWorkingDay(today, 1, cal.off, cal.makeUp);
    const simple = nthWorkingDay(today, 5, cal.off, cal.makeUp);
    const complex = nthWorkingDay(today, 15, cal.off, cal.makeUp);
    expect(contact).not.toBe(addDays(today, 1)); // the first day off is skipped
    await expect(row.getByTestId('followup-deadlines')).toHaveText(`${contact} / ${simple} / ${complex}`);
    await expect(row).toContainText('服务效率；等候时间过长');
    await expect(row).toContainText('3 / 1001');
    await expect(row).toContainText(`回访时限 ${contact}`);
    await row.getByRole('button', { name: '处理' }).click();
    const detail = sup.getByTestId(/^followup-detail-/);

    // Closing with a step missing is refused, naming the steps.
    const close = detail.getByRole('form', { name: '办结' });
    await close.getByLabel('申请人对回访整改').selectOption({ label: '满意' });
    await close.getByLabel('答复申请人').fill('已致歉，并说明高峰时段分流安排');
    await close.getByRole('button', { name: '办结' }).click();
    await expect(detail.getByRole('alert')).toHaveText('还缺少回访、整改记录，不能办结；请先补齐每一步的责任人和记录。');

    // 回访, then 整改 (a simple problem), each with owner and record.
    const stepForm = (name: string) => detail.getByRole('form', { name });
    await stepForm('记录回访').getByLabel('责任人').fill('赵刚');
    await stepForm('记录回访').getByLabel('记录').fill('电话联系申请人，核实等候情况');
    await stepForm('记录回访').getByRole('button', { name: '记录回访' }).click();
    await expect(detail).toContainText('回访：赵刚，电话联系申请人，核实等候情况');
    await expect(row).toContainText(`整改时限 ${complex}`);
    await stepForm('记录整改').getByLabel('责任人').fill('王敏');
    await stepForm('记录整改').getByLabel('记录').fill('高峰时段增开窗口');
    await stepForm('记录整改').getByRole('button', { name: '记录整改' }).click();
    await expect(detail.getByRole('alert')).toContainText('简单问题');
    await stepForm('记录整改').getByLabel('问题类型').selectOption('simple');
    await stepForm('记录整改').getByRole('button', { name: '记录整改' }).click();
    await expect(detail).toContainText('整改：王敏，高峰时段增开窗口');
    await sup.screenshot({ path: 'test-results/rating-supervisor-followup.png', fullPage: true });

    // Now it closes; the figures count the reply and the 回访整改.
    await close.getByLabel('申请人对回访整改').selectOption({ label: '满意' });
    await close.getByLabel('答复申请人').fill('已致歉，并说明高峰时段分流安排');
    await close.getByRole('button', { name: '办结' }).click();
    await expect(row).toContainText('已办结');
    const counterRow = sup.getByTestId('rating-figures').getByRole('row', { name: /3号窗口/ });
    // 评价率 100%, 好评率 0%; 差评回复率, 回访整改率 and 回访整改满意率 100% once closed.
    await expect(counterRow.getByRole('cell').nth(4)).toHaveText('100.0%');
    await expect(counterRow.getByRole('cell').nth(6)).toHaveText('0.0%');
    for (const i of [8, 9, 10]) await expect(counterRow.getByRole('cell').nth(i)).toHaveText('100.0%');
    await sup.getByLabel('只看未办结').check();
    await expect(sup.getByText('没有差评回访整改记录。')).toBeVisible();
    await sup.getByLabel('只看未办结').uncheck();
    await sup.screenshot({ path: 'test-results/rating-supervisor-closed.png', fullPage: true });
  } finally {
    await ctx.close();
    await supCtx.close();
    await stopHost(host);
  }
});
