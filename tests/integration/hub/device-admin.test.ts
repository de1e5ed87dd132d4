/**
 * 设置 → 大厅设备 at the hub: a hub-verified supervisor lists the hall's devices, makes a one-time
 * code a new kiosk redeems over the network, and revokes a device, which is refused on its next
 * request. Without the assertion, or from a kiosk, each route is refused; the calling workstation
 * cannot revoke itself; every change is in the hub audit with the verified supervisor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient } from '../../../main/hub/client';
import type { RunningHub } from '../../../main/hub/index';
import { enrolTestDevice, expectCode, redeemAt, startTestHub, TEST_SUPERVISOR } from './helpers';

describe('device administration at the hub', () => {
  let hub: RunningHub;
  let client: HubClient;
  let workstationId: string;
  beforeAll(async () => {
    const t = await startTestHub();
    hub = t.hub;
    client = t.client;
    workstationId = t.credential.claims.deviceId;
  });
  afterAll(async () => {
    client.close();
    await hub.close();
  });

  it('makes a kiosk code that enrols a kiosk, lists it, and revokes it: its next request is refused', async () => {
    const code = await client.hallDevicesCode({ role: 'kiosk', counters: [], name: '东门取号机', ttlMinutes: 10 });
    expect(code).toMatchObject({ name: '东门取号机', caFingerprint: hub.trust!.ca.fingerprint });
    expect(code.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const kiosk = await redeemAt(hub.url, code.code);
    const asKiosk = new HubClient({ url: hub.url, credential: kiosk });
    expect((await asKiosk.issue({ stream: 'A', source: 'kiosk' })).number).toMatch(/^A/);

    const listed = (await client.hallDevices()).find((d) => d.id === kiosk.claims.deviceId);
    expect(listed).toMatchObject({ role: 'kiosk', name: '东门取号机', counters: [], revokedAt: null, credential: 'certificate' });
    // 最近连接: the kiosk's ticket request above.
    expect(listed!.lastSeen).toBeGreaterThanOrEqual(listed!.enrolledAt);
    // Used up: the same code enrols nothing else.
    await expect(redeemAt(hub.url, code.code)).rejects.toThrow();

    const revoked = await client.hallDevicesRevoke(kiosk.claims.deviceId, '设备报废');
    expect(revoked).toMatchObject({ id: kiosk.claims.deviceId, revokedReason: '设备报废' });
    expect(revoked.revokedAt).not.toBeNull();
    await expectCode(asKiosk.issue({ stream: 'A', source: 'kiosk' }), 'DEVICE_UNKNOWN');
    asKiosk.close();

    // The hub audit names the supervisor it verified for both changes.
    const audit = hub.audit!.log.recent(50);
    for (const action of ['hub.hallDevicesCode', 'hub.hallDevicesRevoke']) {
      const row = audit.find((r) => r.action === action);
      expect(row?.actorStaffId, action).toBe(TEST_SUPERVISOR.staffNo);
      expect(JSON.parse(row!.details)).toMatchObject({ staffVerified: true });
    }
  });

  it('names a workstation by its counters when no name is given, and refuses bad requests in Chinese', async () => {
    expect((await client.hallDevicesCode({ role: 'workstation', counters: [4, 3, 4] })).name).toBe('窗口工作站 3、4号窗口');
    await expect(client.hallDevicesCode({ role: 'workstation', counters: [] })).rejects.toThrow('窗口工作站须指定至少一个窗口号。');
    await expect(client.hallDevicesCode({ role: 'display', counters: [2] })).rejects.toThrow(/不能指定窗口号/);
    await expectCode(client.hallDevicesRevoke('kiosk-zzzzzzzz', '测试'), 'UNKNOWN_DEVICE');
    await expectCode(client.hallDevicesRevoke(workstationId, '误操作'), 'INVALID_INPUT');
    expect((await client.hallDevices()).find((d) => d.id === workstationId)?.revokedAt).toBeNull();
  });

  it('refuses a workstation without a verified supervisor, and a kiosk', async () => {
    const desk = await enrolTestDevice(hub, 'workstation', [2]);
    const plain = new HubClient({ url: hub.url, credential: desk });
    await expectCode(plain.hallDevices(), 'STAFF_UNVERIFIED');
    await expectCode(plain.hallDevicesCode({ role: 'kiosk', counters: [] }), 'STAFF_UNVERIFIED');
    const kiosk = new HubClient({ url: hub.url, credential: await enrolTestDevice(hub, 'kiosk') });
    await expectCode(kiosk.hallDevices(), 'DEVICE_FORBIDDEN');
    await expectCode(kiosk.hallDevicesRevoke(desk.claims.deviceId, '越权'), 'DEVICE_FORBIDDEN');
    expect((await client.hallDevices()).find((d) => d.id === desk.claims.deviceId)?.revokedAt).toBeNull();
    plain.close();
    kiosk.close();
  });
});
