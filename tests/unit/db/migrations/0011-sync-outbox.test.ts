import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/db/migrate';
import { workstationMigrations } from '../../../../main/db/migrations';
import { step } from '../helpers';

describe('workstation migration 0011 sync-outbox', () => {
  it('adds the outbox, per-aggregate sequences, pull cursors, pulled hall cases, and whose clock stamped each case step', () => {
    const { db, added } = step(workstationMigrations, 'sync-outbox');
    expect(added.sort()).toEqual(['hall_cases', 'hall_cases_number', 'sync_aggregates', 'sync_cursors', 'sync_outbox', 'sync_outbox_open', 'sync_outbox_status']);
    const cols = (db.prepare('PRAGMA table_info(case_events)').all() as { name: string }[]).map((c) => c.name);
    expect(cols).toContain('time_source');
    const put = db.prepare(`INSERT INTO sync_outbox (kind, aggregate, seq, payload, idempotency_key, created_at, next_attempt_at) VALUES ('case.step', 'case:1', ?, '{}', ?, 1, 1)`);
    put.run(1, 'k1');
    // one key, one operation; one seq per aggregate
    expect(() => put.run(2, 'k1')).toThrow(/UNIQUE/);
    expect(() => put.run(1, 'k2')).toThrow(/UNIQUE/);
    expect(() => db.prepare(`UPDATE sync_outbox SET status = 'lost'`).run()).toThrow(/CHECK/);
  });

  it('keeps existing case events (their clock unknown: NULL)', () => {
    const before = workstationMigrations.filter((m) => m.version < 11);
    const { db } = step(before, before.at(-1)!.name);
    db.prepare(`INSERT INTO cases (id, hall_code, state, item_code, item_name, scenario_code, scenario_name, catalog_version, instant, promised_limit_days, delivery_options,
      applicant_type, applicant_name, applicant_id_number, created_at, created_by, counter_id, updated_at) VALUES ('c1', 'SJ01', 'draft', 'I', '事项', 'S', '情形', 'v', 0, 5, '[]', 'person', '张三', '310101199001011234', 't', 's', 'counter-1', 't')`).run();
    db.prepare(`INSERT INTO case_events (id, case_id, type, actor_staff_id, counter_id, at, payload) VALUES ('e1', 'c1', 'created', 's', 'counter-1', 't', '{}')`).run();
    migrate(db, workstationMigrations);
    expect(db.prepare(`SELECT id, time_source AS ts FROM case_events`).all()).toEqual([{ id: 'e1', ts: null }]);
  });
});
