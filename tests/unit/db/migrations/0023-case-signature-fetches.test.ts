import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/db/migrate';
import { workstationMigrations } from '../../../../main/db/migrations';

describe('workstation migration 0023 case-signature-fetches', () => {
  it('keeps the waiting files as attachments and lets a signature image wait too, still tied to its case', () => {
    const i = workstationMigrations.findIndex((m) => m.name === 'case-signature-fetches');
    const db = new Database(':memory:');
    migrate(db, workstationMigrations.slice(0, i));
    db.pragma('foreign_keys = ON');
    const sha = 'c'.repeat(64);
    db.prepare(`INSERT INTO cases (id, hall_code, state, item_code, item_name, scenario_code, scenario_name, catalog_version, instant, promised_limit_days,
      delivery_options, applicant_type, applicant_name, applicant_id_number, created_at, created_by, counter_id, updated_at)
      VALUES ('case-1', 'SJ01', 'accepted', 'I', '事项', 'S', '情形', 'v1', 0, 5, '["pickup"]', 'person', '张伟', '110101199003071234', 't', 's', 'counter-1', 't')`).run();
    db.prepare(`INSERT INTO case_attachments (id, case_id, material_id, file_path, sha256, mime, pages, added_at, added_by) VALUES ('att-1', 'case-1', 'm1', ?, ?, 'application/pdf', 1, 't', 's')`).run(`hub:${sha}`, sha);
    db.prepare(`INSERT INTO case_file_fetches (attachment_id, case_id, material_id, sha256, mime, state, attempts, last_error, updated_at) VALUES ('att-1', 'case-1', 'm1', ?, 'application/pdf', 'absent', 2, '没有', 5)`).run(sha);

    expect(migrate(db, workstationMigrations.slice(0, i + 1)).applied).toEqual(['case-signature-fetches']);
    // What waited before waits still, as an attachment, with its state and history.
    expect(db.prepare('SELECT * FROM case_file_fetches').all()).toEqual([
      { attachment_id: 'att-1', kind: 'attachment', case_id: 'case-1', material_id: 'm1', sha256: sha, mime: 'application/pdf', state: 'absent', attempts: 2, last_error: '没有', updated_at: 5 },
    ]);
    // A signature's image (no attachment row names it) may wait; any other kind may not; the case must exist.
    const wait = db.prepare(`INSERT INTO case_file_fetches (attachment_id, kind, case_id, material_id, sha256, mime, updated_at) VALUES (?, ?, ?, 'signature:commitment', ?, 'image/png', 1)`);
    wait.run('sig-1', 'signature', 'case-1', sha);
    expect(() => wait.run('x-1', 'note', 'case-1', sha)).toThrow(/CHECK/);
    expect(() => wait.run('sig-2', 'signature', 'no-case', sha)).toThrow(/FOREIGN KEY/);
    expect(() => wait.run('sig-1', 'signature', 'case-1', sha)).toThrow(/UNIQUE|PRIMARY/);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT attachment_id FROM case_file_fetches WHERE case_id = ?`).all('case-1') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/case_file_fetches_case/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});
