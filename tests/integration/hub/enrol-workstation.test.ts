/**
 * A workstation configured with a remote hub and no credential: the hub refuses it, the settings
 * page says 本机尚未登记到大厅服务, and an administrator enrols it with the hub's address and a
 * one-time code; its live hub link talks to the hub with the new credential at once (no restart),
 * and after a restart with the stored one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/api/dispatch';
import { createWorkstation } from '../../../main/api/workstation';
import { DEMO_STAFF } from '../../../main/core/demo/seed';
import { MemorySettings } from '../../../main/core/settings';
import { connection, tempDir } from '../../fixtures/workstation';
import { startTestHub } from './helpers';

const admin = DEMO_STAFF.find((s) => s.role === 'admin')!;
const quiet = { info: () => {}, error: () => {} };

describe('enrolling a workstation with a remote hub from its settings page', () => {
  it('refused while not enrolled; enrolled with the address and a one-time code; online at once, and after a restart', async () => {
    const { hub } = await startTestHub({ demo: true });
    const dataDir = tempDir();
    const settings = new MemorySettings();
    const open = () => createWorkstation({ dataDir, demo: true, shell: 'browser', settings, version: 'test', hubUrl: undefined, log: quiet });
    settings.set('hubUrl', hub.url);
    let ws = await open();
    try {
      const conn = connection();
      expect(await dispatch(ws, conn, 'session.login', { staffNo: admin.staffNo, password: admin.password, counterId: null })).toMatchObject({ ok: true });
      expect(await dispatch(ws, conn, 'hub.enrolment', {})).toMatchObject({ ok: true, value: { mode: 'remote', needsEnrolment: true, device: null } });
      // The hub refuses this machine: its link never comes online.
      await new Promise((r) => setTimeout(r, 300));
      expect(ws.queue.link.online).toBe(false);
      // Nor does the hall's case record answer it.
      await expect(ws.sync.pull()).rejects.toMatchObject({ code: expect.stringMatching(/^DEVICE_|HUB_/) });

      const { code } = await hub.trust!.registry.createCode({ role: 'workstation', counters: [3], name: '3号窗口' });
      const wrongHub = await dispatch(ws, conn, 'hub.enrol', { hubUrl: 'http://127.0.0.1:1', code });
      expect(wrongHub).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('https') } });
      const wrongCode = await dispatch(ws, conn, 'hub.enrol', { hubUrl: hub.url, code: `ZZZZ-ZZZZ-${code.slice(10)}` });
      expect(wrongCode).toMatchObject({ ok: false, error: { code: 'ENROLMENT_REFUSED' } });

      const r = await dispatch(ws, conn, 'hub.enrol', { hubUrl: hub.url, code });
      expect(r).toMatchObject({ ok: true, value: { needsEnrolment: false, restartRequired: false, device: { role: 'workstation', counters: [3] } } });
      expect(existsSync(join(dataDir, 'device', 'device.crt'))).toBe(true);
      expect((await hub.trust!.registry.list()).some((d) => d.name === '3号窗口')).toBe(true);
      // The same hub address the link was built for: it presents the new credential from now on.
      for (let i = 0; i < 400 && !ws.queue.link.online; i++) await new Promise((r) => setTimeout(r, 25));
      expect(ws.queue.link.online).toBe(true);
      // The sync domain's own connection presents it too (cases, ratings and 求助 go without a restart).
      await expect(ws.sync.pull()).resolves.toMatchObject({ reset: expect.any(Boolean) });
      const clerk = connection();
      expect(await dispatch(ws, clerk, 'session.login', { staffNo: '1001', password: 'demo1001', counterId: 'counter-3' })).toMatchObject({ ok: true });
      expect(await dispatch(ws, clerk, 'queue.issue', { stream: 'A' })).toMatchObject({ ok: true, value: { series: 'hub' } });
    } finally {
      await ws.close();
    }

    ws = await open();
    try {
      for (let i = 0; i < 200 && !ws.queue.link.online; i++) await new Promise((r) => setTimeout(r, 25));
      expect(ws.queue.link.online).toBe(true);
    } finally {
      await ws.close();
      await hub.close();
    }
  });
});
