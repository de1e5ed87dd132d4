/** The hub CLI's device commands on a hub data directory: enrol-code, devices, revoke. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enrolDevice } from '../../../main/core/trust/device';
import { SqliteQueueStore } from '../../../main/hub/store/sqlite';
import { HallCa } from '../../../main/hub/trust/ca';
import { runDeviceCommand } from '../../../main/hub/trust/cli-devices';
import { DeviceRegistry } from '../../../main/hub/trust/registry';

const tmp = () => mkdtempSync(join(tmpdir(), 'wd-cli-devices-'));

describe('npm run hub -- enrol-code | devices | revoke', () => {
  it('prints a code that enrols the device it names; lists it; revokes it', async () => {
    const dataDir = tmp();
    const out = await runDeviceCommand('enrol-code', dataDir, null, { role: 'workstation', counters: '3,4', name: '3号窗口' });
    const code = /登记码（一次有效）：(\S+)/.exec(out)![1];
    expect(out).toContain('设备：3号窗口（窗口工作站，窗口 3、4）');
    expect(out).toMatch(/有效期至：.+\n大厅证书指纹（SHA-256）：[0-9a-f]{64}$/);
    expect(await runDeviceCommand('devices', dataDir, null, {})).toBe('尚未登记任何设备。');

    // Redeemed the way the running hub redeems it (its registry on the same files).
    const store = new SqliteQueueStore(join(dataDir, 'hub.sqlite'));
    const registry = new DeviceRegistry(store.db, await HallCa.openOrCreate(join(dataDir, 'trust'), '大厅'));
    const cred = await enrolDevice(tmp(), code, { fetchCa: async () => (await HallCa.openOrCreate(join(dataDir, 'trust'), '大厅')).certPem, enrol: async (_ca, b) => registry.redeem(b.code, b.csr) });
    const listed = await runDeviceCommand('devices', dataDir, null, {});
    expect(listed).toContain(cred.claims.deviceId);
    expect(listed).toContain('窗口 3、4');
    expect(listed).toContain('有效至');

    expect(await runDeviceCommand('revoke', dataDir, null, { id: cred.claims.deviceId, reason: '设备丢失' })).toContain('已撤销');
    expect(await runDeviceCommand('devices', dataDir, null, {})).toMatch(/已撤销（.+设备丢失）/);
    expect(await registry.bySerial((await registry.get(cred.claims.deviceId))!.serial)).toBeNull();
    store.db.close();
  });

  it('refuses a bad role or counter list in Chinese, making no code', async () => {
    const dataDir = tmp();
    await expect(runDeviceCommand('enrol-code', dataDir, null, { role: 'printer' })).rejects.toThrow(/--role 应为 workstation、kiosk、display/);
    await expect(runDeviceCommand('enrol-code', dataDir, null, { role: 'workstation', counters: '3,x' })).rejects.toThrow(/--counters 应为窗口号列表/);
    await expect(runDeviceCommand('enrol-code', dataDir, null, { role: 'kiosk', counters: '3' })).rejects.toThrow(/不能指定窗口号/);
    await expect(runDeviceCommand('revoke', dataDir, null, { id: 'workstation-nosuch0' })).rejects.toThrow(/没有设备/);
  });
});
