import { afterEach, describe, expect, it } from 'vitest';
import { shouldDeliver } from '../../../main/api/events';
import type { Delivery } from '../../../main/core/events';
import { desk, type Desk } from './helpers';

let d: Desk;
afterEach(async () => d?.ws.close());

describe('one clerk per counter', () => {
  it('asks before taking a counter over; taking it ends the first clerk\'s session and tells that session only', async () => {
    d = await desk();
    const wang = d.conn('wang');
    const wangTab = d.conn('wang-tab');
    const bystander = d.conn('bystander');
    const li = d.conn('li');
    const heard: Delivery[] = [];
    d.ws.bus.subscribe((x) => heard.push(x));
    const wangLogin = await d.call(wang, 'session.login', { staffNo: '1001', password: 'demo1001', counterId: 'counter-3' });
    // The same clerk in a second tab at the same counter is no takeover.
    expect(await d.call(wangTab, 'session.resume', { token: (wangLogin.value as { token: string }).token })).toMatchObject({ ok: true });
    expect(await d.call(bystander, 'session.login', { staffNo: '3001', password: 'demo3001', counterId: null })).toMatchObject({ ok: true });

    const asked = await d.call(li, 'session.login', { staffNo: '1002', password: 'demo1002', counterId: 'counter-3' });
    expect(asked).toMatchObject({ ok: false, error: { code: 'COUNTER_TAKEN', message: '该窗口已由 王敏 登录，是否接管？' } });
    expect(li.session).toBeNull();
    expect(await d.call(wang, 'queue.state')).toMatchObject({ ok: true });
    // A wrong password never reveals who holds the counter.
    expect(await d.call(d.conn('x'), 'session.login', { staffNo: '1002', password: 'nope', counterId: 'counter-3' })).toMatchObject({ error: { code: 'BAD_CREDENTIALS' } });

    expect(await d.call(li, 'session.login', { staffNo: '1002', password: 'demo1002', counterId: 'counter-3', takeOver: true })).toMatchObject({ ok: true, value: { staff: { name: '李强' } } });
    const ended = heard.filter((x) => x.name === 'session.ended');
    expect(ended.map((x) => x.payload)).toEqual([{ reason: 'replaced', by: '李强' }]);
    // Delivered to both of 王敏's connections, to nobody else.
    expect([wang, wangTab, bystander, li].map((c) => shouldDeliver(ended[0], c))).toEqual([true, true, false, false]);
    expect(await d.call(wang, 'queue.state')).toMatchObject({ ok: false, error: { code: 'SESSION_ENDED', message: '本次登录已结束，请重新登录。' } });
    expect(await d.call(wangTab, 'queue.state')).toMatchObject({ ok: false, error: { code: 'SESSION_ENDED' } });
    expect(await d.call(li, 'queue.state')).toMatchObject({ ok: true });
    expect(d.ws.audit.recent(30).some((r) => r.action === 'session.takeover' && r.outcome === 'ok')).toBe(true);
    expect(d.ws.db.prepare("SELECT ended_reason AS r FROM sessions WHERE ended_at IS NOT NULL").all()).toEqual([{ r: 'taken-over' }]);
    // And back: now 李强 is the one named.
    expect(await d.call(d.conn('wang-again'), 'session.login', { staffNo: '1001', password: 'demo1001', counterId: 'counter-3' })).toMatchObject({ error: { message: '该窗口已由 李强 登录，是否接管？' } });
    // A logout frees the counter.
    await d.call(li, 'session.logout');
    expect(await d.call(d.conn('wang-3'), 'session.login', { staffNo: '1001', password: 'demo1001', counterId: 'counter-3' })).toMatchObject({ ok: true });
  });

  it('a supervisor signs in beside the counter\'s clerk without taking it over', async () => {
    d = await desk();
    const wang = d.conn('wang');
    await d.call(wang, 'session.login', { staffNo: '1001', password: 'demo1001', counterId: 'counter-3' });
    expect(await d.call(d.conn('sup'), 'session.login', { staffNo: '3001', password: 'demo3001', counterId: 'counter-3' })).toMatchObject({ ok: true });
    expect(await d.call(wang, 'queue.state')).toMatchObject({ ok: true });
    expect(await d.call(d.conn('li'), 'session.login', { staffNo: '1002', password: 'demo1002', counterId: 'counter-3' })).toMatchObject({ error: { message: '该窗口已由 王敏 登录，是否接管？' } });
  });

  it('a session past its maximum age does not hold the counter', async () => {
    d = await desk();
    await d.call(d.conn('wang'), 'session.login', { staffNo: '1001', password: 'demo1001', counterId: 'counter-3' });
    d.clock.advance(12 * 60);
    expect(await d.call(d.conn('li'), 'session.login', { staffNo: '1002', password: 'demo1002', counterId: 'counter-3' })).toMatchObject({ ok: true });
  });
});
