import { describe, expect, it } from 'vitest';
import { workstationMigrations } from '../../../../main/db/migrations';
import { step } from '../helpers';

describe('workstation migration 0005 case-ticket', () => {
  it('adds the ticket reference and number to cases, both optional, with an index on the reference', () => {
    const { db, added } = step(workstationMigrations, 'case-ticket');
    expect(added).toEqual(['cases_ticket']);
    const cols = (db.prepare('PRAGMA table_info(cases)').all() as { name: string; notnull: number }[]).filter((c) => c.name.startsWith('ticket_'));
    expect(cols.map((c) => `${c.name}${c.notnull ? '!' : ''}`)).toEqual(['ticket_ref', 'ticket_number']);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM cases WHERE ticket_ref = 'hub:1'").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/cases_ticket/);
  });
});
