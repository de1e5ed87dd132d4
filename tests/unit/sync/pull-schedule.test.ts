/**
 * The sync domain's pull schedule, which the reference pull rides (addPull): nothing while the hub
 * is away, at once when it comes online (a workstation's start), then once a minute, never two
 * runs of one pull at a time, and a failing run logged and tried again at the next turn.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSyncDomain } from '../../../main/api/domains/sync';
import { openDatabase } from '../../../main/db/connection';
import { workstationMigrations } from '../../../main/db/migrations';

afterEach(() => vi.useRealTimers());

describe('sync domain pull schedule', () => {
  it('runs an added pull when the hub comes online, then once a minute, one run at a time', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-02T02:00:00Z') });
    const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
    const closers: Array<() => void> = [];
    const errors: string[] = [];
    let online = false;
    const sync = createSyncDomain({
      db, hubUrl: null, workstationId: () => 'ws-1', log: { info: () => {}, error: (m) => errors.push(m) }, publishStatus: () => {},
      onClose: (fn) => void closers.push(fn as () => void), hubOnline: () => online,
    });
    let runs = 0;
    let release: (() => void) | null = null;
    let fail = false;
    sync.addPull('reference', () => {
      runs++;
      if (fail) return Promise.reject(new Error('大厅服务返回的数据与协议不符'));
      return new Promise<void>((r) => (release = r));
    });

    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(0); // the hub is away
    online = true;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runs).toBe(1); // at once when it comes online
    await vi.advanceTimersByTimeAsync(120_000);
    expect(runs).toBe(1); // still running: never a second run beside it
    release!();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runs).toBe(2); // a minute has passed since it started
    release!();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs).toBe(2);
    fail = true;
    await vi.advanceTimersByTimeAsync(32_000);
    expect(runs).toBe(3);
    // (the hall-case pull beside it has no hub here and says so in its own lines)
    expect(errors.filter((m) => m.startsWith('[sync] pull reference'))).toEqual(['[sync] pull reference: 大厅服务返回的数据与协议不符']);
    // Offline and back: at once again.
    online = false;
    await vi.advanceTimersByTimeAsync(4_000);
    fail = false;
    online = true;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runs).toBe(4);
    release!();
    for (const c of closers) c();
    db.close();
  });
});
