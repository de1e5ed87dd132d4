import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/db/migrate';
import { workstationMigrations } from '../../../../main/db/migrations';
import { step } from '../helpers';

describe('workstation migration 0009 sessions', () => {
  it('adds the password history, when each password was set, must-change, and why a session ended', () => {
    const { db, added } = step(workstationMigrations, 'sessions');
    expect(added.sort()).toEqual(['password_history', 'password_history_staff', 'sessions_open_counter']);
    const staffCols = (db.prepare('PRAGMA table_info(staff)').all() as { name: string }[]).map((c) => c.name);
    expect(staffCols).toEqual(expect.arrayContaining(['password_changed_at', 'must_change_password']));
    const sessionCols = (db.prepare('PRAGMA table_info(sessions)').all() as { name: string }[]).map((c) => c.name);
    expect(sessionCols).toContain('ended_reason');
  });

  it('counts an existing password as set when its account was created', () => {
    const before = workstationMigrations.slice(0, workstationMigrations.findIndex((m) => m.name === 'sessions'));
    const { db } = step(before, before.at(-1)!.name);
    db.prepare("INSERT INTO staff (id, staff_no, name, role, password_hash, created_at) VALUES ('s1', '1001', '王敏', 'clerk', 'x', '2026-01-02T00:00:00.000Z')").run();
    migrate(db, workstationMigrations);
    expect(db.prepare("SELECT password_changed_at AS at, must_change_password AS must FROM staff WHERE id = 's1'").get()).toEqual({ at: '2026-01-02T00:00:00.000Z', must: 0 });
  });
});
