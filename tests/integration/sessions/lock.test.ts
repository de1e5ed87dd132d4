import { afterEach, describe, expect, it } from 'vitest';
import { desk, type Desk } from './helpers';

let d: Desk;
afterEach(async () => d?.ws.close());

const login = (conn: ReturnType<Desk['conn']>, staffNo = '1001', counterId: string | null = 'counter-3', extra: object = {}) =>
  d.call(conn, 'session.login', { staffNo, password: `demo${staffNo}`, counterId, ...extra });

describe('idle lock', () => {
  it('locks after 15 idle minutes: calls are refused SESSION_LOCKED until the password, the session and its counter stay', async () => {
    d = await desk();
    const clerk = d.conn('clerk');
    const r = await login(clerk);
    expect(r).toMatchObject({ ok: true, value: { locked: false, idleMinutes: 15 } });
    const token = (r.value as { token: string }).token;
    d.clock.advance(14);
    expect(await d.call(clerk, 'queue.state')).toMatchObject({ ok: true }); // activity: the idle clock restarts
    d.clock.advance(14);
    expect(await d.call(clerk, 'session.activity')).toMatchObject({ ok: true });
    d.clock.advance(15);
    const refused = await d.call(clerk, 'queue.state');
    expect(refused).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED', message: '屏幕已锁定，请输入密码解锁。' } });
    expect(await d.call(clerk, 'session.current')).toMatchObject({ ok: true, value: { locked: true, counter: { id: 'counter-3' } } });
    // A reload is no way around the lock: the resumed session is still locked.
    const reloaded = d.conn('reloaded');
    expect(await d.call(reloaded, 'session.resume', { token })).toMatchObject({ ok: true, value: { locked: true } });
    expect(await d.call(reloaded, 'queue.state')).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    // Reported activity does not unlock either.
    expect(await d.call(clerk, 'session.activity')).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    // A wrong password counts toward the account lockout, with the same countdown as the login.
    expect(await d.call(clerk, 'session.unlock', { password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS', message: expect.stringContaining('还剩 4 次') } });
    expect(await d.call(clerk, 'session.unlock', { password: 'demo1001' })).toMatchObject({ ok: true });
    expect(await d.call(clerk, 'queue.state')).toMatchObject({ ok: true });
    expect(await d.call(reloaded, 'queue.state')).toMatchObject({ ok: true });
    const actions = d.ws.audit.recent(20).map((a) => `${a.action}:${a.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(['session.lock:ok', 'session.unlock:refused', 'session.unlock:ok']));
  });

  it('locks at once on 锁屏, and after the configured idle minutes', async () => {
    d = await desk();
    d.ws.settings.set('idleLockMinutes', 5);
    const clerk = d.conn('clerk');
    expect(await login(clerk)).toMatchObject({ ok: true, value: { idleMinutes: 5 } });
    expect(await d.call(clerk, 'session.lock')).toMatchObject({ ok: true });
    expect(await d.call(clerk, 'queue.state')).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(await d.call(clerk, 'session.unlock', { password: 'demo1001' })).toMatchObject({ ok: true });
    d.clock.advance(4);
    expect(await d.call(clerk, 'queue.state')).toMatchObject({ ok: true });
    d.clock.advance(5);
    expect(await d.call(clerk, 'queue.state')).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
  });

  it('five wrong passwords on the lock screen lock the account and end the session', async () => {
    d = await desk();
    const clerk = d.conn('clerk');
    await login(clerk);
    await d.call(clerk, 'session.lock');
    for (let i = 0; i < 4; i++) await d.call(clerk, 'session.unlock', { password: `wrong-${i}` });
    expect(await d.call(clerk, 'session.unlock', { password: 'wrong-5' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED', message: expect.stringContaining('已锁定至') } });
    expect(clerk.session).toBeNull();
    expect(await d.call(clerk, 'queue.state')).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  });
});

describe('maximum age', () => {
  it('ends a session 12 hours after its login however busy it was, and it cannot be resumed', async () => {
    d = await desk();
    const clerk = d.conn('clerk');
    const token = ((await login(clerk)).value as { token: string }).token;
    for (let m = 0; m < 12 * 60 - 10; m += 10) {
      d.clock.advance(10);
      expect(await d.call(clerk, 'session.activity')).toMatchObject({ ok: true });
    }
    d.clock.advance(10);
    expect(await d.call(clerk, 'queue.state')).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED', message: '登录已超过最长时限，请重新登录。' } });
    expect(clerk.session).toBeNull();
    expect(await d.call(d.conn('other'), 'session.resume', { token })).toEqual({ ok: true, value: null });
    expect(d.ws.db.prepare('SELECT ended_reason AS r FROM sessions').all()).toEqual([{ r: 'expired' }]);
  });

  it('follows the configured maximum', async () => {
    d = await desk();
    d.ws.settings.set('sessionMaxHours', 2);
    d.ws.settings.set('idleLockMinutes', 120);
    const clerk = d.conn('clerk');
    await login(clerk);
    d.clock.advance(119);
    expect(await d.call(clerk, 'queue.state')).toMatchObject({ ok: true });
    d.clock.advance(1);
    expect(await d.call(clerk, 'queue.state')).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
  });
});
