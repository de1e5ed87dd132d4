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
    // (no hub here: the hall-case pull is not on the schedule, so this is the only line)
    expect(errors).toEqual(['[sync] pull reference: 大厅服务返回的数据与协议不符']);
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

  it('does not repeat at once a pull that just ran by other means (ranAt), and counts a minute from either run', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-02T02:00:00Z') });
    const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
    const closers: Array<() => void> = [];
    let online = false;
    const sync = createSyncDomain({
      db, hubUrl: null, workstationId: () => 'ws-1', log: { info: () => {}, error: () => {} }, publishStatus: () => {},
      onClose: (fn) => void closers.push(fn as () => void), hubOnline: () => online,
    });
    let runs = 0;
    let ranAt = 0;
    sync.addPull('appointments', async () => void runs++, { ranAt: () => ranAt });
    // The link pulled while it came back online (before the schedule saw it online).
    ranAt = Date.now();
    online = true;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(56_000);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(runs).toBe(1); // a minute after the link's run
    // A push made the link pull 30 s later: the next scheduled run is a minute after that one.
    await vi.advanceTimersByTimeAsync(30_000);
    ranAt = Date.now();
    await vi.advanceTimersByTimeAsync(40_000);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(22_000);
    expect(runs).toBe(2);
    // Back online long after the last run by other means: at once.
    online = false;
    await vi.advanceTimersByTimeAsync(20_000);
    online = true;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runs).toBe(3);
    for (const c of closers) c();
    db.close();
  });

  it('pulls the hall-case record at once when the hub comes online (one schedule for every pull)', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-02T02:00:00Z') });
    const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
    const closers: Array<() => void> = [];
    const errors: string[] = [];
    let online = false;
    // A hub address nothing answers at: the run is visible by its logged failure.
    createSyncDomain({
      db, hubUrl: 'https://127.0.0.1:9', workstationId: () => 'ws-1', log: { info: () => {}, error: (m) => errors.push(m) }, publishStatus: () => {},
      onClose: (fn) => void closers.push(fn as () => void), hubOnline: () => online,
    });
    await vi.advanceTimersByTimeAsync(4_000);
    expect(errors).toEqual([]);
    online = true;
    await vi.advanceTimersByTimeAsync(2_000);
    await vi.waitFor(() => expect(errors.some((m) => m.startsWith('[sync] pull hall-cases:'))).toBe(true), { timeout: 5_000 });
    for (const c of closers) c();
    db.close();
  });
});
