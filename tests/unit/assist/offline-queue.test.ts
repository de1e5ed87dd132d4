import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../common/errors';
import type { HelpRequest } from '../../../common/assist/schema';
import { AssistService, type AssistHubPort } from '../../../main/core/assist/service';
import { openDatabase } from '../../../main/db/connection';
import { workstationMigrations } from '../../../main/db/migrations';

const clerk = { id: 's1', staffNo: '1001', name: '王敏', role: 'clerk' };

/** A hub that is down until `up` is set, and records what reached it. */
function fakeHub() {
  const got: HelpRequest[] = [];
  const state = { up: false, refuse: false };
  const port = {
    request: async (req: HelpRequest) => {
      if (!state.up) throw new DeskError('HUB_UNREACHABLE', '无法连接大厅服务');
      if (state.refuse) throw new DeskError('INVALID_INPUT', '请求格式不正确（窗口号）');
      got.push(req);
      return { id: got.length, key: req.key, requestedAt: req.at } as never;
    },
  } as unknown as AssistHubPort;
  return { port, got, state };
}

describe('求助 made offline', () => {
  it('waits in the local queue with its time and reaches the hub later, in order, with the original time and key', async () => {
    const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
    let now = Date.parse('2026-03-02T10:00:00+08:00');
    const hub = fakeHub();
    const changed: number[] = [];
    const s = new AssistService(db, () => hub.port, { now: () => now, changed: (r) => changed.push(r.id) });

    const first = await s.request(clerk, 3, 'fill', '老人不会填表', 'A003');
    expect(first.record).toBeNull();
    expect(first.pending).toMatchObject({ counter: 3, kind: 'fill', note: '老人不会填表', at: now });
    now += 60_000;
    await s.request(clerk, 3, 'approver', '', null);
    expect(s.backlog()).toBe(2);

    await s.flush();
    expect(hub.got).toHaveLength(0);
    expect(s.backlog()).toBe(2);

    hub.state.up = true;
    now += 10 * 60_000;
    await s.flush();
    expect(hub.got.map((r) => [r.kind, r.at, r.ticketNo])).toEqual([['fill', Date.parse('2026-03-02T10:00:00+08:00'), 'A003'], ['approver', Date.parse('2026-03-02T10:01:00+08:00'), null]]);
    expect(hub.got[0].key).toBe(first.pending!.key);
    expect(changed).toEqual([1, 2]);
    expect(s.backlog()).toBe(0);

    // Online, it goes straight through.
    expect((await s.request(clerk, 3, 'consult', '', null)).record).toMatchObject({ id: 3 });
  });

  it('a request the hub refuses stays visible with the hub’s message instead of blocking the others or vanishing', async () => {
    const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
    const hub = fakeHub();
    const s = new AssistService(db, () => hub.port, { changed: () => {} });
    await s.request(clerk, 3, 'fill', '', null);
    hub.state.up = true;
    hub.state.refuse = true;
    await s.flush();
    expect(s.pending()).toEqual([expect.objectContaining({ kind: 'fill', lastError: '请求格式不正确（窗口号）' })]);
    hub.state.refuse = false;
    await s.request(clerk, 3, 'consult', '', null);
    expect(hub.got.map((r) => r.kind)).toEqual(['consult']);
  });

  it('an approval officer or a leader helps as such; others as their role suggests', () => {
    const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
    db.prepare("INSERT INTO staff (id, staff_no, name, role, password_hash, created_at) VALUES ('s2', '2002', '孙丽', 'assistant', 'x', '2026-01-02')").run();
    const s = new AssistService(db, () => null, { changed: () => {} });
    const sun = { id: 's2', staffNo: '2002', name: '孙丽', role: 'assistant' };
    expect(s.capacityOf(sun)).toBe('assistant');
    expect(s.capacityOf({ ...sun, id: 'x', role: 'supervisor' })).toBe('leader');
    s.setCapacity('s2', 'approver');
    expect(s.capacityOf(sun)).toBe('approver');
    expect(() => s.setCapacity('nobody', 'leader')).toThrow('没有该工作人员。');
  });
});
