import { describe, expect, it } from 'vitest';
import { workstationMigrations } from '../../../../main/db/migrations';
import { step } from '../helpers';

describe('workstation migration 0018 rating-reserved-codes', () => {
  it('keeps one reserved later-rating code per ticket, each code once', () => {
    const { added, db } = step(workstationMigrations, 'rating-reserved-codes');
    expect(added).toEqual(['rating_reserved_codes']);
    const ins = db.prepare(`INSERT INTO rating_reserved_codes (ticket_ref, later_code, reserved_at) VALUES (?, ?, '2026-03-02T02:00:00.000Z')`);
    ins.run('hub:1', 'code-a');
    expect(() => ins.run('hub:1', 'code-b')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => ins.run('hub:2', 'code-a')).toThrow(/UNIQUE/);
  });
});
