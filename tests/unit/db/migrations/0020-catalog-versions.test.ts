import { describe, expect, it } from 'vitest';
import { workstationMigrations } from '../../../../main/db/migrations';
import { step } from '../helpers';

describe('workstation migration 0020 catalog-versions', () => {
  it('keeps each pulled catalog version once and one hall calendar', () => {
    const { added, db } = step(workstationMigrations, 'catalog-versions');
    expect(added.sort()).toEqual(['catalog_versions', 'reference_calendar']);
    const ins = db.prepare(`INSERT INTO catalog_versions (version, catalog, hub_seq, received_at) VALUES (?, '{}', ?, 1)`);
    ins.run('v1', 1);
    ins.run('v0', null);
    expect(() => ins.run('v1', 2)).toThrow(/UNIQUE|PRIMARY/);
    const cal = db.prepare(`INSERT INTO reference_calendar (id, calendar, seeded, received_at) VALUES (?, '{}', 0, 1)`);
    cal.run(1);
    expect(() => cal.run(2)).toThrow(/CHECK/);
  });
});
