/**
 * Pulls the hall's case records from the hub with its cursor, so a counter can still answer
 * "where is my case?" while the hub is unreachable. Each page and the cursor it ends at are
 * written in ONE transaction (a crash never leaves rows without their cursor or a cursor past
 * rows not written). A hub that answers `reset` (a cursor from another hub database) is followed:
 * the local copy is dropped and rebuilt from the page it sent, which starts from the beginning.
 */
import type { Database } from 'better-sqlite3';
import type { HallCase } from '../../hub/cases/protocol';

export interface PullPage {
  cases: HallCase[];
  cursor: string;
  more: boolean;
  reset: boolean;
}

export const HALL_CASES_CURSOR = 'hall-cases';

export function cursorOf(db: Database, name: string): string | null {
  return (db.prepare('SELECT cursor FROM sync_cursors WHERE name = ?').get(name) as { cursor: string } | undefined)?.cursor ?? null;
}

/** Sets a pull's cursor; call it inside the transaction that writes what the page brought. */
export function saveCursor(db: Database, name: string, cursor: string, at: number): void {
  db.prepare('INSERT INTO sync_cursors (name, cursor, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at').run(name, cursor, at);
}

export async function pullHallCases(db: Database, fetch: (cursor: string | null) => Promise<PullPage>, now: () => number = Date.now, maxPages = 200): Promise<{ received: number; reset: boolean }> {
  const put = db.prepare(`INSERT INTO hall_cases (id, case_number, state, item_name, applicant_name, applicant_key_masked, workstation, due_date, hub_seq, record)
    VALUES (@id, @caseNumber, @state, @itemName, @applicantName, @applicantKeyMasked, @workstation, @dueDate, @hubSeq, @record)
    ON CONFLICT (id) DO UPDATE SET case_number = excluded.case_number, state = excluded.state, item_name = excluded.item_name, applicant_name = excluded.applicant_name,
      applicant_key_masked = excluded.applicant_key_masked, workstation = excluded.workstation, due_date = excluded.due_date, hub_seq = excluded.hub_seq, record = excluded.record`);
  const save = db.prepare(`INSERT INTO sync_cursors (name, cursor, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`);
  let received = 0;
  let reset = false;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetch(cursorOf(db, HALL_CASES_CURSOR));
    db.transaction(() => {
      if (page.reset) db.prepare('DELETE FROM hall_cases').run();
      for (const c of page.cases) put.run({ ...c, record: JSON.stringify(c) });
      save.run(HALL_CASES_CURSOR, page.cursor, now());
    })();
    reset ||= page.reset;
    received += page.cases.length;
    if (!page.more) break;
  }
  return { received, reset };
}

/** The local copy, by case number or applicant name (for when the hub cannot be reached). */
export function findLocalHallCases(db: Database, numberOrName: string): HallCase[] {
  const rows = db.prepare('SELECT record FROM hall_cases WHERE case_number = ? OR applicant_name = ? ORDER BY hub_seq DESC LIMIT 50').all(numberOrName, numberOrName) as Array<{ record: string }>;
  return rows.map((r) => JSON.parse(r.record) as HallCase);
}
