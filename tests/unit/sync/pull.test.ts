/** Pulls of the hall's case records: cursor saved with the rows, "start over" followed, pages in order. */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/connection';
import { workstationMigrations } from '../../../main/db/migrations';
import { cursorOf, findLocalHallCases, HALL_CASES_CURSOR, pullHallCases, type PullPage } from '../../../main/core/sync/pull';
import type { HallCase } from '../../../main/hub/cases/protocol';

const hc = (id: string, hubSeq: number, state: HallCase['state'] = 'accepted'): HallCase => ({
  id, caseNumber: `SH-SJ01-20260302-${String(hubSeq).padStart(4, '0')}`, state, itemCode: 'I', itemName: '事项', applicantType: 'person', applicantName: '张三',
  applicantKeyMasked: '310101********1234', workstation: 'ws-1', counterId: 'counter-1', createdAt: 't', acceptedAt: null, dueDate: null, completedAt: null,
  issuedAt: null, decision: null, lastSeq: 2, hubSeq,
});

describe('pull of hall case records', () => {
  it('follows pages, keeps the cursor with the rows, and starts over when the hub says so', async () => {
    const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
    const asked: Array<string | null> = [];
    let pages: PullPage[] = [
      { cases: [hc('a', 1), hc('b', 2)], cursor: 'e1:2', more: true, reset: false },
      { cases: [hc('a', 3, 'completed')], cursor: 'e1:3', more: false, reset: false },
    ];
    const fetch = async (cursor: string | null) => {
      asked.push(cursor);
      return pages.shift()!;
    };
    expect(await pullHallCases(db, fetch)).toEqual({ received: 3, reset: false });
    expect(asked).toEqual([null, 'e1:2']);
    expect(cursorOf(db, HALL_CASES_CURSOR)).toBe('e1:3');
    expect(findLocalHallCases(db, 'SH-SJ01-20260302-0003').map((c) => [c.id, c.state])).toEqual([['a', 'completed']]);

    // A page whose write fails leaves rows and cursor as they were.
    pages = [{ cases: [hc('c', 4), { ...hc('d', 5), state: null as unknown as HallCase['state'] }], cursor: 'e1:5', more: false, reset: false }];
    await expect(pullHallCases(db, fetch)).rejects.toThrow();
    expect(cursorOf(db, HALL_CASES_CURSOR)).toBe('e1:3');
    expect(findLocalHallCases(db, 'SH-SJ01-20260302-0004')).toEqual([]);

    // Another hub database: it answers reset with its own records from the start.
    pages = [{ cases: [hc('z', 1)], cursor: 'e2:1', more: false, reset: true }];
    expect(await pullHallCases(db, fetch)).toEqual({ received: 1, reset: true });
    expect(db.prepare('SELECT id FROM hall_cases').all()).toEqual([{ id: 'z' }]);
    expect(cursorOf(db, HALL_CASES_CURSOR)).toBe('e2:1');
  });
});
