import { hostname } from 'node:os';

/** Where a signature is taken: this workstation's id, and the time with where it came from. */
export interface SigningStation {
  deviceId: string;
  time(): { at: string; source: 'hub' | 'local' };
}

/**
 * Built from the queue's hub link: the workstation id it reconciles under, and the hub's clock
 * (aged from the last pushed views) while online; this machine's clock, marked local, otherwise.
 */
export function signingStation(link: { workstationId: string; online: boolean; views: unknown; hubNow(): number }): SigningStation {
  return {
    deviceId: link.workstationId,
    time: () => (link.online && link.views ? { at: new Date(link.hubNow()).toISOString(), source: 'hub' } : { at: new Date().toISOString(), source: 'local' }),
  };
}

/** Without a queue (intake alone, in tests): the host name and the local clock. */
export function localStation(now: () => Date): SigningStation {
  return { deviceId: `host:${hostname()}`, time: () => ({ at: now().toISOString(), source: 'local' }) };
}
