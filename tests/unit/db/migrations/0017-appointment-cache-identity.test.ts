import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/db/migrate';
import { workstationMigrations } from '../../../../main/db/migrations';

describe('workstation migration 0017 appointment-cache-identity', () => {
  it('keeps cached bookings with the ID number masked (no hash until the hub refreshes it), name and phone nullable', () => {
    const db = new Database(':memory:');
    migrate(db, workstationMigrations.filter((m) => m.version < 17));
    db.prepare(`INSERT INTO queue_appointments (id, day, code, id_number, name, phone, slot_start, slot_end, item_code, item_name, status, ticket_number, cached_at)
      VALUES ('ap1', '2026-11-30', 'YY1234', '310101199001011234', '李雷', '13800000000', 1, 2, 'I-1', '居住证', 'checked_in', 'Y-3-001', 5)`).run();
    migrate(db, workstationMigrations.filter((m) => m.version <= 17));
    const rows = db.prepare('SELECT * FROM queue_appointments').all();
    expect(rows).toEqual([{
      id: 'ap1', day: '2026-11-30', code: 'YY1234', id_hash: '', id_masked: '3101**********1234', name: '李雷', phone: '13800000000',
      slot_start: 1, slot_end: 2, item_code: 'I-1', item_name: '居住证', status: 'checked_in', ticket_number: 'Y-3-001', cached_at: 5,
    }]);
    expect(JSON.stringify(rows)).not.toContain('199001011');
    const cols = db.prepare('PRAGMA table_info(queue_appointments)').all() as { name: string; notnull: number }[];
    expect(cols.filter((c) => ['name', 'phone'].includes(c.name)).map((c) => c.notnull)).toEqual([0, 0]);
    expect(cols.map((c) => c.name)).not.toContain('id_number');
  });
});
