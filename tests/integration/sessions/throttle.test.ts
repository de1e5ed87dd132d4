import { afterEach, describe, expect, it } from 'vitest';
import { desk, type Desk } from './helpers';

let d: Desk;
afterEach(async () => d?.ws.close());

describe('login attempts per connection', () => {
  it('refuses the 11th attempt in a minute from one connection, before any password check, so it cannot lock an account', async () => {
    d = await desk();
    const guesser = d.conn('guesser');
    for (let i = 0; i < 4; i++) {
      expect(await d.call(guesser, 'session.login', { staffNo: '1002', password: `guess-${i}`, counterId: null })).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
    }
    for (let i = 0; i < 6; i++) await d.call(guesser, 'session.login', { staffNo: `99${i}`, password: 'x', counterId: null });
    for (let i = 0; i < 30; i++) {
      expect(await d.call(guesser, 'session.login', { staffNo: '1002', password: `guess-more-${i}`, counterId: null })).toMatchObject({
        ok: false, error: { code: 'TOO_MANY_ATTEMPTS', message: expect.stringMatching(/^尝试过于频繁，请 \d+ 秒后再试。$/) },
      });
    }
    // Even the right password waits; the account itself is not locked (4 failures, not 5).
    expect(await d.call(guesser, 'session.login', { staffNo: '1002', password: 'demo1002', counterId: null })).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS' } });
    expect(d.ws.staff.list().find((s) => s.staffNo === '1002')).toMatchObject({ failedAttempts: 4, lockedUntil: null });
    // Another connection is not held back, and the guesser gets its turn after the minute.
    expect(await d.call(d.conn('clerk'), 'session.login', { staffNo: '1002', password: 'demo1002', counterId: null })).toMatchObject({ ok: true });
    d.clock.advance(1);
    expect(await d.call(guesser, 'session.login', { staffNo: '1001', password: 'demo1001', counterId: null })).toMatchObject({ ok: true });
    // The 31 refusals are two audit rows: the first at once, the other 30 as one when the minute closes (here: at close).
    d.ws.audit.close();
    const rows = d.ws.audit.recent(200).filter((r) => r.action === 'session.login' && r.outcome === 'refused' && JSON.parse(r.details).reason === 'rate-limited');
    expect(rows.map((r) => JSON.parse(r.details))).toEqual([
      expect.objectContaining({ count: 30, aggregated: true }),
      expect.objectContaining({ count: 1, limit: 10, windowSeconds: 60 }),
    ]);
  });

  it('the lock screen and 修改密码 share the connection\'s attempts', async () => {
    d = await desk();
    const clerk = d.conn('clerk');
    await d.call(clerk, 'session.login', { staffNo: '1001', password: 'demo1001', counterId: null }); // 1
    await d.call(clerk, 'session.lock');
    for (let i = 0; i < 4; i++) await d.call(clerk, 'session.unlock', { password: `wrong-${i}` }); // 2–5
    // (a supervisor unlocks the account, so the next four wrong ones do not lock it)
    d.ws.staff.unlock(d.ws.staff.list().find((s) => s.staffNo === '1001')!.id);
    for (let i = 0; i < 5; i++) await d.call(clerk, 'session.unlock', { password: i < 4 ? `wrong-again-${i}` : 'demo1001' }); // 6–10
    expect(await d.call(clerk, 'session.current')).toMatchObject({ ok: true, value: { locked: false } });
    expect(await d.call(clerk, 'session.changePassword', { current: 'demo1001', next: 'Spring-Tea7' })).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS' } });
  });
});
