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

  it('gives the files of cases still open an upload operation each (never sent before this version); archived cases and files gone are left', () => {
    const i = workstationMigrations.findIndex((m) => m.name === 'case-file-fetches');
    const db = new Database(':memory:');
    migrate(db, workstationMigrations.slice(0, i));
    const kase = db.prepare(`INSERT INTO cases (id, case_number, hall_code, state, item_code, item_name, scenario_code, scenario_name, catalog_version, instant, promised_limit_days,
      delivery_options, applicant_type, applicant_name, applicant_id_number, created_at, created_by, counter_id, updated_at)
      VALUES (?, ?, 'SJ01', ?, 'I', '事项', 'S', '情形', 'v1', 0, 5, '["pickup"]', 'person', '张伟', '110101199003071234', 't', 's', 'counter-1', 't')`);
    kase.run('open', 'SH-SJ01-20261201-0001', 'accepted');
    kase.run('done', 'SH-SJ01-20261201-0002', 'archived');
    db.prepare(`INSERT INTO case_materials (case_id, material_id, position, name, definition, applicable, status_kind, status, updated_at) VALUES ('open', 'M01', 0, '身份证明', '{}', 1, 'captured', '{}', 't')`).run();
    const att = db.prepare(`INSERT INTO case_attachments (id, case_id, material_id, file_path, sha256, mime, pages, added_at, added_by) VALUES (?, ?, 'M01', ?, ?, 'application/pdf', 1, 't', 's')`);
    const file = db.prepare(`INSERT INTO files (id, kind, mime, size, sha256, path, created_at) VALUES (?, 'material-pdf', 'application/pdf', 3, ?, ?, 't')`);
    const sha = (c: string) => c.repeat(64);
    att.run('a-open', 'open', '/f/1.pdf', sha('1'));
    file.run('f1', sha('1'), '/f/1.pdf');
    att.run('a-gone', 'open', '/f/2.pdf', sha('2'));
    att.run('a-archived', 'done', '/f/3.pdf', sha('3'));
    file.run('f3', sha('3'), '/f/3.pdf');
    migrate(db, workstationMigrations.slice(0, i + 1));
    const ops = db.prepare(`SELECT kind, aggregate, seq, payload, idempotency_key AS k, status FROM sync_outbox`).all() as Array<{ kind: string; aggregate: string; seq: number; payload: string; k: string; status: string }>;
    expect(ops.map(({ payload: _p, ...o }) => o)).toEqual([{ kind: 'case.file', aggregate: 'file:a-open', seq: 1, k: 'file:a-open', status: 'pending' }]);
    expect(JSON.parse(ops[0].payload)).toEqual({ caseId: 'open', attachmentId: 'a-open', materialId: 'M01', sha256: sha('1'), mime: 'application/pdf', caseNumber: 'SH-SJ01-20261201-0001', materialName: '身份证明' });
    expect(db.prepare(`SELECT last_seq FROM sync_aggregates WHERE aggregate = 'file:a-open'`).get()).toEqual({ last_seq: 1 });
  });
});
