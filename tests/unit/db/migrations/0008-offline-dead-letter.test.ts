import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/db/migrate';
import { workstationMigrations } from '../../../../main/db/migrations';
import { step } from '../helpers';

describe('workstation migration 0008 offline-dead-letter', () => {
  it('adds attempts and dead_at to the outbox, with an index on the dead letters', () => {
    const { db, added } = step(workstationMigrations, 'offline-dead-letter');
    expect(added).toEqual(['queue_outbox_dead']);
    const cols = (db.prepare('PRAGMA table_info(queue_outbox)').all() as { name: string; notnull: number; dflt_value: string | null }[]).filter((c) => ['attempts', 'dead_at'].includes(c.name));
    expect(cols.map((c) => [c.name, c.notnull, c.dflt_value])).toEqual([['attempts', 1, '0'], ['dead_at', 0, null]]);
  });

  it('keeps every earlier refusal in the dead-letter list, dated by its answer', () => {
    const db = new Database(':memory:');
    const i = workstationMigrations.findIndex((m) => m.name === 'offline-dead-letter');
    migrate(db, workstationMigrations.slice(0, i));
    const put = db.prepare(`INSERT INTO queue_outbox (op_id, counter, type, number, payload, state, error_code, error_message, created_at, done_at) VALUES (?, 3, 'issue', 'A-3-001', '{}', ?, ?, ?, 100, ?)`);
    put.run('op-rejected', 'rejected', 'UNKNOWN_STREAM', '没有该队列', 200);
    put.run('op-done', 'done', null, null, 150);
    put.run('op-pending', 'pending', null, null, null);
    migrate(db, workstationMigrations);
    expect(db.prepare('SELECT op_id, state, attempts, dead_at, error_code FROM queue_outbox ORDER BY seq').all()).toEqual([
      { op_id: 'op-rejected', state: 'rejected', attempts: 0, dead_at: 200, error_code: 'UNKNOWN_STREAM' },
      { op_id: 'op-done', state: 'done', attempts: 0, dead_at: null, error_code: null },
      { op_id: 'op-pending', state: 'pending', attempts: 0, dead_at: null, error_code: null },
    ]);
  });
});
