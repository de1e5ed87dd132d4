import { afterEach, describe, expect, it } from 'vitest';
import { PAIRING_SECONDS } from '../../../main/core/citizen-pairing';
import { desk, type Desk } from './helpers';

let d: Desk;
afterEach(async () => d?.ws.close());

const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('citizen screen pairing (browser shell)', () => {
  it('refuses an unpaired screen; a code from the clerk pairs one screen once; the binding re-attaches after a reconnect', async () => {
    d = await desk();
    const clerk = d.conn('clerk');
    await d.call(clerk, 'session.login', { staffNo: '1001', password: 'demo1001', counterId: 'counter-3' });
    const screen = d.conn('screen');
    expect(await d.call(screen, 'citizen.attach', { counterId: 'counter-3' })).toMatchObject({
      ok: false, error: { code: 'CITIZEN_NOT_PAIRED', message: '群众屏尚未与窗口配对：请输入工作人员屏幕上显示的 6 位配对码。' },
    });
    expect(screen.citizenCounterId).toBeNull();
    // Without a code nothing pairs; a code is only for the counter it was shown at.
    expect(await d.call(screen, 'citizen.pair', { counterId: 'counter-3', code: '123456' })).toMatchObject({ ok: false, error: { code: 'PAIRING_CODE_INVALID' } });
    const issued = (await d.call(clerk, 'citizen.pairingCode')).value as { code: string; expiresAt: string };
    expect(issued.code).toMatch(/^\d{6}$/);
    expect(Date.parse(issued.expiresAt) - d.clock.t).toBe(PAIRING_SECONDS * 1000);
    expect(await d.call(screen, 'citizen.pair', { counterId: 'counter-2', code: issued.code })).toMatchObject({ ok: false, error: { code: 'PAIRING_CODE_INVALID' } });
    const paired = await d.call(screen, 'citizen.pair', { counterId: 'counter-3', code: issued.code });
    expect(paired).toMatchObject({ ok: true });
    expect(await d.call(screen, 'citizen.attach', { counterId: 'counter-3' })).toMatchObject({ ok: true, value: { mode: 'welcome', clerkName: '王敏' } });
    // Single use: a second screen typing the same code gets nothing.
    const intruder = d.conn('intruder');
    expect(await d.call(intruder, 'citizen.pair', { counterId: 'counter-3', code: issued.code })).toMatchObject({ ok: false, error: { code: 'PAIRING_CODE_INVALID', message: expect.stringContaining('已失效') } });
    expect(await d.call(intruder, 'citizen.attach', { counterId: 'counter-3' })).toMatchObject({ ok: false, error: { code: 'CITIZEN_NOT_PAIRED' } });
    // The paired tab reconnects (a new connection) with its binding; the binding is for counter 3 only.
    const binding = (paired.value as { binding: string }).binding;
    const again = d.conn('screen-reconnected');
    expect(await d.call(again, 'citizen.attach', { counterId: 'counter-2', binding })).toMatchObject({ ok: false, error: { code: 'CITIZEN_NOT_PAIRED' } });
    expect(await d.call(again, 'citizen.attach', { counterId: 'counter-3', binding })).toMatchObject({ ok: true });
    expect(await d.call(intruder, 'citizen.attach', { counterId: 'counter-3', binding: 'x'.repeat(43) })).toMatchObject({ ok: false, error: { code: 'CITIZEN_NOT_PAIRED' } });
  });

  it('a code expires after two minutes, and five wrong tries void it', async () => {
    d = await desk();
    const clerk = d.conn('clerk');
    await d.call(clerk, 'session.login', { staffNo: '1001', password: 'demo1001', counterId: 'counter-3' });
    const screen = d.conn('screen');
    let code = ((await d.call(clerk, 'citizen.pairingCode')).value as { code: string }).code;
    d.clock.advance(PAIRING_SECONDS / 60);
    expect(await d.call(screen, 'citizen.pair', { counterId: 'counter-3', code })).toMatchObject({ ok: false, error: { code: 'PAIRING_CODE_INVALID' } });
    code = ((await d.call(clerk, 'citizen.pairingCode')).value as { code: string }).code;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++) await d.call(screen, 'citizen.pair', { counterId: 'counter-3', code: wrong });
    expect(await d.call(screen, 'citizen.pair', { counterId: 'counter-3', code })).toMatchObject({ ok: false, error: { code: 'PAIRING_CODE_INVALID' } });
    // Only staff signed in at a counter can show a code.
    expect(await d.call(d.conn('anon'), 'citizen.pairingCode')).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    const sup = d.conn('sup');
    await d.call(sup, 'session.login', { staffNo: '3001', password: 'demo3001', counterId: null });
    expect(await d.call(sup, 'citizen.pairingCode')).toMatchObject({ ok: false, error: { code: 'NO_COUNTER' } });
  });

  it('citizen.sign is refused from a connection not bound to a counter', async () => {
    d = await desk();
    const anyone = d.conn('anyone');
    expect(await d.call(anyone, 'citizen.sign', { requestId: 'r1', pngBase64: PNG_1x1 })).toMatchObject({ ok: false, error: { code: 'CITIZEN_NOT_ATTACHED' } });
    // A refused attach binds nothing either.
    await d.call(anyone, 'citizen.attach', { counterId: 'counter-3' });
    expect(await d.call(anyone, 'citizen.sign', { requestId: 'r1', pngBase64: PNG_1x1 })).toMatchObject({ ok: false, error: { code: 'CITIZEN_NOT_ATTACHED' } });
  });

  it('the Electron shell\'s own citizen window (bound at creation) attaches without a code', async () => {
    d = await desk();
    const shellWindow = { ...d.conn('ipc-citizen'), transport: 'ipc' as const, citizenCounterId: 'counter-3' };
    expect(await d.call(shellWindow, 'citizen.attach', { counterId: 'counter-3' })).toMatchObject({ ok: true, value: { mode: 'welcome' } });
    // …and to its own counter only.
    expect(await d.call(shellWindow, 'citizen.attach', { counterId: 'counter-2' })).toMatchObject({ ok: false, error: { code: 'CITIZEN_NOT_PAIRED' } });
  });
});
