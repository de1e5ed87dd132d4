/**
 * `pull.due` across hub processes on one PostgreSQL: bookings imported or a skill changed through
 * process A reach a workstation whose push socket is on process B at once (LISTEN/NOTIFY), so its
 * copies follow within seconds whichever process the balancer gave it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../../main/hub/index';
import type { PushEvent } from '../../../main/hub/protocol';
import { PG_SKIP_REASON, PG_URL, pgSpec } from '../../fixtures/pg';
import { fakeClock, startTestHub } from '../hub/helpers';

describe.skipIf(!PG_URL)(`pull.due across hub processes on one PostgreSQL${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const hubs: RunningHub[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.close();
  });

  it('an import and a skill change through A are pushed to a workstation on B', async () => {
    const clock = fakeClock();
    const db = pgSpec();
    const a = await startTestHub({ db, now: clock.now });
    hubs.push(a.hub);
    const b = await startTestHub({ db, now: clock.now });
    hubs.push(b.hub);
    const events: PushEvent[] = [];
    const sub = b.client.subscribe((e) => events.push(e));
    sub.want({ counters: [], supervisor: false });
    try {
      await expect.poll(() => b.hub.hub.views.subscribers()).toBe(1);
      const slot = Date.parse('2026-03-02T10:00:00+08:00');
      await a.client.importAppointments([{ id: 'due-1', code: 'DU0001', idNumber: '310101199001011234', name: '李雷', phone: '13800000000', slotStart: slot, slotEnd: slot + 1_800_000, itemCode: null, itemName: null }]);
      await expect.poll(() => events.filter((e) => e.type === 'pull.due').map((e) => (e as { what: string }).what)).toEqual(['appointments']);
      await a.client.setSkills(a.hub.hub.queue.hall.counters[0].number, ['A']);
      await expect.poll(() => events.filter((e) => e.type === 'pull.due').map((e) => (e as { what: string }).what)).toEqual(['appointments', 'hall']);
    } finally {
      sub.close();
    }
  });
});
