import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/db/migrate';
import { workstationMigrations } from '../../../../main/db/migrations';

describe('workstation migration 0022 case-file-fetches', () => {
  it('keeps one waiting row per restored attachment, pending or absent, tied to its attachment and case', () => {
    const i = workstationMigrations.findIndex((m) => m.name === 'case-file-fetches');
    const db = new Database(':memory:');
    migrate(db, workstationMigrations.slice(0, i));
    expect(migrate(db, workstationMigrations.slice(0, i + 1)).applied).toEqual(['case-file-fetches']);
    db.pragma('foreign_keys = ON');
    const sha = 'c'.repeat(64);
    const wait = db.prepare(`INSERT INTO case_file_fetches (attachment_id, case_id, material_id, sha256, mime, updated_at) VALUES (?, ?, 'm1', ?, 'application/pdf', 1)`);
    // An attachment that is not recorded is refused (the row waits for a file of a known attachment).
    expect(() => wait.run('att-1', 'case-1', sha)).toThrow(/FOREIGN KEY/);
    db.prepare(`INSERT INTO cases (id, hall_code, state, item_code, item_name, scenario_code, scenario_name, catalog_version, instant, promised_limit_days,
      delivery_options, applicant_type, applicant_name, applicant_id_number, created_at, created_by, counter_id, updated_at)
      VALUES ('case-1', 'SJ01', 'accepted', 'I', '事项', 'S', '情形', 'v1', 0, 5, '["pickup"]', 'person', '张伟', '110101199003071234', 't', 's', 'counter-1', 't')`).run();
    db.prepare(`INSERT INTO case_attachments (id, case_id, material_id, file_path, sha256, mime, pages, added_at, added_by) VALUES ('att-1', 'case-1', 'm1', ?, ?, 'application/pdf', 1, 't', 's')`).run(`hub:${sha}`, sha);
    wait.run('att-1', 'case-1', sha);
    expect(db.prepare('SELECT state, attempts, last_error FROM case_file_fetches').get()).toEqual({ state: 'pending', attempts: 0, last_error: null });
    expect(() => wait.run('att-1', 'case-1', sha)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.prepare(`UPDATE case_file_fetches SET state = 'lost'`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO case_file_fetches (attachment_id, case_id, material_id, sha256, mime, updated_at) VALUES ('att-1', 'case-1', 'm1', 'short', 'x', 1)`).run()).toThrow(/CHECK|UNIQUE|PRIMARY/);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT attachment_id FROM case_file_fetches WHERE case_id = ?`).all('case-1') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/case_file_fetches_case/);
  });
});
