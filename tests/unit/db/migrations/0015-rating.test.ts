import { describe, expect, it } from 'vitest';
import { workstationMigrations } from '../../../../main/db/migrations';
import { step } from '../helpers';

describe('workstation migration 0015 rating', () => {
  it('creates the services, ratings, follow-ups, their steps and the outbox', () => {
    const { added } = step(workstationMigrations, 'rating');
    expect(added.sort()).toEqual([
      'rating_followup_steps', 'rating_followups', 'rating_later_cursor', 'rating_outbox', 'rating_outbox_pending', 'rating_services', 'rating_services_day', 'ratings', 'ratings_day',
    ]);
  });

  it('allows one rating per service (一次一评) and levels 1–5 only', () => {
    const { db } = step(workstationMigrations, 'rating');
    db.prepare(`INSERT INTO rating_services (id, finished_at, finished_day, counter_id, counter_number, staff_id, staff_no, later_code, rate_until)
      VALUES ('s1', '2026-03-02T02:00:00.000Z', '2026-03-02', 'c3', 3, 'st', 'C001', 'code1', '2026-03-09T02:00:00.000Z')`).run();
    const rate = db.prepare(`INSERT INTO ratings (id, service_id, level, channel, rated_at, rated_day) VALUES (?, 's1', ?, 'screen', '2026-03-02T02:01:00.000Z', '2026-03-02')`);
    rate.run('PJ1', 5);
    expect(() => rate.run('PJ2', 4)).toThrow(/UNIQUE/);
    db.prepare('DELETE FROM ratings').run();
    expect(() => rate.run('PJ3', 6)).toThrow(/CHECK/);
  });
});
