import { describe, expect, it } from 'vitest';
import { orderFor } from '../../../common/queue/policy';
import { policyCounter } from '../../../main/hub/queue';
import { fakeClock, startTestHub } from './helpers';

describe('hub views', () => {
  it("each counter's panel is the policy's order for that counter, also when counters alike share one ordering run", async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now, demo: true });
    try {
      for (let i = 0; i < 5; i++) {
        await client.issue({ stream: i === 3 ? 'V' : 'A' });
        clock.advance(1);
      }
      await client.issue({ stream: 'C' });
      const [first] = await client.tickets({ status: ['waiting'] });
      await client.heartbeat(2);
      await client.transfer(first.id, { toCounter: 2 }); // sent to counter 2 by number: only 2 may call it, and first
      await client.moveUp((await client.tickets({ status: ['waiting'] }))[4].id);

      const views = await client.views({ counters: [1, 2, 3, 9, 12], supervisor: false });
      const waiting = (await client.tickets({ status: ['waiting'] })).map((t) => ({ ...t, issuedSeq: t.id }));
      const counters = await client.counters();
      for (const p of views.panels) {
        const c = counters.find((x) => x.number === p.counter)!;
        expect(p.order, `counter ${p.counter}`).toEqual(orderFor(waiting, policyCounter(c), clock.now(), hub.hub.queue.params).map((t) => t.id));
      }
      const panel = (n: number) => views.panels.find((p) => p.counter === n)!.order;
      // Each listed ticket travels once, however many panels list it.
      expect(views.waiting.map((t) => t.id).sort()).toEqual([...new Set(views.panels.flatMap((p) => p.order))].sort());
      expect(panel(2)).toContain(first.id);
      expect(panel(1)).not.toContain(first.id);
      expect(panel(3)).toEqual(panel(1));
      expect(views.supervisor).toBeNull();
    } finally {
      await hub.close();
    }
  });

  it('the supervisor board flags a counter stuck in 已叫号 or 办理中 beyond the hall thresholds', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    try {
      await client.issue({ stream: 'A' });
      await client.issue({ stream: 'A' });
      const one = (await client.callNext(1)).ticket!;
      const two = (await client.callNext(2)).ticket!;
      await client.start(two.id, 2);
      clock.advance(4);
      expect((await client.views({ counters: [], supervisor: true })).supervisor!.alerts).toEqual([]);
      clock.advance(1); // 5 minutes in 已叫号 at counter 1
      const at5 = (await client.views({ counters: [], supervisor: true })).supervisor!.alerts;
      expect(at5).toEqual([expect.objectContaining({ counter: 1, kind: 'stuck-called', minutes: 5, ticketNumber: one.number })]);
      clock.advance(35); // counter 2 has served for 40 minutes
      const at40 = (await client.views({ counters: [], supervisor: true })).supervisor!.alerts;
      expect(at40.map((a) => [a.counter, a.kind])).toEqual([[1, 'stuck-called'], [2, 'stuck-serving']]);
      await client.noShow(one.id, 1);
      expect((await client.views({ counters: [], supervisor: true })).supervisor!.alerts.map((a) => a.counter)).toEqual([2]);
    } finally {
      await hub.close();
    }
  });
});
