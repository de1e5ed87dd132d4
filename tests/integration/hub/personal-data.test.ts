import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../../common/identity';
import { matchHash } from '../../../main/core/queue/match-hash';
import { KeyRing } from '../../../main/db/keys/keyring';
import type { RunningHub } from '../../../main/hub';
import { PgQueueStore } from '../../../main/hub/store/pg/queue-store';
import { fakeClock, startTestHub, tempDir } from './helpers';
import { tableHashes } from './security-helpers';

// Issue 9, "Personal data": the hub keeps appointment holders' ID numbers only as a keyed hash
// (for matching) and masked (for display); names and phones until the day closes plus the hall's
// retention, then purged at the rollover, each purge in the hub's audit log with its counts.

const ID = '11010519491231002X';
const booking = (now: number, over: Partial<{ id: string; code: string; idNumber: string; name: string; phone: string }> = {}) => ({
  id: 'pd-1', code: 'PD0001', idNumber: ID.toLowerCase(), name: '欧阳娜娜', phone: '13700007777', slotStart: now + 10 * 60_000, slotEnd: now + 40 * 60_000, itemCode: null, itemName: null, ...over,
});

/** Every value of every table the hub keeps (hub.sqlite, and the PostgreSQL schema when the queue is there), as text. */
async function everything(hub: RunningHub): Promise<string> {
  const db = hub.localDb;
  const out = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[])
    .map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).raw().all()));
  const store = hub.hub.store;
  if (store instanceof PgQueueStore) {
    for (const { name } of await store.db.q.all(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`)) {
      out.push(JSON.stringify(await store.db.q.all(`SELECT * FROM "${name as string}"`)));
    }
  }
  return out.join('\n');
}

describe('appointment holders at the hub', () => {
  it('an imported ID number is kept only hashed and masked, and still matches at check-in (typed, any case)', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    try {
      await client.importAppointments([booking(clock.now())]);
      const all = await everything(hub);
      expect(all).not.toContain(ID);
      expect(all).not.toContain(ID.toLowerCase());
      expect(all).not.toContain('19491231');
      const [a] = await client.appointments();
      expect(a).toMatchObject({ idNumberMasked: maskIdNumber(ID), name: '欧阳娜娜', phone: '13700007777' });
      expect(JSON.stringify(a)).not.toContain('19491231');
      // The workstation's copy matches with today's key, as offline check-in does.
      const mk = await client.matchKey();
      expect(mk.day).toBe(a.day);
      expect(matchHash(Buffer.from(mk.key, 'base64'), ID.toLowerCase())).toBe(a.idHash);

      const { ticket } = await client.checkIn({ by: 'idNumber', idNumber: ID.toLowerCase() });
      expect(ticket.appointmentId).toBe('pd-1');
      // The counter that calls the ticket gets the holder for 受理 (the card given at check-in), no one else.
      await expect(client.holder(ticket.id, 1)).rejects.toMatchObject({ code: 'NOT_SERVING' });
      await client.callTicket(ticket.id, 1);
      expect(await client.holder(ticket.id, 1)).toEqual({ idNumber: ID, name: '欧阳娜娜' });
    } finally {
      client.close();
      await hub.close();
    }
  });

  it('an ID number that is not booked, or booked another day, does not match', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    try {
      await client.importAppointments([booking(clock.now()), booking(clock.now() + 24 * 3600_000, { id: 'pd-2', code: 'PD0002', idNumber: '310101199001011234' })]);
      await expect(client.checkIn({ by: 'idNumber', idNumber: '310101199001011234' })).rejects.toMatchObject({ code: 'UNKNOWN_APPOINTMENT' });
      // The same person's hash differs from one day to the next (each day its own matching key).
      const [today] = await client.appointments();
      const [tomorrow] = await client.appointments(new Date(clock.now() + 32 * 3600_000).toISOString().slice(0, 10));
      expect(tomorrow.idHash).not.toBe(today.idHash);
    } finally {
      client.close();
      await hub.close();
    }
  });

  it('the hash is keyed by the hub key ring: the same bookings under another ring hash differently, and no key sits in the data directory', async () => {
    const hashes: string[] = [];
    for (const ring of [KeyRing.generate(), KeyRing.generate()]) {
      const clock = fakeClock();
      const dataDir = tempDir();
      const { hub, client } = await startTestHub({ now: clock.now, dataDir, keys: ring });
      try {
        await client.importAppointments([booking(clock.now())]);
        hashes.push((await client.appointments())[0].idHash);
        expect(fs.existsSync(path.join(dataDir, 'identity.key'))).toBe(false);
      } finally {
        client.close();
        await hub.close();
      }
    }
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(hashes[1]).not.toBe(hashes[0]);
  });

  it('names and phones are purged at the rollover after the day (retention 0), audited with counts; the booking stays for the statistics', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    try {
      await client.importAppointments([booking(clock.now()), booking(clock.now(), { id: 'pd-3', code: 'PD0003', idNumber: '310101199001011234', name: '李雷', phone: '13800008888' })]);
      await client.issue({ stream: 'A', source: 'kiosk', holder: { idNumber: '310101199003077777', name: '赵六' } });
      // Still the same day: nothing goes.
      await hub.hub.closeStaleDays();
      expect(await everything(hub)).toContain('欧阳娜娜');

      clock.advance(24 * 60);
      await hub.hub.closeStaleDays();
      const all = await everything(hub);
      for (const x of ['欧阳娜娜', '13700007777', '李雷', '13800008888', '赵六', '310101199003077777']) expect(all).not.toContain(x);
      const day = new Date(clock.now() - 24 * 3600_000 + 8 * 3600_000).toISOString().slice(0, 10);
      const kept = await client.appointments(day);
      expect(kept.map((a) => [a.id, a.name, a.phone, a.idNumberMasked])).toEqual([['pd-1', null, null, maskIdNumber(ID)], ['pd-3', null, null, '3101**********1234']]);
      const purge = hub.audit!.log.recent(50).filter((r) => r.action === 'hub.purge');
      expect(purge).toHaveLength(1);
      expect(JSON.parse(purge[0].details)).toMatchObject({ appointmentContacts: 2, ticketHolders: 1 });
      expect(hub.audit!.log.verify()).toMatchObject({ ok: true });
      // A second rollover finds nothing more and writes nothing.
      const before = await tableHashes(hub);
      await hub.hub.closeStaleDays();
      expect(await tableHashes(hub)).toEqual(before);
    } finally {
      client.close();
      await hub.close();
    }
  });

  it('with a retention of 2 days (`--contact-retention-days 2`), they stay through the next day and go on the third', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now, contactRetentionDays: 2 });
    try {
      expect(hub.hub.queue.hall.privacy.contactRetentionDays).toBe(2);
      await client.importAppointments([booking(clock.now())]);
      for (const [days, present] of [[1, true], [2, true], [3, false]] as const) {
        clock.set(fakeClock().now() + days * 24 * 3600_000);
        await hub.hub.closeStaleDays();
        expect((await everything(hub)).includes('欧阳娜娜'), `day +${days}`).toBe(present);
      }
    } finally {
      client.close();
      await hub.close();
    }
  });
});
