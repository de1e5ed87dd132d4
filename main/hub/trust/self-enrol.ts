/**
 * A device enrolled with a hub running in this process (the embedded hub of `npm start -- --demo`,
 * tests): the code is made here, but redeemed the way any device redeems one — through the hub's
 * own /trust routes over the network — so the path a real workstation takes is the path exercised.
 * A credential already in `dataDir` is reused while the hub still knows the device.
 */
import { enrolDevice, loadCredential, type DeviceCredential } from '../../core/trust/device';
import { networkEnrolTransport } from '../../core/trust/transport';
import type { DeviceRole } from '../../core/trust/claims';
import { fingerprintOf } from '../../core/trust/x509';
import type { RunningHub } from '../index';

export async function enrolWithRunningHub(hub: RunningHub, dataDir: string, device: { role: DeviceRole; counters: number[]; name: string }): Promise<DeviceCredential> {
  if (!hub.trust) throw new Error('this hub has no device registry');
  const have = loadCredential(dataDir);
  if (have && fingerprintOf(have.caPem) === hub.trust.ca.fingerprint && (await hub.trust.registry.get(have.claims.deviceId))?.revokedAt === null
    && sameCounters(have.claims.counters, device.counters) && have.claims.role === device.role) {
    return have;
  }
  const { code } = await hub.trust.registry.createCode({ ...device, ttlMinutes: 5 });
  return enrolDevice(dataDir, code, networkEnrolTransport(hub.url));
}

const sameCounters = (a: number[], b: number[]) => a.length === b.length && a.every((n, i) => n === b[i]);
