/**
 * Assistance and 办不成事 with two hub processes on one PostgreSQL (two running hubs on one schema,
 * each its own pool, HTTP listener and push): the records are the hall's, so a 求助 made through one
 * is seen, accepted and escalated through the other — and when both are asked at once, exactly one
 * accept, one escalation, one insert per key and one report step win.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { HubClient } from '../../../main/hub/client';
import type { RunningHub } from '../../../main/hub/index';
import type { PushEvent } from '../../../main/hub/protocol';
import { PG_SKIP_REASON, PG_URL, pgSpec } from '../../fixtures/pg';
import { fakeClock, startTestHub } from '../hub/helpers';

const clerk = { staffNo: '1001', name: '王敏' };
const helperA = { staffNo: '2001', name: '陈静', capacity: 'assistant' as const };
const helperB = { staffNo: '2002', name: '孙丽', capacity: 'approver' as const };

/** The error code of a refused call, or 'ok'. */
const settle = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

describe.skipIf(!PG_URL)(`assistance across hub processes on one PostgreSQL${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const hubs: RunningHub[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.close();
  });
  const clock = fakeClock();

  /** Two hubs on one fresh schema, as two `npm run hub -- --db postgres://…` behind a load balancer. */
  async function twoHubs(): Promise<[{ hub: RunningHub; client: HubClient }, { hub: RunningHub; client: HubClient }]> {
    const db = pgSpec();
    const a = await startTestHub({ db, now: clock.now });
    hubs.push(a.hub);
    const b = await startTestHub({ db, now: clock.now });
    hubs.push(b.hub);
    return [a, b];
  }

  it('two processes accepting the same 求助 at once: exactly one wins, the other is told who did', async () => {
    const [a, b] = await twoHubs();
    for (let i = 0; i < 25; i++) {
      const r = await a.client.call('assistRequest', { body: { key: `race-accept-${String(i).padStart(4, '0')}`, counter: 1 + (i % 5), kind: 'fill', note: '', by: clerk } });
      // Alternate who asks first, so neither process always sends its statement first.
      const [first, second] = i % 2 ? [a, b] : [b, a];
      const outcomes = await Promise.all([
        settle(first.client.call('assistAccept', { params: { id: r.id }, body: { helper: first === a ? helperA : helperB, etaMinutes: 2 } })),
        settle(second.client.call('assistAccept', { params: { id: r.id }, body: { helper: second === a ? helperA : helperB, etaMinutes: 2 } })),
      ]);
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'ASSIST_TAKEN')).toHaveLength(1);
      // Both processes read the one winner.
      const winner = outcomes[0] === 'ok' ? (first === a ? helperA : helperB) : (second === a ? helperA : helperB);
      for (const h of [a, b]) expect((await h.hub.hub.assist.get(r.id)).helper).toEqual(winner);
    }
  });

  it('the same press sent to both processes at once is one record; a 求助 made through A reaches a workstation of B at once', async () => {
    const [a, b] = await twoHubs();
    const events: PushEvent[] = [];
    const sub = b.client.subscribe((e) => events.push(e));
    sub.want({ counters: [], supervisor: false });
    try {
      await expect.poll(() => b.hub.hub.views.subscribers()).toBe(1);
      const press = { key: 'race-press-0001', counter: 2, kind: 'consult' as const, note: '咨询', by: clerk };
      const [ra, rb] = await Promise.all([a.client.call('assistRequest', { body: press }), b.client.call('assistRequest', { body: press })]);
      expect(ra.id).toBe(rb.id);
      expect(await a.client.call('assistLive')).toHaveLength(1);
      await expect.poll(() => events.some((e) => e.type === 'assist.changed' && e.record.id === ra.id)).toBe(true);
      // Settings are the hall's: changed through A, they hold on B.
      await a.client.call('assistSetSettings', { body: { assist: { escalateMinutes: 7 }, reports: { feedbackDays: 6 } } });
      expect(await b.client.call('assistSettings')).toMatchObject({ assist: { escalateMinutes: 7 }, reports: { feedbackDays: 6 } });
    } finally {
      sub.close();
    }
  });

  it('both tickers sweeping at once escalate each unanswered 求助 once', async () => {
    const [a, b] = await twoHubs();
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push((await a.client.call('assistRequest', { body: { key: `race-sweep-${String(i).padStart(4, '0')}`, counter: 3, kind: 'approver', note: '', by: clerk } })).id);
    }
    clock.advance(3);
    const counts = await Promise.all([a.hub.hub.assist.sweep(), b.hub.hub.assist.sweep(), a.hub.hub.assist.sweep(), b.hub.hub.assist.sweep()]);
    expect(counts.reduce((s, n) => s + n, 0)).toBe(ids.length);
    const live = await b.client.call('assistLive');
    expect(live.filter((r) => ids.includes(r.id)).every((r) => r.escalatedAt === clock.now())).toBe(true);
  });

  it('a 办不成事 report advanced through both processes at once moves one step, not two', async () => {
    const [a, b] = await twoHubs();
    const r = await a.client.call('reportTake', { body: { key: 'race-report-01', kind: 'repeated', counter: 2, by: clerk, description: '第三次来办理仍未办成' } });
    const step = { to: 'judging' as const, by: clerk, owner: { staffNo: '3001', name: '赵刚' } };
    const outcomes = await Promise.all([
      settle(a.client.call('reportAdvance', { params: { id: r.id }, body: step })),
      settle(b.client.call('reportAdvance', { params: { id: r.id }, body: step })),
    ]);
    expect(outcomes.sort()).toEqual(['REPORT_STEP', 'ok']);
    const now = (await b.client.call('reports')).find((x) => x.id === r.id)!;
    expect(now.state).toBe('judging');
    expect(now.steps.map((s) => s.state)).toEqual(['accepted', 'judging']);
  });
});
