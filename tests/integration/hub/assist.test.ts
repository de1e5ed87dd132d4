import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RatingSnapshot } from '../../../common/rating';
import type { PushEvent } from '../../../main/hub/protocol';
import { enrolTestDevice, fakeClock, listenPush, startTestHub } from './helpers';

const clerk = { staffNo: '1001', name: '王敏' };
const helper = { staffNo: '2001', name: '陈静', capacity: 'assistant' as const };
const other = { staffNo: '2002', name: '孙丽', capacity: 'approver' as const };

/** A test hub on a fake clock with one workstation subscribed to its pushes (assist.changed). */
async function subscribedHub() {
  const clock = fakeClock();
  const { hub, client } = await startTestHub({ now: clock.now });
  const events: PushEvent[] = [];
  const sub = client.subscribe((e) => events.push(e));
  sub.want({ counters: [], supervisor: false });
  await expect.poll(() => hub.hub.views.subscribers()).toBe(1);
  return { clock, hub, client, events, sub };
}

describe('assistance on the hub (求助 → accept → arrive → close, escalation, ledger)', () => {
  it('pushes a 求助 to the workstations at once, takes the first accept only, and keeps times for the ledger', async () => {
    const { clock, hub, client, events, sub } = await subscribedHub();
    try {
      const req = { key: 'help-press-0001', counter: 3, kind: 'fill' as const, note: '老人不会填表', by: clerk };
      const r = await client.call('assistRequest', { body: req });
      expect(r).toMatchObject({ status: 'open', counter: 3, kind: 'fill', requestedBy: clerk, requestedAt: clock.now() });
      await expect.poll(() => events.some((e) => e.type === 'assist.changed' && e.record.id === r.id)).toBe(true);
      // The same press again (a retry) is the same record.
      expect((await client.call('assistRequest', { body: req })).id).toBe(r.id);

      clock.advance(1);
      const taken = await client.call('assistAccept', { params: { id: r.id }, body: { helper, etaMinutes: 2 } });
      expect(taken).toMatchObject({ status: 'accepted', helper, etaMinutes: 2, acceptedAt: clock.now() });
      await expect(client.call('assistAccept', { params: { id: r.id }, body: { helper: other, etaMinutes: 1 } })).rejects.toMatchObject({ code: 'ASSIST_TAKEN', message: '该求助已由陈静接单。' });

      clock.advance(2);
      await expect(client.call('assistArrive', { params: { id: r.id }, body: { helper: { staffNo: '2002', name: '孙丽' } } })).rejects.toMatchObject({ code: 'ASSIST_NOT_YOURS' });
      expect((await client.call('assistArrive', { params: { id: r.id }, body: { helper: { staffNo: '2001', name: '陈静' } } })).arrivedAt).toBe(clock.now());
      clock.advance(10);
      const closed = await client.call('assistClose', {
        params: { id: r.id },
        body: { helper: { staffNo: '2001', name: '陈静' }, outcome: 'resolved', applicant: '张*', itemName: '居民身份证换领', caseIds: ['C-1'], problem: '不会填表', action: '代填申请表' },
      });
      expect(closed).toMatchObject({ status: 'closed', outcome: 'resolved', applicant: '张*', caseIds: ['C-1'], closedAt: clock.now() });
      await expect(client.call('assistClose', { params: { id: r.id }, body: { helper: { staffNo: '2001', name: '陈静' }, outcome: 'partly' } })).rejects.toMatchObject({ code: 'ASSIST_CLOSED' });

      const ledger = await client.call('assistLedger', { query: { from: '2026-03-02', to: '2026-03-02' } });
      expect(ledger.map((x) => x.id)).toEqual([r.id]);
      expect(ledger[0].acceptedAt! - ledger[0].requestedAt).toBe(60_000);
      expect(await client.call('assistLedger', { query: { from: '2026-03-03', to: '2026-03-31' } })).toEqual([]);
      expect(await client.call('assistLedger', { query: { from: '2026-03-02', to: '2026-03-02', text: '代填' } })).toHaveLength(1);
      expect(await client.call('assistLedger', { query: { from: '2026-03-02', to: '2026-03-02', outcome: 'unresolved' } })).toHaveLength(0);
      await expect(client.call('assistLedger', { query: { from: '2026-03-05', to: '2026-03-02' } })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: '结束日期（2026-03-02）早于开始日期（2026-03-05）。' });
      // The hall's 日动态 counts it (its 帮办 figures come from the same store, on either backend).
      expect((await client.reportDaily('2026-03-02')).assistance).toEqual({ requests: 1, resolved: 1, answered: 1, responseMinutesTotal: 1 });
    } finally {
      sub.close();
      await hub.close();
    }
  });

  it('escalates an unanswered 求助 to the supervisor after the configured minutes, on the hub clock', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    try {
      const r = await client.call('assistRequest', { body: { key: 'help-press-0002', counter: 1, kind: 'approver', note: '', by: clerk } });
      clock.advance(2.9);
      expect(await hub.hub.assist.sweep()).toBe(0);
      clock.advance(0.1);
      expect(await hub.hub.assist.sweep()).toBe(1);
      expect((await hub.hub.assist.get(r.id)).escalatedAt).toBe(clock.now());
      expect(await hub.hub.assist.sweep()).toBe(0);
      // The setting changes it (and is kept by the hub).
      await client.call('assistSetSettings', { body: { assist: { escalateMinutes: 10 }, reports: {} } });
      const late = await client.call('assistRequest', { body: { key: 'help-press-0003', counter: 1, kind: 'consult', note: '', by: clerk } });
      clock.advance(9);
      expect(await hub.hub.assist.sweep()).toBe(0);
      clock.advance(1);
      expect(await hub.hub.assist.sweep()).toBe(1);
      expect((await hub.hub.assist.get(late.id)).escalatedAt).not.toBeNull();
      // An offline request replayed with its original time, already past the limit, is escalated on arrival.
      const replay = await client.call('assistRequest', { body: { key: 'help-press-0004', counter: 1, kind: 'consult', note: '', by: clerk, at: clock.now() - 11 * 60_000 } });
      expect(replay.requestedAt).toBe(clock.now() - 11 * 60_000);
      expect(replay.escalatedAt).toBe(clock.now());
    } finally {
      await hub.close();
    }
  });

  it('a 办不成事 report moves one step at a time, owned by its taker until assigned', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    try {
      const r = await client.call('reportTake', { body: { key: 'report-00001', kind: 'repeated', counter: 2, by: clerk, description: '第三次来办理仍未办成' } });
      expect(r).toMatchObject({ state: 'accepted', owner: clerk, takenBy: clerk, takenDay: '2026-03-02', overdue: false });
      expect(r.deadlines.feedback).toBe('2026-03-09');
      await expect(client.call('reportAdvance', { params: { id: r.id }, body: { to: 'handling', by: clerk } })).rejects.toMatchObject({ code: 'REPORT_STEP' });
      await expect(client.call('reportAdvance', { params: { id: r.id }, body: { to: 'judging', by: { staffNo: '1002', name: '李强' } } })).rejects.toMatchObject({ code: 'REPORT_NOT_OWNER' });
      const assigned = await client.call('reportAdvance', { params: { id: r.id }, body: { to: 'judging', by: clerk, owner: { staffNo: '3001', name: '赵刚' } } });
      expect(assigned.owner.staffNo).toBe('3001');
      clock.advance(2 * 24 * 60);
      expect((await client.call('reports')).find((x) => x.id === r.id)?.overdue).toBe(true);
      const sup = await client.call('reportSupervise', { params: { id: r.id }, body: { to: 'handling', by: { staffNo: '3002', name: '周主任' } } });
      expect(sup.state).toBe('handling');
      await expect(client.call('reportAdvance', { params: { id: r.id }, body: { to: 'feedback', by: { staffNo: '3001', name: '赵刚' } } })).rejects.toMatchObject({ code: 'REPORT_NOTE_REQUIRED' });
      expect((await client.call('reportAdvance', { params: { id: r.id }, body: { to: 'feedback', by: { staffNo: '3001', name: '赵刚' }, note: '已协调部门办结' } })).steps).toHaveLength(4);
    } finally {
      await hub.close();
    }
  });

  it("writes the applicant's rating of the service into the ledger's 评价: by ticket on its hall day, or by case", async () => {
    const { clock, hub, client, events, sub } = await subscribedHub();
    try {
      const byTicket = await client.call('assistRequest', { body: { key: 'help-rated-0001', counter: 3, kind: 'fill', note: '', by: clerk, ticketNo: 'A012' } });
      await client.call('assistAccept', { params: { id: byTicket.id }, body: { helper, etaMinutes: 1 } });
      clock.advance(5);
      await client.call('assistClose', { params: { id: byTicket.id }, body: { helper: { staffNo: helper.staffNo, name: helper.name }, outcome: 'resolved', problem: '不会填表', action: '代填' } });
      // A walk-up of the desk linked to a case only; and yesterday's A012, another applicant, never rated by today's.
      const byCase = await client.call('assistWalkUp', { body: { key: 'walk-rated-0001', kind: 'consult', helper: other, outcome: 'partly', caseIds: ['SH2026030200017'] } });
      const yesterday = await client.call('assistWalkUp', { body: { key: 'walk-rated-0002', kind: 'consult', helper, outcome: 'resolved', ticketNo: 'A012', startedAt: clock.now() - 24 * 3_600_000 } });

      const rating = (over: Partial<RatingSnapshot>): RatingSnapshot => ({
        ratingId: 'PJ20260302-03-0001', serviceId: randomUUID(), counter: 3, staffNo: clerk.staffNo, caseNumber: null, ticketNumber: 'A012', itemCode: null,
        itemName: null, itemVersion: null, finishedAt: new Date(clock.now()).toISOString(), ratedAt: new Date(clock.now()).toISOString(), level: 5,
        channel: 'screen', reasons: [], reasonText: null, excluded: false, followUp: null, ...over,
      });
      events.length = 0;
      await client.call('putRating', { body: { counter: 3, idempotencyKey: randomUUID(), rating: rating({}) } });
      // Written before the hub answered, and pushed to the workstations' 帮办 pages.
      const ledger = async () => new Map((await client.call('assistLedger', { query: { from: '2026-03-01', to: '2026-03-02' } })).map((r) => [r.id, r.rating]));
      expect(await ledger()).toEqual(new Map([[byTicket.id, 5], [byCase.id, null], [yesterday.id, null]]));
      await expect.poll(() => events.some((e) => e.type === 'assist.changed' && e.record.id === byTicket.id && e.record.rating === 5)).toBe(true);

      // By case: a rating of another counter's service whose case the desk helped with (no ticket: an older workstation omits the field).
      const { ticketNumber: _omitted, ...old } = rating({ ratingId: 'PJ20260302-05-0001', counter: 5, caseNumber: 'SH2026030200017', level: 2, reasons: ['efficiency'] });
      await client.call('putRating', { body: { counter: 5, idempotencyKey: randomUUID(), rating: old } });
      expect(await ledger()).toEqual(new Map([[byTicket.id, 5], [byCase.id, 2], [yesterday.id, null]]));
      // A rating of a service no assistance touched changes nothing (a case number is matched whole, not as a prefix).
      await client.call('putRating', { body: { counter: 1, idempotencyKey: randomUUID(), rating: rating({ ratingId: 'PJ20260302-01-0001', counter: 1, ticketNumber: 'A099', caseNumber: 'SH202603020001', level: 1, reasons: ['attitude'] }) } });
      expect(await ledger()).toEqual(new Map([[byTicket.id, 5], [byCase.id, 2], [yesterday.id, null]]));
    } finally {
      sub.close();
      await hub.close();
    }
  });

  it('a 求助 is pushed to enrolled workstations only: a hall TV or a kiosk never hears it', async () => {
    const { hub, client } = await startTestHub();
    try {
      const tv = await enrolTestDevice(hub, 'display');
      const kiosk = await enrolTestDevice(hub, 'kiosk');
      const ws3 = await enrolTestDevice(hub, 'workstation', [3]);
      const sockets = [listenPush(hub.url, tv, false), listenPush(hub.url, kiosk, false), listenPush(hub.url, ws3, true)];
      await Promise.all(sockets.map((s) => s.open));
      await expect.poll(() => hub.hub.views.subscribers()).toBe(1);
      await client.call('assistRequest', { body: { key: 'help-push-0001', counter: 1, kind: 'leader', note: '企业开办全程陪同', by: clerk } });
      await expect.poll(() => sockets[2].types().includes('assist.changed')).toBe(true);
      expect(sockets[0].types()).not.toContain('assist.changed');
      expect(sockets[1].types()).not.toContain('assist.changed');
      for (const s of sockets) s.close();
    } finally {
      await hub.close();
    }
  });
});
