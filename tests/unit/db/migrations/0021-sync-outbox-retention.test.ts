import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/db/migrate';
import { workstationMigrations } from '../../../../main/db/migrations';

describe('workstation migration 0021 sync-outbox-retention', () => {
  it('indexes done rows by time and drops the done steps of cases whose personal data was already purged', () => {
    const i = workstationMigrations.findIndex((m) => m.name === 'sync-outbox-retention');
    const db = new Database(':memory:');
    migrate(db, workstationMigrations.slice(0, i));
    // The archive_jobs rows stand for cases; the foreign key to `cases` is beside the point here.
    db.pragma('foreign_keys = OFF');
    const job = db.prepare(`INSERT INTO archive_jobs (case_id, case_number, status, next_attempt_at, purged_at, created_at, updated_at) VALUES (?, ?, 'archived', 't', ?, 't', 't')`);
    job.run('purged', 'N1', '2026-11-01T00:00:00.000Z');
    job.run('kept', 'N2', null);
    const op = db.prepare(`INSERT INTO sync_outbox (kind, aggregate, seq, payload, idempotency_key, created_at, next_attempt_at, status, done_at) VALUES (?, ?, ?, '{}', ?, 1, 1, ?, ?)`);
    op.run('case.step', 'case:purged', 1, 'a', 'done', 5);
    op.run('case.step', 'case:purged', 2, 'b', 'dead', null);
    op.run('case.step', 'case:kept', 1, 'c', 'done', 5);
    op.run('rating.put', 'rating:x', 1, 'd', 'done', 5);
    expect(migrate(db, workstationMigrations.slice(0, i + 1)).applied).toEqual(['sync-outbox-retention']);
    // A row not yet at the hub is never dropped, whatever its case.
    expect(db.prepare('SELECT idempotency_key AS k FROM sync_outbox ORDER BY k').all()).toEqual([{ k: 'b' }, { k: 'c' }, { k: 'd' }]);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM sync_outbox WHERE status = 'done' AND done_at < 10`).all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/sync_outbox_done/);
  });
});
