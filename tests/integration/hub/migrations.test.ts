import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../main/db/migrate';
import { hubMigrations } from '../../../main/hub/store/migrations';

describe('hub migrations', () => {
  it('version 1 creates the queue tables, the unique daily number and the covering index', () => {
    const db = new Database(':memory:');
    expect(migrate(db, hubMigrations)).toEqual({ from: 0, to: 1 });
    expect(schemaVersion(db)).toBe(1);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['hall', 'counters', 'tickets', 'ticket_numbers', 'call_requests', 'ticket_events', 'appointments', 'offline_ops']));
    const ins = db.prepare(`INSERT INTO tickets (day, number, stream, kind, series, source, status, due_at, issued_at) VALUES ('2026-03-02', 'A001', 'A', 'walkin', 'hub', 'kiosk', 'waiting', 1, 1)`);
    ins.run();
    expect(() => ins.run()).toThrow(/UNIQUE/);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id, stream, kind FROM tickets WHERE day = ? AND status = 'waiting'`).all('2026-03-02') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/COVERING INDEX/);
    expect(migrate(db, hubMigrations)).toEqual({ from: 1, to: 1 });
  });

  it('refuses a hub database from a newer version', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 99');
    expect(() => migrate(db, hubMigrations)).toThrowError(expect.objectContaining({ code: 'DB_FROM_FUTURE' }));
  });
});
