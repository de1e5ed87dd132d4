import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/db/migrate';
import { workstationMigrations } from '../../../../main/db/migrations';

describe('workstation migration 0025 notice-fetches', () => {
  it('keeps the waiting rows as they were and lets a notice wait too; other kinds are still refused', () => {
    const i = workstationMigrations.findIndex((m) => m.name === 'notice-fetches');
    const db = new Database(':memory:');
    migrate(db, workstationMigrations.slice(0, i));
    db.prepare(`INSERT INTO cases (id, hall_code, state, item_code, item_name, scenario_code, scenario_name, catalog_version, instant, promised_limit_days,
      delivery_options, applicant_type, applicant_name, applicant_id_number, created_at, created_by, counter_id, updated_at)
      VALUES ('case-1', 'SJ01', 'accepted', 'I', '事项', 'S', '情形', 'v1', 0, 5, '["pickup"]', 'person', '张伟', '110101199003071234', 't', 's', 'counter-1', 't')`).run();
    const wait = db.prepare(`INSERT INTO case_file_fetches (attachment_id, kind, case_id, material_id, sha256, mime, state, updated_at) VALUES (?, ?, 'case-1', ?, ?, 'application/pdf', ?, 1)`);
    wait.run('sig-1', 'signature', 'signature:commitment', 'a'.repeat(64), 'absent');
    expect(() => wait.run('n-0', 'notice', 'notice:acceptance', 'b'.repeat(64), 'pending')).toThrow(/CHECK/);
    expect(migrate(db, workstationMigrations.slice(0, i + 1)).applied).toEqual(['notice-fetches']);
    expect(db.prepare('SELECT attachment_id, kind, state FROM case_file_fetches').all()).toEqual([{ attachment_id: 'sig-1', kind: 'signature', state: 'absent' }]);
    wait.run('n-1', 'notice', 'notice:acceptance', 'b'.repeat(64), 'pending');
    expect(() => wait.run('x-1', 'other', 'x', 'c'.repeat(64), 'pending')).toThrow(/CHECK/);
    db.pragma('foreign_keys = ON');
    expect(() => db.prepare(`INSERT INTO case_file_fetches (attachment_id, kind, case_id, material_id, sha256, mime, updated_at) VALUES ('n-2', 'notice', 'no-case', 'notice:x', ?, 'application/pdf', 1)`).run('d'.repeat(64))).toThrow(/FOREIGN KEY/);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT attachment_id FROM case_file_fetches WHERE case_id = ?`).all('case-1') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/case_file_fetches_case/);
  });
});
