import { describe, expect, it } from 'vitest';
import { workstationMigrations } from '../../../../main/db/migrations';
import { step } from '../helpers';

describe('workstation migration 0001 foundation', () => {
  it('creates hall, counters, staff, sessions, settings and the audit log, with their keys and checks', () => {
    const { db, added } = step(workstationMigrations, 'foundation');
    expect(added).toEqual(['audit_action', 'audit_log', 'counters', 'hall', 'sessions', 'sessions_staff', 'settings', 'staff']);
    db.prepare("INSERT INTO hall (id, name, created_at) VALUES ('h', '大厅', 'now')").run();
    expect(() => db.prepare("INSERT INTO counters (id, hall_id, number, name) VALUES ('c', 'missing', 1, 'x')").run()).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO counters (id, hall_id, number, name) VALUES ('c1', 'h', 1, 'x')").run();
    expect(() => db.prepare("INSERT INTO counters (id, hall_id, number, name) VALUES ('c2', 'h', 1, 'y')").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO staff (id, staff_no, name, role, password_hash, created_at) VALUES ('s','1','n','king','h','t')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO audit_log (at, action, outcome, prev_hash, hash) VALUES ('t', 'a', 'maybe', 'p', 'h')").run()).toThrow(/CHECK/);
  });
});
