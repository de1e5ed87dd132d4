import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/db/migrate';
import { workstationMigrations } from '../../../../main/db/migrations';
import Database from 'better-sqlite3';
import { objects } from '../helpers';

const upTo = (name: string) => workstationMigrations.slice(0, workstationMigrations.findIndex((m) => m.name === name) + 1);

describe('workstation migration 0019 outbox-kinds', () => {
  it('moves what the rating and assistance outboxes still hold into the sync outbox, keys, lanes, order and times kept; refused ones as dead letters; drops both', () => {
    const db = new Database(':memory:');
    migrate(db, upTo('rating-reserved-codes'));
    // A case step already in the sync outbox, and a lane counter that must continue, not restart.
    db.prepare(`INSERT INTO sync_outbox (kind, aggregate, seq, payload, idempotency_key, created_at, next_attempt_at) VALUES ('case.step', 'case:c1', 1, '{}', 'step-1', 5, 5)`).run();
    db.prepare(`INSERT INTO sync_aggregates (aggregate, last_seq) VALUES ('case:c1', 1)`).run();
    const rating = db.prepare(`INSERT INTO rating_outbox (idempotency_key, body, created_at, attempts, last_error, sent_at) VALUES (?, ?, ?, ?, ?, ?)`);
    const offer = { serviceId: 'svc-1', codeHash: 'a'.repeat(64), ticketNumber: 'A012', itemName: '居住证办理', rateUntil: '2026-03-09T02:00:00.000Z' };
    const snap = (level: number) => ({ ratingId: 'PJ20260302-03-0001', serviceId: 'svc-1', counter: 3, level });
    rating.run('k-offer', JSON.stringify({ kind: 'offer', counter: 3, offer }), '2026-03-02T02:00:00.000Z', 0, null, null);
    rating.run('k-sent', JSON.stringify({ kind: 'rating', snapshot: snap(5) }), '2026-03-02T02:00:30.000Z', 0, null, '2026-03-02T02:00:31.000Z');
    rating.run('k-put1', JSON.stringify({ kind: 'rating', snapshot: snap(2) }), '2026-03-02T02:01:00.000Z', 2, '无法连接大厅服务', null);
    rating.run('k-refused', JSON.stringify({ kind: 'rating', snapshot: { ...snap(1), serviceId: 'svc-2' } }), '2026-03-02T02:03:00.000Z', 1, '评价所属窗口与请求窗口不一致。', 'refused:2026-03-02T02:04:00.000Z');
    const assist = db.prepare(`INSERT INTO assist_outbox (request_key, kind, body, created_at, attempts, last_error) VALUES (?, ?, ?, ?, ?, ?)`);
    const helpAt = Date.parse('2026-03-02T02:00:45.000Z');
    assist.run('help-0001-abcd', 'request', JSON.stringify({ key: 'help-0001-abcd', counter: 3, kind: 'fill', note: '老人不会填表', by: { staffNo: '1001', name: '王敏' }, at: helpAt }), helpAt, 0, null);
    assist.run('report-0001-ab', 'report', JSON.stringify({ key: 'report-0001-ab', kind: 'repeated', description: '三次未办成' }), helpAt + 300_000, 1, '请求格式不正确');

    expect(migrate(db, upTo('outbox-kinds')).applied).toEqual(['outbox-kinds']);

    const rows = db.prepare(`SELECT kind, aggregate, seq, payload, idempotency_key AS key, created_at AS at, status, attempts, next_attempt_at AS next, last_error AS error FROM sync_outbox ORDER BY id`).all() as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.kind, r.aggregate, r.seq, r.key, r.status])).toEqual([
      ['case.step', 'case:c1', 1, 'step-1', 'pending'],
      ['rating.offer', 'rating:svc-1', 1, 'k-offer', 'pending'],
      ['assist.request', 'assist:help-0001-abcd', 1, 'help-0001-abcd', 'pending'],
      ['rating.put', 'rating:svc-1', 2, 'k-put1', 'failed'],
      ['rating.put', 'rating:svc-2', 1, 'k-refused', 'dead'],
      ['assist.report', 'report:report-0001-ab', 1, 'report-0001-ab', 'dead'],
    ]);
    // Original times; due at once; the payload as the new senders read it.
    expect(rows[1]).toMatchObject({ at: Date.parse('2026-03-02T02:00:00.000Z'), next: Date.parse('2026-03-02T02:00:00.000Z'), attempts: 0, error: null });
    expect(JSON.parse(rows[1].payload as string)).toEqual({ counter: 3, offer });
    expect(rows[2]).toMatchObject({ at: helpAt });
    expect(JSON.parse(rows[2].payload as string)).toMatchObject({ key: 'help-0001-abcd', counter: 3, at: helpAt });
    expect(rows[3]).toMatchObject({ attempts: 2, error: '无法连接大厅服务' });
    expect(JSON.parse(rows[3].payload as string)).toEqual({ snapshot: snap(2) });
    expect(rows[4].error).toBe('大厅服务拒收：评价所属窗口与请求窗口不一致。');
    expect(rows[5].error).toBe('大厅服务拒收：请求格式不正确');
    // The lanes continue from here: the next snapshot of svc-1 is its third operation.
    expect(db.prepare(`SELECT last_seq FROM sync_aggregates WHERE aggregate = 'rating:svc-1'`).get()).toEqual({ last_seq: 2 });
    expect(objects(db, 'table')).not.toContain('rating_outbox');
    expect(objects(db, 'table')).not.toContain('assist_outbox');
  });

  it('runs on a database whose old outboxes are empty', () => {
    const db = new Database(':memory:');
    migrate(db, upTo('outbox-kinds'));
    expect(db.prepare('SELECT COUNT(*) AS n FROM sync_outbox').get()).toEqual({ n: 0 });
  });
});
