import { describe, expect, it } from 'vitest';
import { workstationMigrations } from '../../../../main/db/migrations';
import { step } from '../helpers';

describe('workstation migration 0014 assist', () => {
  it('adds the helpers’ capacities and the offline queue of 求助, keyed once each', () => {
    const { db, added } = step(workstationMigrations, 'assist');
    expect(added.sort()).toEqual(['assist_outbox', 'staff_assist_capacity']);
    const put = db.prepare(`INSERT INTO assist_outbox (request_key, kind, body, created_at) VALUES ('k-1', 'request', '{}', 1)`);
    put.run();
    expect(() => put.run()).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO staff (id, staff_no, name, role, password_hash, created_at) VALUES ('s1', '2002', '孙丽', 'assistant', 'x', '2026-01-02')").run();
    expect(() => db.prepare(`INSERT INTO staff_assist_capacity (staff_id, capacity) VALUES ('s1', 'boss')`).run()).toThrow(/CHECK/);
    db.prepare(`INSERT INTO staff_assist_capacity (staff_id, capacity) VALUES ('s1', 'approver')`).run();
  });
});
