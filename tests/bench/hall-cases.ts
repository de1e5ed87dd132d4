// Hall cases written straight into a hub database for the benches that need a million of them
// (case search, monthly report): one transaction of prepared inserts, far faster than ingesting
// steps, and the rows are what ingest leaves in hall_cases.
import type { Db } from '../../main/db/connection';

export interface SeedCase {
  id: string;
  caseNumber: string;
  hubSeq: number;
  state: string;
  applicantName: string;
  applicantKey: string;
  createdAt: string;
  acceptedAt: string | null;
  dueDate: string | null;
  completedAt: string | null;
}

/** Writes `n` cases, the i-th given by `row(i)`; returns the seconds it took. */
export function seedHallCases(db: Db, n: number, row: (i: number) => SeedCase): number {
  const t0 = performance.now();
  const ins = db.prepare(`INSERT INTO hall_cases (id, case_number, workstation, counter_id, state, last_seq, hub_seq, item_code, item_name, applicant_type, applicant_name, applicant_key,
    created_at, accepted_at, due_date, completed_at, issued_at, decision, snapshot, received_at) VALUES (?, ?, 'ws-1', 'counter-1', ?, 2, ?, 'I', '事项', 'person', ?, ?, ?, ?, ?, ?, NULL, NULL, '{}', 0)`);
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const c = row(i);
      ins.run(c.id, c.caseNumber, c.state, c.hubSeq, c.applicantName, c.applicantKey, c.createdAt, c.acceptedAt, c.dueDate, c.completedAt);
    }
  })();
  return (performance.now() - t0) / 1000;
}
