import { describe, expect, it } from 'vitest';
import { expectCode, fakeClock, raw, startTestHub } from './helpers';

const HOLDER = { idNumber: '310104198001011234', name: '周海燕' };

describe('a walk-in who read their ID card at the kiosk', () => {
  it('is known to the counter that calls them, and to no one else', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    try {
      const t = await client.issue({ stream: 'A', source: 'kiosk', holder: HOLDER });
      // Waiting: nobody may read the holder yet, not even the counter that will call them.
      await expectCode(client.holder(t.id, 1), 'NOT_SERVING');
      // The ticket itself, the lists, the views and the TV page carry no holder.
      const everything = JSON.stringify([await client.ticket(t.id), await client.tickets({}), await client.views({ counters: [1, 2], supervisor: true })]);
      expect(everything).not.toContain(HOLDER.idNumber);
      expect(everything).not.toContain(HOLDER.name);

      const called = await client.callTicket(t.id, 1, 'req-holder-1');
      expect(called.ticket?.id).toBe(t.id);
      expect(await client.holder(t.id, 1)).toEqual(HOLDER);
      await expectCode(client.holder(t.id, 2), 'NOT_SERVING');
      // The counter number in the path's query is an integer, not whatever text parses.
      expect((await raw(hub.url, 'GET', `/tickets/${t.id}/holder?counter=1x`)).status).toBe(400);

      // A walk-in who did not read a card: the counter reads it at the desk, as before.
      const plain = await client.issue({ stream: 'A', source: 'kiosk' });
      await client.callTicket(plain.id, 2, 'req-holder-2');
      await expectCode(client.holder(plain.id, 2), 'NOT_FOUND');
    } finally {
      await hub.close();
    }
  });

  it('refuses a malformed holder, and forgets holders and issue keys when the day rolls over', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    try {
      const bad = await raw(hub.url, 'POST', '/tickets', JSON.stringify({ stream: 'A', holder: { idNumber: '3101', name: '周' } }));
      expect(bad.status).toBe(400);
      const extra = await raw(hub.url, 'POST', '/tickets', JSON.stringify({ stream: 'A', holder: { ...HOLDER, phone: '13800000000' } }));
      expect(extra.status).toBe(400);

      const t = await client.issue({ stream: 'A', source: 'kiosk', holder: HOLDER });
      await client.callTicket(t.id, 1, 'req-holder-3');
      expect(await client.holder(t.id, 1)).toEqual(HOLDER);
      const keyed = await client.issue({ stream: 'A', source: 'kiosk', idempotencyKey: 'press-purge-0001' });
      clock.advance(24 * 60);
      await hub.hub.closeStaleDays();
      expect(await hub.hub.store.getTicketHolder(t.id)).toBeNull();
      // The issue keys go with the day too: the same key the next day is a new press, a new ticket.
      const again = await client.issue({ stream: 'A', source: 'kiosk', idempotencyKey: 'press-purge-0001' });
      expect(again.id).not.toBe(keyed.id);
    } finally {
      await hub.close();
    }
  });
});
