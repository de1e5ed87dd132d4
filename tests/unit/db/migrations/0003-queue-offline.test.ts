import { describe, expect, it } from 'vitest';
import { workstationMigrations } from '../../../../main/db/migrations';
import { step } from '../helpers';

describe('workstation migration 0003 queue-offline (released as user_version 10)', () => {
  it('creates the appointment cache, offline series and tickets, the outbox and pending calls; the outbox refuses an unknown state', () => {
    const { db, added } = step(workstationMigrations, 'queue-offline');
    expect(added).toEqual([
      'queue_appointments', 'queue_appointments_code', 'queue_appointments_day', 'queue_meta', 'queue_offline_tickets',
      'queue_offline_tickets_day', 'queue_outbox', 'queue_outbox_pending', 'queue_pending_calls', 'queue_series',
    ]);
    const out = db.prepare(`INSERT INTO queue_outbox (op_id, counter, type, number, payload, state, created_at) VALUES (?, 3, 'issue', 'A-3-001', '{}', ?, 0)`);
    expect(() => out.run('x', 'lost')).toThrow(/CHECK/);
    out.run('x', 'pending');
    expect(() => out.run('x', 'pending')).toThrow(/UNIQUE/);
    expect(() => db.prepare(`INSERT INTO queue_offline_tickets (number, day, counter, stream, kind, status, due_at, issued_at) VALUES ('L1', 'd', 1, 'A', 'walkin', 'gone', 0, 0)`).run()).toThrow(/CHECK/);
    db.prepare(`INSERT INTO queue_series VALUES ('d', 1, 'L', 1)`).run();
    expect(() => db.prepare(`INSERT INTO queue_series VALUES ('d', 1, 'L', 2)`).run()).toThrow(/UNIQUE|PRIMARY KEY/);
  });
});
