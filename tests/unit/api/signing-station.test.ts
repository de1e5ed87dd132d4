import { describe, expect, it } from 'vitest';
import { localStation, signingStation } from '../../../main/api/intake/station';

describe('the signing station: which workstation, and whose clock', () => {
  it('takes the hub clock (aged from the last views) while online, and marks the local clock when not', () => {
    const link = { workstationId: 'ws-1', online: true, views: { at: 1 } as unknown, hubNow: () => Date.parse('2026-12-01T08:00:00.000Z') };
    const st = signingStation(link);
    expect(st.deviceId).toBe('ws-1');
    expect(st.time()).toEqual({ at: '2026-12-01T08:00:00.000Z', source: 'hub' });
    link.online = false;
    expect(st.time().source).toBe('local');
    link.online = true;
    link.views = null; // online but no views yet: hubNow would be this machine's clock
    expect(st.time().source).toBe('local');
  });

  it('without a queue: the host name and the local clock', () => {
    const st = localStation(() => new Date('2026-12-01T01:02:03.000Z'));
    expect(st.deviceId).toMatch(/^host:/);
    expect(st.time()).toEqual({ at: '2026-12-01T01:02:03.000Z', source: 'local' });
  });
});
