import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient } from '../../../main/hub/client';
import { HallConfig } from '../../../main/hub/protocol';
import { demoHall } from '../../../main/hub/config';
import { startTestHub } from './helpers';
import type { RunningHub } from '../../../main/hub/index';

/** 50 general counters, so all of them compete for the same tickets. */
function bigHall(counters: number): HallConfig {
  const h = demoHall();
  return HallConfig.parse({ ...h, counters: Array.from({ length: counters }, (_, i) => ({ number: i + 1, name: `${i + 1}号窗口`, streams: ['Y', 'A', 'V', 'C', 'E', 'B'] })) });
}

describe('concurrent call-next against one hub over real HTTP', () => {
  let hub: RunningHub;
  let client: HubClient;
  beforeAll(async () => {
    ({ hub, client } = await startTestHub({ hall: bigHall(50) }));
  });
  afterAll(() => hub.close());

  it('50 counters calling at once for 1,000 tickets: every ticket called exactly once', async () => {
    const streams = ['A', 'V', 'B', 'C', 'E'];
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => client.issue({ stream: streams[(i + j) % streams.length] })));
    }
    const calledBy = new Map<number, number[]>();
    const loop = async (counter: number) => {
      for (;;) {
        const { ticket } = await client.callNext(counter);
        if (!ticket) return;
        calledBy.set(ticket.id, [...(calledBy.get(ticket.id) ?? []), counter]);
        await client.finish(ticket.id, counter);
      }
    };
    await Promise.all(Array.from({ length: 50 }, (_, c) => loop(c + 1)));

    expect(calledBy.size).toBe(1000);
    for (const counters of calledBy.values()) expect(counters).toHaveLength(1);
    const all = await client.tickets();
    expect(all).toHaveLength(1000);
    expect(all.every((t) => t.status === 'finished' && t.callCount === 1)).toBe(true);
    // more than one counter really took part
    expect(new Set([...calledBy.values()].map((c) => c[0])).size).toBeGreaterThan(10);
  });

  it('a retried call with the same request id returns the same ticket, even when retried concurrently', async () => {
    await client.issue({ stream: 'A' });
    await client.issue({ stream: 'A' });
    const rid = HubClient.requestId();
    const [a, b, c] = await Promise.all([client.callNext(7, rid), client.callNext(7, rid), client.callNext(7, rid)]);
    expect(a.ticket).not.toBeNull();
    expect(b.ticket!.id).toBe(a.ticket!.id);
    expect(c.ticket!.id).toBe(a.ticket!.id);
    expect([a, b, c].filter((r) => !r.replayed)).toHaveLength(1);
    // after the counter finished, the old request id still answers with the old ticket, not a new one
    await client.finish(a.ticket!.id, 7);
    const again = await client.callNext(7, rid);
    expect(again.ticket!.id).toBe(a.ticket!.id);
    expect(again.replayed).toBe(true);
    const waiting = await client.tickets({ status: ['waiting'] });
    expect(waiting).toHaveLength(1);
  });

  it('a request id used by another counter is refused, not replayed', async () => {
    const rid = HubClient.requestId();
    await client.callNext(8, rid);
    await expect(client.callNext(9, rid)).rejects.toMatchObject({ code: 'REQUEST_ID_REUSED' });
  });
});
