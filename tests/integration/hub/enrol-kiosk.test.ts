/**
 * The kiosk enrols its machine from its own screen (no staff session there): only with a code
 * made for a kiosk, only while it holds no credential, to the configured hub. Enrolled, it issues
 * tickets through the hub at once; the hub refuses it every workstation and supervisor action.
 */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/api/dispatch';
import { createWorkstation } from '../../../main/api/workstation';
import { MemorySettings } from '../../../main/core/settings';
import { loadCredential } from '../../../main/core/trust/device';
import { HubClient } from '../../../main/hub/client';
import { STAFF_ASSERTION_HEADER } from '../../../main/hub/protocol';
import { connection, tempDir } from '../../fixtures/workstation';
import { assertSupervisor, expectCode, startTestHub } from './helpers';

const quiet = { info: () => {}, error: () => {} };

describe('a kiosk enrolling from its own screen', () => {
  it('enrols with a kiosk code (not another device’s), issues through the hub at once, and is refused workstation and supervisor actions', async () => {
    const { hub, credential: desk } = await startTestHub({ demo: true });
    const dataDir = tempDir();
    const settings = new MemorySettings();
    settings.set('hubUrl', hub.url);
    const ws = await createWorkstation({ dataDir, demo: true, shell: 'browser', settings, version: 'test', hubUrl: undefined, log: quiet });
    try {
      const kiosk = connection();
      expect(await dispatch(ws, kiosk, 'kiosk.enrolment', {})).toEqual({ ok: true, value: { needsEnrolment: true, enrolled: false, hubUrl: hub.url } });

      const wsCode = (await hub.trust!.registry.createCode({ role: 'workstation', counters: [3], name: '3号窗口' })).code;
      expect(await dispatch(ws, kiosk, 'kiosk.enrol', { code: wsCode })).toMatchObject({
        ok: false, error: { code: 'ENROLMENT_REFUSED', message: '此登记码是为窗口工作站签发的，不能用于取号机；请向管理员索取取号机的登记码。' },
      });
      expect((await hub.trust!.registry.list()).some((d) => d.name === '3号窗口')).toBe(false);
      // A wrong hub address cannot be slipped in: the configured one is used.
      const { code } = await hub.trust!.registry.createCode({ role: 'kiosk', counters: [], name: '大厅取号机1' });
      expect(await dispatch(ws, kiosk, 'kiosk.enrol', { code, hubUrl: 'https://10.9.9.9:7300' })).toEqual({ ok: true, value: { needsEnrolment: false, enrolled: true, hubUrl: hub.url } });
      expect((await hub.trust!.registry.list()).find((d) => d.name === '大厅取号机1')?.role).toBe('kiosk');
      // Once enrolled, the kiosk screen cannot re-enrol it (an administrator does, from 设置).
      const again = (await hub.trust!.registry.createCode({ role: 'kiosk', counters: [], name: '另一台' })).code;
      expect(await dispatch(ws, kiosk, 'kiosk.enrol', { code: again })).toMatchObject({ ok: false, error: { code: 'ALREADY_ENROLLED' } });

      // No restart: the live link presents the new credential.
      for (let i = 0; i < 400 && !ws.queue.link.online; i++) await new Promise((r) => setTimeout(r, 25));
      expect(ws.queue.link.online).toBe(true);
      const issued = await dispatch(ws, kiosk, 'queue.kioskIssue', { stream: 'A' });
      expect(issued).toMatchObject({ ok: true, value: { number: expect.stringMatching(/^A\d{3}$/) } });

      // The hub knows it as a kiosk: no counter's work, no supervisor's, even with a supervisor's assertion.
      const cred = loadCredential(dataDir)!;
      expect(cred.claims).toMatchObject({ role: 'kiosk', counters: [] });
      const assertion = await assertSupervisor(hub, desk);
      const asKiosk = new HubClient({ url: hub.url, credential: cred, headers: () => ({ [STAFF_ASSERTION_HEADER]: assertion }) });
      await expectCode(asKiosk.callNext(3), 'DEVICE_FORBIDDEN');
      await expectCode(asKiosk.pause(3), 'DEVICE_FORBIDDEN');
      await expectCode(asKiosk.setSkills(3, ['A']), 'DEVICE_FORBIDDEN');
      await expectCode(asKiosk.supervisor(), 'DEVICE_FORBIDDEN');
      await expectCode(asKiosk.appointments(), 'DEVICE_FORBIDDEN');
      await expectCode(asKiosk.staffAssert('test-supervisor', 'Test-supervisor-1'), 'DEVICE_FORBIDDEN');
      asKiosk.close();
    } finally {
      await ws.close();
      await hub.close();
    }
  });
});
