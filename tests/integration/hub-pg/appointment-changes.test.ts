/**
 * Bookings pulled by cursor from PostgreSQL with two stores on one schema standing for two hub
 * processes (each its own pool): imports and check-ins run through both at once while a reader
 * follows the change cursor, as workstations do. The change sequence is taken from a row-locked
 * counter held until COMMIT (PG step 24), so a row that commits late never carries a smaller
 * sequence than one the reader has already passed: the reader ends with every booking at its
 * last state, and the sequence is gap-free.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { IdentityHasher } from '../../../main/core/queue/match-hash';
import { PgDb } from '../../../main/hub/store/pg/db';
import { migratePg, pgHubMigrations } from '../../../main/hub/store/pg/migrations';
import { PgQueueStore } from '../../../main/hub/store/pg/queue-store';
import { pgAppointmentChanges } from '../../../main/hub/store/pg/appointments';
import type { NewAppointment } from '../../../main/hub/store/types';
import { PG_SKIP_REASON, PG_URL, pgSchema } from '../../fixtures/pg';

const DAY = '2026-03-02';
const SLOT = Date.parse(`${DAY}T10:00:00+08:00`);

function bookings(prefix: string, n: number): NewAppointment[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`, day: DAY, code: `${prefix.toUpperCase()}${String(i).padStart(4, '0')}`, idNumber: '310101199001011234', name: '李雷', phone: '13800000000',
    slotStart: SLOT + (i % 8) * 1_800_000, slotEnd: SLOT + (i % 8 + 1) * 1_800_000, itemCode: null, itemName: null, status: 'booked', ticketId: null, checkedInAt: null, note: null,
  }));
}

describe.skipIf(!PG_URL)(`booking changes on PostgreSQL${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of opened) await s.close();
  });

  it('two processes importing and checking in at once: a reader following the cursor misses no row and ends with each at its last state', async () => {
    const schema = pgSchema();
    const a = await PgQueueStore.open({ url: PG_URL, schema });
    opened.push(a);
    // The second process: its own pool on the same schema, through the same store code.
    const b = await PgQueueStore.open({ url: PG_URL, schema });
    opened.push(b);

    let writing = true;
    const seen = new Map<string, { seq: number; status: string }>();
    let cursor = 0;
    let lastSeq = 0;
    const drain = async () => {
      for (const r of await a.appointmentChanges(DAY, cursor, 50)) {
        // Within a page, and across pages, the sequence only grows.
        expect(r.seq).toBeGreaterThan(lastSeq);
        lastSeq = r.seq;
        seen.set(r.appointment.id, { seq: r.seq, status: r.appointment.status });
        cursor = r.seq;
      }
    };
    const reader = (async () => {
      while (writing) await drain();
    })();
    let importing = 2;
    const importer = async (store: PgQueueStore, prefix: string) => {
      try {
        for (let batch = 0; batch < 12; batch++) await store.putAppointments(bookings(`${prefix}${batch}`, 10), 10_000);
      } finally {
        importing--;
      }
    };
    const checker = async (store: PgQueueStore, prefix: string) => {
      // Check-ins of the other process's bookings as they appear (a kiosk on one process, a counter on the other),
      // while the imports run and once more after both have ended, so a slow machine still checks some in
      // (a fixed number of rounds could all pass before the other process's first import committed).
      for (;;) {
        const last = importing === 0;
        for (const r of await pgAppointmentChanges(store.db.q, DAY, 0, 1000)) {
          if (r.appointment.id.startsWith(prefix) && r.appointment.status === 'booked' && Number(r.appointment.id.split('-')[1]) % 3 === 0) {
            await store.updateAppointment(r.appointment.id, ['booked'], { status: 'checked_in', checkedInAt: SLOT });
          }
        }
        if (last) return;
      }
    };
    await Promise.all([importer(a, 'a'), importer(b, 'b'), checker(a, 'b'), checker(b, 'a')]);
    writing = false;
    await reader;
    await drain();

    const all = await a.appointmentChanges(DAY, 0, 100_000);
    expect(all.length).toBe(2 * 12 * 10);
    for (const r of all) expect(seen.get(r.appointment.id)).toEqual({ seq: r.seq, status: r.appointment.status });
    // Every third booking of each process was checked in by the other one.
    expect(all.filter((r) => r.appointment.status === 'checked_in').length).toBe(2 * 12 * 4);
    // Gap-free: every sequence the counter issued belongs to a write, the last one is the counter's.
    const last = Number((await a.db.q.one('SELECT last FROM appointment_seq'))!.last);
    expect(Math.max(...all.map((r) => r.seq))).toBe(last);
    const epochs = await Promise.all([a.epoch(), b.epoch()]);
    expect(epochs[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(epochs[1]).toBe(epochs[0]);
  });

  it('PG step 24 (appointment-changes, as SQLite 0024) numbers existing bookings, then every insert and update takes the next', async () => {
    const db = new PgDb({ url: PG_URL, schema: pgSchema() });
    opened.push(db);
    await db.connect();
    const ids = new IdentityHasher(randomBytes(32));
    await migratePg(db, { ids }, pgHubMigrations.filter((m) => m.version < 24));
    const ins = `INSERT INTO appointments (id, day, code, id_hash, id_masked, name, phone, slot_start, slot_end, status) VALUES (?, ?, ?, 'h', 'm', '李雷', '138', 1, 2, 'booked')`;
    await db.q.run(ins, ['a1', DAY, 'YY0001']);
    await db.q.run(ins, ['a2', DAY, 'YY0002']);
    expect(await migratePg(db, { ids }, pgHubMigrations.filter((m) => m.version <= 24))).toEqual(['appointment-changes']);
    const seqs = async () => (await db.q.all('SELECT id, change_seq FROM appointments ORDER BY id')).map((r) => [r.id, Number(r.change_seq)]);
    expect(await seqs()).toEqual([['a1', 1], ['a2', 2]]);
    await db.q.run(ins, ['a3', DAY, 'YY0003']);
    await db.q.run(`UPDATE appointments SET status = 'checked_in' WHERE id = 'a1'`);
    expect(await seqs()).toEqual([['a1', 4], ['a2', 2], ['a3', 3]]);
    expect((await db.q.one(`SELECT value FROM queue_meta WHERE key = 'epoch'`))!.value).toMatch(/^[0-9a-f]{16}$/);
  });
});
