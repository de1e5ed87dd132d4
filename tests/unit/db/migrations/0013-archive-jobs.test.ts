import { describe, expect, it } from 'vitest';
import { workstationMigrations } from '../../../../main/db/migrations';
import { step } from '../helpers';

describe('workstation migration 0013 archive-jobs', () => {
  it('adds the archive jobs, one per case, with a due index, and refuses an unknown status', () => {
    const { db, added } = step(workstationMigrations, 'archive-jobs');
    expect(added.sort()).toEqual(['archive_jobs', 'archive_jobs_due']);
    db.pragma('foreign_keys = OFF');
    const add = db.prepare(`INSERT INTO archive_jobs (case_id, case_number, status, next_attempt_at, created_at, updated_at) VALUES (?, 'SH-SJ01-20261201-0001', ?, 't', 't', 't')`);
    add.run('c1', 'pending');
    expect(() => add.run('c1', 'pending')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => add.run('c2', 'sent')).toThrow(/CHECK/);
  });
});
