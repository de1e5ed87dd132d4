import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../common/errors';
import type { HelpRequest } from '../../../common/assist/schema';
import type { TakeReportRequest } from '../../../common/assist/reports';
import { AssistService, type AssistHubPort } from '../../../main/core/assist/service';
import { ASSIST_REPORT, ASSIST_REQUEST } from '../../../main/core/assist/sync';
import { SyncEngine } from '../../../main/core/sync/engine';
import { Outbox } from '../../../main/core/sync/outbox';
import { openDatabase } from '../../../main/db/connection';
import { workstationMigrations } from '../../../main/db/migrations';

const clerk = { id: 's1', staffNo: '1001', name: '王敏', role: 'clerk' };

/** A hub that is down until `up` is set, answers a repeated key with its first record, and records what reached it. */
function fakeHub() {
  const got: HelpRequest[] = [];
  const reports: TakeReportRequest[] = [];
  const state = { up: false, refuse: false, loseAnswer: false };
  const reach = () => {
    if (!state.up) throw new DeskError('HUB_UNREACHABLE', '无法连接大厅服务');
    if (state.refuse) throw new DeskError('INVALID_INPUT', '请求格式不正确（窗口号）', { httpStatus: 400 });
  };
  const port = {
    request: async (req: HelpRequest) => {
      reach();
      let i = got.findIndex((g) => g.key === req.key);
      if (i < 0) i = got.push(req) - 1;
      if (state.loseAnswer) {
        state.loseAnswer = false;
        throw new DeskError('HUB_UNREACHABLE', '连接在应答前断开');
      }
      return { id: i + 1, key: req.key, requestedAt: got[i].at } as never;
    },
    takeReport: async (req: TakeReportRequest) => {
      reach();
      if (!reports.some((r) => r.key === req.key)) reports.push(req);
      return { id: reports.length } as never;
    },
  } as unknown as AssistHubPort;
  return { port, got, reports, state };
}

function station(hub: ReturnType<typeof fakeHub>, clock: { t: number }) {
  const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
  const outbox = new Outbox(db, () => clock.t);
  const changed: number[] = [];
  const s = new AssistService(db, () => hub.port, { outbox, now: () => clock.t, changed: (r) => changed.push(r.id) });
  const engine = new SyncEngine({ outbox, transport: { push: () => Promise.reject(new Error('no case steps here')) }, workstationId: () => 'ws-1', now: () => clock.t });
  for (const [kind, send] of Object.entries(s.senders(hub.port))) engine.register(kind, send);
  return { db, outbox, s, engine, changed };
}

describe('求助 made offline', () => {
  it('waits in the sync outbox with its time and reaches the hub later, in order, with the original time and key; the counter sees the record', async () => {
    const clock = { t: Date.parse('2026-03-02T10:00:00+08:00') };
    const hub = fakeHub();
    const { s, outbox, engine, changed } = station(hub, clock);

    const first = await s.request(clerk, 3, 'fill', '老人不会填表', 'A003');
    expect(first.record).toBeNull();
    expect(first.pending).toMatchObject({ counter: 3, kind: 'fill', note: '老人不会填表', at: clock.t });
    clock.t += 60_000;
    await s.request(clerk, 3, 'approver', '', null);
    expect(outbox.open(ASSIST_REQUEST).map((o) => o.aggregate)).toEqual([`assist:${first.pending!.key}`, expect.stringMatching(/^assist:help-/)]);

    await engine.drain();
    expect(hub.got).toHaveLength(0);
    expect(s.pending()).toHaveLength(2);
    expect(s.pending()[0].lastError).toContain('无法连接');

    hub.state.up = true;
    clock.t += 10 * 60_000;
    await engine.drain();
    expect(hub.got.map((r) => [r.kind, r.at, r.ticketNo])).toEqual([['fill', Date.parse('2026-03-02T10:00:00+08:00'), 'A003'], ['approver', Date.parse('2026-03-02T10:01:00+08:00'), null]]);
    expect(hub.got[0].key).toBe(first.pending!.key);
    expect(changed).toEqual([1, 2]);
    expect(s.pending()).toEqual([]);

    // Online, it goes straight through and nothing is queued.
    expect((await s.request(clerk, 3, 'consult', '', null)).record).toMatchObject({ id: 3 });
    expect(outbox.backlog()).toMatchObject({ pending: 0, failed: 0, dead: 0 });
  });

  it('an online attempt whose answer was lost goes to the outbox under the same key: the hub answers it with the first record, nothing twice', async () => {
    const clock = { t: Date.parse('2026-03-02T10:00:00+08:00') };
    const hub = fakeHub();
    hub.state.up = true;
    hub.state.loseAnswer = true;
    const { s, engine, changed } = station(hub, clock);
    const r = await s.request(clerk, 3, 'fill', '', null);
    expect(r.record).toBeNull();
    expect(hub.got).toHaveLength(1);
    await engine.drain();
    expect(hub.got).toHaveLength(1);
    expect(hub.got[0].key).toBe(r.pending!.key);
    expect(changed).toEqual([1]);
  });

  it('a request the hub refuses is dead-lettered with the hub’s message (shown, with 重新发送) and holds up no other', async () => {
    const clock = { t: Date.parse('2026-03-02T10:00:00+08:00') };
    const hub = fakeHub();
    const { s, outbox, engine } = station(hub, clock);
    await s.request(clerk, 3, 'fill', '', null);
    await s.request(clerk, 3, 'consult', '', null);
    hub.state.up = true;
    hub.state.refuse = true;
    clock.t += 3_600_000;
    await engine.pass();
    // the first was refused; the hub is up, so the second was tried too and refused for itself
    expect(outbox.list(['dead']).map((o) => o.lastError)).toEqual([expect.stringContaining('请求格式不正确（窗口号）'), expect.stringContaining('请求格式不正确（窗口号）')]);
    expect(s.pending().map((p) => p.lastError)).toEqual([expect.stringContaining('窗口号'), expect.stringContaining('窗口号')]);
    hub.state.refuse = false;
    // A new one goes straight through; an online refusal goes back to the clerk, never into the outbox.
    await s.request(clerk, 3, 'approver', '', null);
    expect(hub.got.map((r) => r.kind)).toEqual(['approver']);
    hub.state.refuse = true;
    await expect(s.request(clerk, 3, 'leader', '', null)).rejects.toThrow('窗口号');
    expect(outbox.open(ASSIST_REQUEST)).toHaveLength(2);
    // 重新发送 once fixed at the hub.
    hub.state.refuse = false;
    for (const d of outbox.list(['dead'])) outbox.resend(d.id);
    await engine.drain();
    expect(hub.got.map((r) => r.kind)).toEqual(['approver', 'fill', 'consult']);
    expect(s.pending()).toEqual([]);
  });

  it('a 办不成事 report taken offline reaches the hub later with its key and time', async () => {
    const clock = { t: Date.parse('2026-03-02T10:00:00+08:00') };
    const hub = fakeHub();
    const { s, outbox, engine } = station(hub, clock);
    expect(await s.takeReport(clerk, { kind: 'repeated', counter: 3, applicant: '张三', contact: '', itemName: '居住证办理', description: '三次未办成', assistId: null } as never)).toBeNull();
    const [op] = outbox.open(ASSIST_REPORT);
    expect(op.aggregate).toBe(`report:${op.idempotencyKey}`);
    hub.state.up = true;
    await engine.drain();
    expect(hub.reports).toEqual([expect.objectContaining({ key: op.idempotencyKey, at: Date.parse('2026-03-02T10:00:00+08:00'), applicant: '张*' })]);
    expect(outbox.open(ASSIST_REPORT)).toEqual([]);
  });

  it('an approval officer or a leader helps as such; others as their role suggests', () => {
    const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
    db.prepare("INSERT INTO staff (id, staff_no, name, role, password_hash, created_at) VALUES ('s2', '2002', '孙丽', 'assistant', 'x', '2026-01-02')").run();
    const s = new AssistService(db, () => null, { outbox: new Outbox(db), changed: () => {} });
    const sun = { id: 's2', staffNo: '2002', name: '孙丽', role: 'assistant' };
    expect(s.capacityOf(sun)).toBe('assistant');
    expect(s.capacityOf({ ...sun, id: 'x', role: 'supervisor' })).toBe('leader');
    s.setCapacity('s2', 'approver');
    expect(s.capacityOf(sun)).toBe('approver');
    expect(() => s.setCapacity('nobody', 'leader')).toThrow('没有该工作人员。');
  });
});
