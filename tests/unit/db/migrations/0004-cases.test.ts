import { describe, expect, it } from 'vitest';
import { workstationMigrations } from '../../../../main/db/migrations';
import { step } from '../helpers';

describe('workstation migration 0004 cases (released as user_version 20)', () => {
  it('creates the case tables and their indexes; states, hashes and the applicant id are checked', () => {
    const { db, added } = step(workstationMigrations, 'cases');
    expect(added).toEqual([
      'case_attachments', 'case_attachments_case', 'case_events', 'case_events_case', 'case_materials', 'case_number_seq',
      'case_signatures', 'case_signatures_case', 'cases', 'cases_applicant_cc', 'cases_applicant_id', 'cases_created',
      'cases_open_due', 'cases_state_created',
    ]);
    const ins = db.prepare(`INSERT INTO cases (id, hall_code, state, item_code, item_name, scenario_code, scenario_name, catalog_version, instant,
      promised_limit_days, delivery_options, applicant_type, applicant_name, applicant_id_number, applicant_credit_code, created_at, created_by, counter_id, updated_at)
      VALUES (?, 'XH', ?, 'I', 'n', 'S', 's', 'v', 0, 5, '[]', 'person', '李雷', ?, NULL, 't', 's1', 'c1', 't')`);
    expect(() => ins.run('c0', 'lost', '310101199001011234')).toThrow(/CHECK/);
    expect(() => ins.run('c0', 'draft', null)).toThrow(/CHECK/);
    ins.run('c1', 'draft', '310101199001011234');
    expect(() => db.prepare(`INSERT INTO case_events (id, case_id, type, actor_staff_id, counter_id, at) VALUES ('e', 'missing', 't', 's', 'c', 't')`).run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`INSERT INTO case_attachments VALUES ('a', 'c1', 'm', 'p', 'short', 'application/pdf', 1, 't', 's')`).run()).toThrow(/CHECK/);
    // The near-due index holds open cases only.
    const openDue = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'cases_open_due'`).pluck().get() as string;
    expect(openDue).toMatch(/WHERE state IN \('accepted','in-review'\)/);
  });
});
