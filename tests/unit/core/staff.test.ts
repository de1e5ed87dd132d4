import { describe, expect, it } from 'vitest';
import { DEMO_STAFF } from '../../../main/core/demo/seed';
import { hashPassword, verifyPassword } from '../../../main/core/staff/passwords';
import { demoWorkstation } from '../../fixtures/workstation';

const clerk = DEMO_STAFF.find((s) => s.role === 'clerk')!;

describe('passwords', () => {
  it('stores scrypt hashes with parameters and salt, never the password', async () => {
    const h = await hashPassword('秘密 password');
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(h).not.toContain('password');
    expect(await verifyPassword('秘密 password', h)).toBe(true);
    expect(await verifyPassword('秘密 passwore', h)).toBe(false);
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });
});

describe('staff login', () => {
  it('logs in, resumes by token and logs out, each audited', async () => {
    const ws = await demoWorkstation();
    const { token, staff, session } = await ws.staff.login(clerk.staffNo, clerk.password, 'counter-3');
    expect(staff.role).toBe('clerk');
    expect(session.counterId).toBe('counter-3');
    expect(ws.staff.resume(token)?.staff.id).toBe(staff.id);
    ws.staff.logout(session.id, staff, 'counter-3');
    expect(ws.staff.resume(token)).toBeUndefined();
    const actions = ws.audit.recent(10).map((r) => `${r.action}:${r.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(['session.login:ok', 'session.logout:ok']));
    await ws.close();
  });

  it('gives distinct codes for unknown staff, wrong password and a locked account, without saying which part was wrong', async () => {
    const ws = await demoWorkstation();
    const unknown = await ws.staff.login('no-such', 'x', null).catch((e) => e);
    const wrong = await ws.staff.login(clerk.staffNo, 'wrong', null).catch((e) => e);
    expect(unknown.code).toBe('BAD_CREDENTIALS');
    expect(wrong.code).toBe('BAD_CREDENTIALS');
    // The same words and the same countdown either way: the count must not reveal which staff numbers exist.
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.message).toBe('工号或密码不正确。还剩 4 次尝试，之后账号将锁定 15 分钟。');
    const wrong2 = await ws.staff.login(clerk.staffNo, 'wrong', null).catch((e) => e);
    const unknown2 = await ws.staff.login('no-such', 'x', null).catch((e) => e);
    expect(wrong2.message).toContain('还剩 3 次');
    expect(unknown2.message).toBe(wrong2.message);
    await ws.close();
  });

  it('locks the account after five failures, refuses even the right password, and audits the lockout', async () => {
    let now = new Date('2026-11-23T09:00:00+08:00');
    const ws = await demoWorkstation({ now: () => now });
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await ws.staff.login(clerk.staffNo, `bad${i}`, null).catch((e) => e)).code);
    expect(codes).toEqual(['BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'ACCOUNT_LOCKED']);
    const locked = await ws.staff.login(clerk.staffNo, clerk.password, null).catch((e) => e);
    expect(locked.code).toBe('ACCOUNT_LOCKED');
    expect(locked.message).toMatch(/锁定/);
    // 09:00 hall time + 15 minutes, whatever the machine's time zone (tests run in UTC here).
    expect(locked.message).toContain('请于 09:15 后再试');
    expect(ws.audit.recent(20).some((r) => r.action === 'staff.locked')).toBe(true);
    now = new Date(now.getTime() + 16 * 60_000);
    await expect(ws.staff.login(clerk.staffNo, clerk.password, null)).resolves.toMatchObject({ staff: { staffNo: clerk.staffNo } });
    await ws.close();
  });

  it('refuses an unknown counter and a disabled account', async () => {
    const ws = await demoWorkstation();
    await expect(ws.staff.login(clerk.staffNo, clerk.password, 'counter-99')).rejects.toMatchObject({ code: 'UNKNOWN_COUNTER' });
    ws.db.prepare('UPDATE staff SET active = 0 WHERE staff_no = ?').run(clerk.staffNo);
    await expect(ws.staff.login(clerk.staffNo, clerk.password, null)).rejects.toMatchObject({ code: 'ACCOUNT_DISABLED' });
    await ws.close();
  });
});
