/**
 * 帮办身份 end to end (issue 12): an administrator marks a staff member an approval officer (审批官)
 * in 设置 → 工作人员; that person, signed in elsewhere, helps as 审批官 from then on (the desk says so).
 * A supervisor sees the capacities but cannot change them.
 */
import { expect, login, test } from './fixtures';

const VIEW = { viewport: { width: 1920, height: 1080 } };
const SHOTS = process.env.WD_SHOTS_DIR;

test('an administrator makes 2001 an approval officer; the assistance desk shows it; a supervisor only sees it', async ({ browser, host }) => {
  const admin = await (await browser.newContext(VIEW)).newPage();
  await admin.goto(host.launchUrl);
  await login(admin, '9001', 'demo9001');
  await admin.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /^设置/ }).click();
  const staff = admin.getByRole('region', { name: '工作人员' });
  const capacity = staff.getByLabel('陈静的帮办身份');
  await expect(capacity).toHaveValue('assistant');
  await capacity.selectOption({ label: '审批官' });
  await expect(staff.getByRole('status')).toHaveText('已将陈静的帮办身份设为审批官。');
  await expect(capacity).toHaveValue('approver');
  if (SHOTS) await staff.screenshot({ path: `${SHOTS}/settings-staff-capacity.png` });

  const assistant = await (await browser.newContext(VIEW)).newPage();
  await assistant.goto(host.launchUrl);
  await login(assistant, '2001', 'demo2001');
  await expect(assistant.getByText('我的帮办身份：审批官')).toBeVisible();

  const supervisor = await (await browser.newContext(VIEW)).newPage();
  await supervisor.goto(host.launchUrl);
  await login(supervisor, '3001', 'demo3001');
  await supervisor.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /^设置/ }).click();
  const row = supervisor.getByRole('region', { name: '工作人员' }).getByRole('row').filter({ hasText: '陈静' });
  await expect(row).toContainText('审批官');
  await expect(row.getByRole('combobox')).toHaveCount(0);

  // The host is shared by the specs of this worker: 陈静 helps as 帮办人员 again for the others.
  await capacity.selectOption({ label: '帮办人员' });
  await expect(staff.getByRole('status')).toHaveText('已将陈静的帮办身份设为帮办人员。');
});
