import { credentialIn, hubJson } from '../fixtures/hub-access';
import { login, startHost, stopHost } from './fixtures';
import { bookedIdNumber } from '../fixtures/demo-bookings';
import { advanceHub, bookingAt0900, expect, hubUrlFrom, test, toMorningSlot } from './queue.fixtures';

// Issue 10, item 2: a booking already swept as 爽约 still checks in — as a late walk-in — and is
// told so, not "already checked in" with nothing queued.
test('a late appointment already marked 爽约 checks in as a late walk-in', async ({ browser }) => {
  const host = await startHost(['--hub-test-clock']);
  const ctx = await browser.newContext();
  try {
    const sup = await ctx.newPage();
    await sup.goto(host.launchUrl);
    await login(sup, '3001', 'demo3001');
    const hubUrl = await hubUrlFrom(sup);
    const cred = credentialIn(host.dataDir);
    await toMorningSlot(cred, hubUrl);
    const booking = await bookingAt0900(cred, hubUrl);
    await advanceHub(cred, hubUrl, 60); // 10:01: the 09:00 slot ended an hour ago, past the 15-minute grace
    const swept = await hubJson(cred, `${hubUrl}/appointments/sweep-no-shows`, 'POST', {});
    expect(swept.ok).toBe(true);
    const list = await hubJson<{ id: string; day: string; status: string }[]>(cred, `${hubUrl}/appointments`);
    expect(list.value.find((a) => a.id === booking.id)?.status).toBe('no_show');

    const page = await ctx.newPage();
    await page.goto(host.launchUrl);
    await login(page, '1002', 'demo1002', '5号综合窗口');
    await page.getByRole('textbox', { name: '身份证号' }).fill(booking.idNumber);
    await page.getByRole('button', { name: '签到', exact: true }).click();
    await expect(page.getByTestId('queue-form-result')).toHaveText(/^已签到：A\d{3}（预约迟到，按现场号排队）$/);
    await expect(page.getByTestId('queue-waiting-row').filter({ hasText: /A\d{3}/ })).toHaveCount(1);
    await expect(page.getByRole('textbox', { name: '身份证号' })).toHaveValue('');

    // 读身份证 on 叫号 reads the (simulated) reader too: another 爽约 booking's card is placed and read.
    const other = list.value.find((a) => a.status === 'no_show' && a.id !== booking.id)!;
    await page.getByLabel('模拟卡片证件号码（演示数据）').fill(bookedIdNumber(other));
    await page.getByRole('button', { name: '模拟放卡' }).click();
    await page.getByRole('button', { name: '读身份证' }).click();
    await expect(page.getByTestId('queue-form-result')).toHaveText(/^已签到：A\d{3}（预约迟到，按现场号排队）$/);
    await expect(page.getByTestId('queue-waiting-row').filter({ hasText: /A\d{3}/ })).toHaveCount(2);
  } finally {
    await ctx.close();
    await stopHost(host);
  }
});
