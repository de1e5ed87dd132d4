import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeviceRegistry, DiagnosticsLog } from '../../../native';
import { FAST_TIMINGS } from '../../../native/idcard';

const dir = mkdtempSync(join(tmpdir(), 'wd-reg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('DiagnosticsLog', () => {
  it('is a ring buffer: bounded, oldest first, copyable text', () => {
    const log = new DiagnosticsLog(3);
    for (let i = 1; i <= 5; i++) log.add(i === 5 ? 'error' : 'info', 'idcard', `line ${i}`);
    expect(log.entries().map((e) => e.message)).toEqual(['line 3', 'line 4', 'line 5']);
    expect(log.text().split('\n')).toHaveLength(3);
    expect(log.text()).toMatch(/ERROR \[idcard\] line 5$/);
    expect(() => new DiagnosticsLog(0)).toThrow();
  });
});

describe('DeviceRegistry (all simulated)', () => {
  it('lists devices and runs each test action', async () => {
    const reg = new DeviceRegistry({ workDir: dir, idcard: { mode: 'simulated', sim: { timings: FAST_TIMINGS } } });
    const list = reg.list();
    expect(list.map((d) => d.kind)).toEqual(['idcard', 'barcode', 'scanner', 'printer']);
    expect(list.every((d) => d.simulated)).toBe(true);
    for (const kind of ['idcard', 'barcode', 'scanner', 'printer'] as const) {
      const r = await reg.test(kind);
      expect(r, `${kind}: ${r.summary}`).toMatchObject({ ok: true, kind, simulated: true });
    }
    expect(reg.diagnostics.text()).toMatch(/\[idcard\] 20 01 -> SW3 9F/);
    expect(reg.diagnostics.text()).toMatch(/test ok/);
    await reg.close();
  });

  it('a failing device test returns the error instead of throwing, and it shows in list()', async () => {
    const reg = new DeviceRegistry({ workDir: dir, idcard: { mode: 'simulated', sim: { timings: FAST_TIMINGS } } });
    reg.simReader!.unplug();
    const r = await reg.test('idcard');
    expect(r).toMatchObject({ ok: false, error: { code: 'IDCARD_NOT_CONNECTED' } });
    expect(reg.list()[0]).toMatchObject({ state: 'absent', lastError: { code: 'IDCARD_NOT_CONNECTED' } });
    await reg.close();
  });

  it('refuses invalid settings', () => {
    expect(() => new DeviceRegistry({} as never)).toThrow(expect.objectContaining({ code: 'DEVICE_SETTINGS_INVALID' }));
    expect(() => new DeviceRegistry({ workDir: dir, idcard: { mode: 'hid', vendorId: 1, productId: 2 } })).toThrow(expect.objectContaining({ code: 'DEVICE_SETTINGS_INVALID' }));
    const wedge = new DeviceRegistry({ workDir: dir, barcode: { mode: 'wedge' } });
    expect(wedge.list().map((d) => d.kind)).not.toContain('barcode');
    return expect(wedge.test('barcode')).rejects.toMatchObject({ code: 'DEVICE_NOT_CONFIGURED' });
  });

  it('a real HID reader on a machine without one reports absent, not a crash', async () => {
    const reg = new DeviceRegistry({ workDir: dir, idcard: { mode: 'hid', vendorId: 0x0425, productId: 0x8159 } });
    const r = await reg.test('idcard');
    expect(r.ok).toBe(false);
    expect(['IDCARD_NOT_CONNECTED', 'DEVICE_DRIVER_MISSING']).toContain(r.error?.code);
    expect(reg.list()[0]).toMatchObject({ simulated: false, transport: 'usb-hid' });
  });
});
