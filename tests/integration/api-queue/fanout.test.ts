import { afterEach, describe, expect, it } from 'vitest';
import { until } from './helpers';
import { hallWithPanels, pressF1, type Hall } from './panels';

// One F1 press must cost the hub one request, however many panels are open: the hub pushes the
// new views once, the workstation relays each panel's state in the push, and no panel pulls.
// The finished service's rating offer (POST /rating-offers) goes out through the sync outbox
// whenever the engine gets to it, and the sync domain then tells the hub its case backlog (once,
// and again only when it changes); neither is part of the press, so the counts leave them out —
// but the backlog report must not follow every press.
const queueOnly = (rs: readonly string[]) => rs.filter((r) => !r.includes('/rating') && r !== 'POST /sync/backlog');
describe('hub requests per F1 press', () => {
  let hall: Hall | null = null;
  afterEach(async () => {
    await hall?.close();
    hall = null;
  });

  it.each([1, 4])('with %i panel(s) open: one request (the call), every panel gets the new state by push', async (n) => {
    hall = await hallWithPanels(n);
    const h = hall;
    const pushesBefore = h.panels.map((p) => p.pushes);
    for (let i = 0; i < 3; i++) {
      const before = h.requests.length;
      const press = await pressF1(h, `fanout-press-${n}-${i}`);
      // A panel asking for its state (as after a reconnect) is answered from the pushed views: no hub request.
      const asked = await Promise.all(h.panels.map((p) => p.call<{ waiting: { ref: string }[] }>('queue.state', {})));
      asked.forEach((a, k) => expect(a.waiting.map((t) => t.ref)).toEqual(h.panels[k].state!.waiting.map((t) => t.ref)));
      // Let stragglers (a pull after the push, a second relay) arrive before counting.
      await new Promise((r) => setTimeout(r, 150));
      expect(queueOnly(press.requests)).toEqual(['POST /counters/1/call-next']);
      expect(queueOnly(h.requests.slice(before))).toEqual(queueOnly(press.requests));
      const presser = h.panels[0].state!;
      expect(presser.current?.number).toBe(press.ticket);
      await h.panels[0].call('queue.finish', { ref: presser.current!.ref });
      await until(() => h.panels[0].state?.current === null);
    }
    // Every panel heard every press by push.
    h.panels.forEach((p, i) => expect(p.pushes).toBeGreaterThanOrEqual(pushesBefore[i] + 3));
    // Three offers sent, the case backlog unchanged (none): told to the hub at most once.
    expect(h.requests.filter((r) => r === 'POST /sync/backlog').length).toBeLessThanOrEqual(1);
  });
});
