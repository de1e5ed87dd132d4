import { afterEach, describe, expect, it } from 'vitest';
import { passwordClasses } from '../../../main/core/staff/policy';
import { desk, type Desk } from './helpers';

let d: Desk;
afterEach(async () => d?.ws.close());

const change = (conn: ReturnType<Desk['conn']>, current: string, next: string) => d.call(conn, 'session.changePassword', { current, next });

describe('password policy', () => {
  it('counts the four classes', () => {
    expect(passwordClasses('abcdefgh')).toBe(1);
    expect(passwordClasses('demo1001')).toBe(2);
    expect(passwordClasses('Demo1001')).toBe(3);
    expect(passwordClasses('Demo-1001')).toBe(4);
  });

  it('refuses a short password, too few classes, one containing the 工号, a wrong current password; in Chinese', async () => {
    d = await desk();
    const clerk = d.conn('clerk');
    await d.call(clerk, 'session.login', { staffNo: '1001', password: 'demo1001', counterId: null });
    expect(await change(clerk, 'demo1001', 'Ab1-')).toMatchObject({ ok: false, error: { code: 'PASSWORD_WEAK', message: '新密码至少需要 8 个字符。' } });
    expect(await change(clerk, 'demo1001', 'abcdefgh12')).toMatchObject({ ok: false, error: { code: 'PASSWORD_WEAK', message: '新密码需包含大写字母、小写字母、数字、符号中的至少 3 类。' } });
    expect(await change(clerk, 'demo1001', 'Win-1001x')).toMatchObject({ ok: false, error: { code: 'PASSWORD_WEAK', message: '新密码不能包含工号。' } });
    expect(await change(clerk, 'not-mine', 'Spring-Tea7')).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS', message: expect.stringContaining('还剩 4 次') } });
    d.ws.settings.set('passwordMinLength', 12);
    expect(await change(clerk, 'demo1001', 'Spring-Tea7')).toMatchObject({ ok: false, error: { message: '新密码至少需要 12 个字符。' } });
    expect(await change(clerk, 'demo1001', 'Spring-Tea-77')).toMatchObject({ ok: true });
    expect(await d.call(d.conn('next'), 'session.login', { staffNo: '1001', password: 'Spring-Tea-77', counterId: null })).toMatchObject({ ok: true });
    expect(await d.call(d.conn('old'), 'session.login', { staffNo: '1001', password: 'demo1001', counterId: null })).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
  });

  it('refuses any of the last N passwords (5 by default, configurable), allows the one before', async () => {
    d = await desk();
    const clerk = d.conn('clerk');
    await d.call(clerk, 'session.login', { staffNo: '1001', password: 'demo1001', counterId: null });
    expect(await change(clerk, 'demo1001', 'demo1001')).toMatchObject({ ok: false, error: { code: 'PASSWORD_WEAK' } });
    const pw = (i: number) => `Harbour-${i}x`;
    expect(await change(clerk, 'demo1001', pw(0))).toMatchObject({ ok: true });
    expect(await change(clerk, pw(0), pw(0))).toMatchObject({ ok: false, error: { code: 'PASSWORD_REUSED', message: '新密码不能与最近 5 次使用过的密码相同。' } });
    d.ws.settings.set('passwordHistory', 3);
    let current = pw(0);
    for (let i = 1; i <= 3; i++) {
      expect(await change(clerk, current, pw(i))).toMatchObject({ ok: true });
      current = pw(i);
    }
    expect(await change(clerk, current, pw(1))).toMatchObject({ ok: false, error: { code: 'PASSWORD_REUSED', message: '新密码不能与最近 3 次使用过的密码相同。' } });
    const kept = d.ws.db.prepare("SELECT COUNT(*) AS n FROM password_history h JOIN staff s ON s.id = h.staff_id WHERE s.staff_no = '1001'").get();
    expect(kept).toEqual({ n: 3 }); // only the last N hashes are kept
    // pw(0) is four back: no longer remembered.
    expect(await change(clerk, current, pw(0))).toMatchObject({ ok: true });
  });

  it('an expired password (90 days) must be changed at the next login: nothing else is answered until then', async () => {
    d = await desk();
    d.clock.advance(91 * 24 * 60);
    const clerk = d.conn('clerk');
    expect(await d.call(clerk, 'session.login', { staffNo: '1001', password: 'demo1001', counterId: 'counter-3' })).toMatchObject({ ok: true, value: { mustChangePassword: true } });
    expect(await d.call(clerk, 'queue.state')).toMatchObject({ ok: false, error: { code: 'PASSWORD_CHANGE_REQUIRED', message: '密码已过期或需要更换，请先修改密码。' } });
    expect(await change(clerk, 'demo1001', 'Autumn-Leaf9')).toMatchObject({ ok: true });
    expect(await d.call(clerk, 'session.current')).toMatchObject({ ok: true, value: { mustChangePassword: false } });
    expect(await d.call(clerk, 'queue.state')).toMatchObject({ ok: true });
    d.clock.advance(89 * 24 * 60);
    expect(await d.call(d.conn('later'), 'session.login', { staffNo: '1001', password: 'Autumn-Leaf9', counterId: null })).toMatchObject({ ok: true, value: { mustChangePassword: false } });
  });

  it('an account created with must-change, or under a policy with no expiry', async () => {
    d = await desk();
    await d.ws.staff.create({ staffNo: '1003', name: '周洁', role: 'clerk', password: 'Start-2026a' }, { mustChange: true });
    await expect(d.ws.staff.create({ staffNo: '1004', name: '吴磊', role: 'clerk', password: 'weakpass' })).rejects.toMatchObject({ code: 'PASSWORD_WEAK' });
    expect(await d.call(d.conn('a'), 'session.login', { staffNo: '1003', password: 'Start-2026a', counterId: null })).toMatchObject({ ok: true, value: { mustChangePassword: true } });
    d.ws.settings.set('passwordMaxAgeDays', 0);
    d.clock.advance(400 * 24 * 60);
    expect(await d.call(d.conn('b'), 'session.login', { staffNo: '1002', password: 'demo1002', counterId: null })).toMatchObject({ ok: true, value: { mustChangePassword: false } });
  });
});
