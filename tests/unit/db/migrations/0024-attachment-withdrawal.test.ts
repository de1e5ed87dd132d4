import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/db/migrate';
import { workstationMigrations } from '../../../../main/db/migrations';

describe('workstation migration 0024 attachment-withdrawal', () => {
  it('keeps existing attachments as they were (not withdrawn) and records when and why one is', () => {
    const i = workstationMigrations.findIndex((m) => m.name === 'attachment-withdrawal');
    const db = new Database(':memory:');
    migrate(db, workstationMigrations.slice(0, i));
    db.prepare(`INSERT INTO cases (id, hall_code, state, item_code, item_name, scenario_code, scenario_name, catalog_version, instant, promised_limit_days,
      delivery_options, applicant_type, applicant_name, applicant_id_number, created_at, created_by, counter_id, updated_at)
      VALUES ('case-1', 'SJ01', 'accepted', 'I', '事项', 'S', '情形', 'v1', 0, 5, '["pickup"]', 'person', '张伟', '110101199003071234', 't', 's', 'counter-1', 't')`).run();
    db.prepare(`INSERT INTO case_attachments (id, case_id, material_id, file_path, sha256, mime, pages, added_at, added_by) VALUES ('att-1', 'case-1', 'm1', '/f/1.pdf', ?, 'application/pdf', 1, 't', 's')`).run('a'.repeat(64));
    expect(migrate(db, workstationMigrations.slice(0, i + 1)).applied).toEqual(['attachment-withdrawal']);
    expect(db.prepare('SELECT withdrawn_at, withdrawn_reason FROM case_attachments').get()).toEqual({ withdrawn_at: null, withdrawn_reason: null });
    db.prepare(`UPDATE case_attachments SET withdrawn_at = 'w', withdrawn_reason = '本机文件已损坏' WHERE id = 'att-1'`).run();
    expect(db.prepare('SELECT withdrawn_at, withdrawn_reason FROM case_attachments').get()).toEqual({ withdrawn_at: 'w', withdrawn_reason: '本机文件已损坏' });
  });
});
