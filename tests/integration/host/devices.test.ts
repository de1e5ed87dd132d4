import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/api/dispatch';
import type { Connection } from '../../../main/api/context';
import type { Workstation } from '../../../main/api/workstation';
import { shouldDeliver } from '../../../main/api/events';
import type { Delivery } from '../../../main/core/events';
import { createWorkstation } from '../../../main/api/workstation';
import { MemorySettings } from '../../../main/core/settings';
import { connection, demoWorkstation, tempDir } from '../../fixtures/workstation';

let ws: Workstation;
let conn: Connection;
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

beforeAll(async () => {
  ws = await demoWorkstation();
  conn = connection();
  expect(await dispatch(ws, conn, 'session.login', { staffNo: '1001', password: 'demo1001', counterId: 'counter-1' })).toMatchObject({ ok: true });
});
afterAll(async () => ws.close());

describe('devices through the contract (simulated devices)', () => {
  it('lists the simulated devices and labels them', async () => {
    const r = await dispatch(ws, conn, 'devices.list', {});
    expect(r.ok).toBe(true);
    const kinds = (r as { value: Array<{ kind: string; simulated: boolean }> }).value;
    expect(kinds.map((d) => d.kind).sort()).toEqual(['barcode', 'idcard', 'printer', 'scanner']);
    expect(kinds.every((d) => d.simulated)).toBe(true);
  });

  it('reads a demo applicant card placed in the simulated reader, masks the number for display, and audits the read', async () => {
    expect(await dispatch(ws, conn, 'devices.simulateCard', { idNumber: '310117198206150314' })).toMatchObject({ ok: true, value: { presented: '张伟' } });
    const r = await dispatch(ws, conn, 'devices.readIdCard', {});
    expect(r).toMatchObject({ ok: true, value: { simulated: true, identity: { name: '张伟', idNumber: '310117198206150314', idNumberMasked: expect.stringMatching(/^3101\*+0314$/) } } });
    expect(ws.audit.recent(1)[0]).toMatchObject({ action: 'devices.readIdCard', outcome: 'ok' });
  });

  it('refuses an unknown demo card', async () => {
    expect(await dispatch(ws, conn, 'devices.simulateCard', { idNumber: '110101199001011234' })).toMatchObject({ ok: false, error: { code: 'DEMO_CARD_UNKNOWN' } });
  });

  it('scans pages into the file store with their hashes', async () => {
    const r = await dispatch(ws, conn, 'devices.scan', { source: 'adf', maxPages: 3 });
    expect(r.ok).toBe(true);
    const pages = (r as { value: { pages: Array<{ fileId: string; sha256: string }> } }).value.pages;
    expect(pages.length).toBe(3);
    expect(ws.files.read(pages[0].fileId).file.sha256).toBe(pages[0].sha256);
  });

  it('stores an uploaded camera capture, and refuses bytes that are not what they claim', async () => {
    const ok = await dispatch(ws, conn, 'devices.uploadCapture', { dataBase64: PNG_1x1, mime: 'image/png', source: 'camera' });
    expect(ok).toMatchObject({ ok: true, value: { mime: 'image/png' } });
    const bad = await dispatch(ws, conn, 'devices.uploadCapture', { dataBase64: Buffer.from('not an image at all').toString('base64'), mime: 'image/png', source: 'camera' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'FILE_CONTENT_MISMATCH' } });
  });

  it('refuses to print a file that is not a PDF', async () => {
    const up = (await dispatch(ws, conn, 'devices.uploadCapture', { dataBase64: PNG_1x1, mime: 'image/png', source: 'import' })) as { value: { fileId: string } };
    expect(await dispatch(ws, conn, 'devices.print', { fileId: up.value.fileId })).toMatchObject({ ok: false, error: { code: 'PRINT_NOT_PDF' } });
  });

  it('runs the device self-test on the simulated reader', async () => {
    expect(await dispatch(ws, conn, 'devices.test', { kind: 'idcard' })).toMatchObject({ ok: true, value: { ok: true, simulated: true } });
  });
});

describe('barcode forwarding and reconfiguration', () => {
  it('forwards a scan on the workstation scanner only to the counters that watch, classified', async () => {
    const seen: Delivery[] = [];
    const off = ws.bus.subscribe((d) => d.name === 'devices.barcode' && seen.push(d));
    // not watching yet: the scan is classified but goes nowhere
    expect(await dispatch(ws, conn, 'devices.simulateBarcode', { raw: 'WD-APPT:Y20261122' })).toMatchObject({ ok: true, value: { payload: { kind: 'appointment', code: 'Y20261122' }, simulated: true } });
    expect(seen).toHaveLength(0);
    expect(await dispatch(ws, conn, 'devices.watchBarcode', { on: true })).toEqual({ ok: true, value: { watching: true, source: 'simulated' } });
    await dispatch(ws, conn, 'devices.simulateBarcode', { raw: 'WD-CASE:SJ2026000123\r\n' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ counterId: 'counter-1', payload: { payload: { kind: 'case', caseNumber: 'SJ2026000123' } } });
    // counter scope: another counter's connection does not hear it
    const other = { ...connection(), id: 'other', session: { ...conn.session!, counterId: 'counter-2' } };
    expect(shouldDeliver(seen[0], conn)).toBe(true);
    expect(shouldDeliver(seen[0], other)).toBe(false);
    expect(await dispatch(ws, conn, 'devices.watchBarcode', { on: false })).toMatchObject({ ok: true, value: { watching: false } });
    await dispatch(ws, conn, 'devices.simulateBarcode', { raw: 'WD-CASE:SJ2026000124' });
    expect(seen).toHaveLength(1);
    off();
  });

  it('refuses an empty simulated scan without emitting anything', async () => {
    const seen: Delivery[] = [];
    const off = ws.bus.subscribe((d) => d.name === 'devices.barcode' && seen.push(d));
    expect(await dispatch(ws, conn, 'devices.simulateBarcode', { raw: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(seen).toHaveLength(0);
    off();
  });

  it('lets only an admin reconfigure; a bad reader id leaves the working devices in place', async () => {
    expect(await dispatch(ws, conn, 'devices.reconfigure', {})).toMatchObject({ ok: false });
    const admin = connection();
    expect(await dispatch(ws, admin, 'session.login', { staffNo: '9001', password: 'demo9001', counterId: 'counter-2' })).toMatchObject({ ok: true });
    const before = ws.devices.registry;
    ws.settings.set('deviceMode', 'real');
    ws.settings.set('idcardReader', 'ffff:0001');
    const bad = await dispatch(ws, admin, 'devices.reconfigure', {});
    expect(bad).toMatchObject({ ok: false, error: { code: 'DEVICE_SETTINGS_INVALID' } });
    expect(ws.devices.registry).toBe(before);
    expect(ws.devices.simulated).toBe(true);
    ws.settings.set('deviceMode', 'simulated');
    ws.settings.set('idcardReader', null);
    const changed: Delivery[] = [];
    const off = ws.bus.subscribe((d) => d.name === 'devices.changed' && changed.push(d));
    const ok = await dispatch(ws, admin, 'devices.reconfigure', {});
    off();
    expect(ok).toMatchObject({ ok: true });
    expect(ws.devices.registry).not.toBe(before);
    expect(changed).toHaveLength(1);
    // the new simulated scanner is forwarded too
    await dispatch(ws, conn, 'devices.watchBarcode', { on: true });
    const seen: Delivery[] = [];
    const off2 = ws.bus.subscribe((d) => d.name === 'devices.barcode' && seen.push(d));
    await dispatch(ws, conn, 'devices.simulateBarcode', { raw: 'WD-APPT:ABCD1234' });
    off2();
    expect(seen).toHaveLength(1);
    expect(ws.devices.registry.diagnostics.text()).toMatch(/reconfigured/);
  });
});

describe('device settings at start', () => {
  async function startWith(settings: MemorySettings): Promise<Workstation> {
    const errors: string[] = [];
    const w = await createWorkstation({ dataDir: tempDir(), demo: true, shell: 'browser', settings, version: 'test', hubUrl: null, hubMode: 'none', log: { info: () => {}, error: (m) => errors.push(m) } });
    return Object.assign(w, { startErrors: errors });
  }

  it('real devices with no reader chosen keep the simulated reader, labelled, and the SANE/CUPS choices', async () => {
    const w = await startWith(new MemorySettings({ deviceMode: 'real', scannerDevice: 'test:0', printerQueue: 'WD_PDF' }));
    try {
      const list = w.devices.registry.list();
      expect(list.find((d) => d.kind === 'idcard')).toMatchObject({ simulated: true });
      expect(list.find((d) => d.kind === 'scanner')).toMatchObject({ simulated: false });
      expect(list.find((d) => d.kind === 'printer')).toMatchObject({ simulated: false });
      // keyboard-wedge barcode: nothing for the workstation to forward
      expect(w.devices.barcodeSource()).toBe('none');
    } finally {
      await w.close();
    }
  });

  it('an unsupported reader id does not stop the workstation: it starts with the simulated reader and says why', async () => {
    const w = await startWith(new MemorySettings({ deviceMode: 'real', idcardReader: 'ffff:0001' }));
    try {
      expect(w.devices.registry.list().find((d) => d.kind === 'idcard')).toMatchObject({ simulated: true });
      expect(w.devices.registry.diagnostics.text()).toMatch(/不支持的读卡器型号.*已改用模拟读卡器/);
      expect((w as Workstation & { startErrors: string[] }).startErrors.join('\n')).toMatch(/simulated reader/);
    } finally {
      await w.close();
    }
  });
});

