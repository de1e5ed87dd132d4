import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedMigrations, migrate } from '../../../main/db/migrate';
import { hubMigrations } from '../../../main/hub/store/migrations';
import { SqliteQueueStore } from '../../../main/hub/store/sqlite';
import { plant, releases, rowsOf, schemaOf, userTables } from '../../fixtures/schemas/released';
import { tempDir } from './helpers';
import { maskIdNumber } from '../../../common/identity';
import { randomBytes } from 'node:crypto';
import { IdentityHasher } from '../../../main/core/queue/match-hash';

describe('hub migration 0001-hub-queue (released as user_version 1)', () => {
  it('creates the queue tables, the unique daily number and the covering index', () => {
    const db = new Database(':memory:');
    expect(migrate(db, hubMigrations.slice(0, 1)).applied).toEqual(['hub-queue']);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sqlite_sequence', 'schema_migrations') ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(['appointments', 'call_requests', 'counters', 'hall', 'offline_ops', 'ticket_events', 'ticket_numbers', 'tickets']);
    const ins = db.prepare(`INSERT INTO tickets (day, number, stream, kind, series, source, status, due_at, issued_at) VALUES ('2026-03-02', 'A001', 'A', 'walkin', 'hub', 'kiosk', 'waiting', 1, 1)`);
    ins.run();
    expect(() => ins.run()).toThrow(/UNIQUE/);
    expect(() => db.prepare(`INSERT INTO hall VALUES (2, '{}')`).run()).toThrow(/CHECK/);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id, stream, kind FROM tickets WHERE day = ? AND status = 'waiting'`).all('2026-03-02') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/COVERING INDEX/);
    expect(migrate(db, hubMigrations.slice(0, 1)).applied).toEqual([]);
  });
});

describe('hub migration 0002-counter-staff', () => {
  it("adds who is signed in at each counter (name and 工号), empty on every existing counter", () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.slice(0, 1));
    db.prepare(`INSERT INTO counters (number, name, streams, last_seen) VALUES (3, '3号窗口', '["A"]', 5)`).run();
    expect(migrate(db, hubMigrations.slice(0, 2)).applied).toEqual(['counter-staff']);
    expect(db.prepare('SELECT number, last_seen, staff_name, staff_no FROM counters').all()).toEqual([{ number: 3, last_seen: 5, staff_name: null, staff_no: null }]);
  });
});

describe('hub migration 0004-audit', () => {
  it("creates the hub's own audit log and the workstations' anchors, both refusing UPDATE and DELETE", () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 4));
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 4)).applied).toEqual(['audit']);
    const names = (db.prepare(`SELECT type, name FROM sqlite_master WHERE name LIKE 'audit%' ORDER BY name`).all() as { type: string; name: string }[]).map((r) => `${r.type} ${r.name}`);
    expect(names).toEqual([
      'index audit_action', 'table audit_anchors', 'trigger audit_anchors_no_delete', 'trigger audit_anchors_no_update', 'index audit_anchors_workstation',
      'table audit_log', 'trigger audit_log_no_delete', 'trigger audit_log_no_update',
    ]);
    db.prepare(`INSERT INTO audit_log (at, action, outcome, prev_hash, hash) VALUES ('t', 'hub.issue', 'ok', 'p', 'h')`).run();
    db.prepare(`INSERT INTO audit_anchors (workstation, head_seq, head_mac, at, received_at) VALUES ('ws-1', 3, 'm', 't', 1)`).run();
    for (const t of ['audit_log', 'audit_anchors']) {
      expect(() => db.prepare(`UPDATE ${t} SET seq = 9`).run()).toThrow(/UPDATE refused/);
      expect(() => db.prepare(`DELETE FROM ${t}`).run()).toThrow(/DELETE refused/);
    }
  });
});

describe('hub migration 0003-idempotency', () => {
  it('adds the issue keys table: one first answer per key', () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.slice(0, 2));
    expect(migrate(db, hubMigrations.slice(0, 3)).applied).toEqual(['idempotency']);
    db.prepare(`INSERT INTO issue_keys (key, request, ticket_id, answer, at) VALUES ('k-000001', '{}', 1, '{}', 1)`).run();
    expect(() => db.prepare(`INSERT INTO issue_keys (key, request, ticket_id, answer, at) VALUES ('k-000001', '{}', 2, '{}', 2)`).run()).toThrow(/UNIQUE/);
  });
});

describe('hub migration 0010-appointment-identity', () => {
  const seed = (file: string) => {
    const db = new Database(file);
    migrate(db, hubMigrations.filter((m) => m.version < 10));
    db.prepare(`INSERT INTO appointments (id, day, code, id_number, name, phone, slot_start, slot_end, item_code, item_name, status, ticket_id, checked_in_at, note)
      VALUES ('a1', '2026-11-30', 'YY0001', '11010519491231002x', '王芳', '13900001111', 1, 2, NULL, NULL, 'booked', NULL, NULL, NULL)`).run();
    db.close();
  };

  it('replaces each plain ID number by its keyed match hash (under the store identity key) and its mask; name and phone stay, now nullable', async () => {
    const file = path.join(tempDir(), 'hub.sqlite');
    seed(file);
    const key = randomBytes(32);
    const store = new SqliteQueueStore(file, undefined, key);
    expect(store.db.prepare('SELECT id, id_hash, id_masked, name, phone, contacts_purged_at FROM appointments').all()).toEqual([
      { id: 'a1', id_hash: new IdentityHasher(key).hash('2026-11-30', '11010519491231002X'), id_masked: '1101**********002X', name: '王芳', phone: '13900001111', contacts_purged_at: null },
    ]);
    // Matched through the hash, the check digit's case not mattering.
    expect((await store.findAppointments({ day: '2026-11-30', idNumber: '11010519491231002x' })).map((a) => a.id)).toEqual(['a1']);
    expect(await store.findAppointments({ day: '2026-12-01', idNumber: '11010519491231002X' })).toEqual([]);
    expect(await store.purgeAppointmentContactsBefore('2026-12-01', 99)).toBe(1);
    expect(store.db.prepare('SELECT name, phone, contacts_purged_at FROM appointments').get()).toEqual({ name: null, phone: null, contacts_purged_at: 99 });
    await store.close();
  });

  it('refuses to convert rows on a connection that lacks the identity key (never keeps or guesses)', () => {
    const file = path.join(tempDir(), 'hub.sqlite');
    seed(file);
    const db = new Database(file);
    expect(() => migrate(db, hubMigrations)).toThrow(/hub_id_hash/);
    expect(db.prepare('SELECT id_number FROM appointments').pluck().get()).toBe('11010519491231002x');
    db.close();
  });
});

/** Every row of `tables`, on the columns the old schema had (later migrations may add columns). */
function oldColumnRows(db: Database.Database, old: Record<string, string[]>): Record<string, unknown[]> {
  return Object.fromEntries(Object.entries(old).map(([t, cols]) => [t, db.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${t}"`).raw().all()]));
}
const columnsOf = (db: Database.Database, tables: readonly string[]) =>
  Object.fromEntries(tables.map((t) => [t, (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => c.name)]));

describe('upgrading a hub database written by each released schema', () => {
  it('has at least one released schema to upgrade from', () => expect(releases().length).toBeGreaterThan(0));

  it.each(releases())('%s: the store opens it, migrates to the latest, keeps every row, and ends with the schema of a new hub', async (release) => {
    const file = path.join(tempDir(), 'hub.sqlite');
    plant(release, 'hub', file);
    const old = new Database(file, { readonly: true });
    const tables = userTables(old);
    const rows = rowsOf(old, tables);
    const columns = columnsOf(old, tables);
    old.close();

    const store = new SqliteQueueStore(file);
    expect(appliedMigrations(store.db)).toEqual(hubMigrations.map((m) => m.name));
    // 0010 replaced the holders' plain ID numbers by their keyed hash and masked form: every other column is kept.
    const plainIds = columns.appointments?.includes('id_number') ? (rows.appointments as unknown[][]).map((r) => String(r[columns.appointments.indexOf('id_number')])) : [];
    const kept = Object.fromEntries(Object.entries(columns).map(([t, cs]) => [t, t === 'appointments' ? cs.filter((c) => c !== 'id_number') : cs]));
    const keptRows = Object.fromEntries(Object.entries(rows).map(([t, rs]) => [t, t === 'appointments' ? (rs as unknown[][]).map((r) => r.filter((_v, i) => columns.appointments[i] !== 'id_number')) : rs]));
    expect(oldColumnRows(store.db, kept)).toEqual(keptRows);
    const converted = store.db.prepare('SELECT id_hash, id_masked FROM appointments ORDER BY rowid').all() as { id_hash: string; id_masked: string }[];
    expect(converted.map((r) => r.id_masked)).toEqual(plainIds.map(maskIdNumber));
    for (const r of converted) expect(r.id_hash).toMatch(/^[0-9a-f]{64}$/);
    const all = JSON.stringify(store.db.prepare('SELECT * FROM appointments').all());
    for (const id of plainIds) expect(all).not.toContain(id);
    expect((await store.listTickets({ day: '2026-11-30' })).map((t) => [t.number, t.status])).toEqual([['A001', 'called'], ['A002', 'waiting']]);
    const fresh = new SqliteQueueStore(path.join(tempDir(), 'hub.sqlite'));
    expect(schemaOf(store.db)).toEqual(schemaOf(fresh.db));
    await store.close();
    await fresh.close();
  });
});

describe('opening the hub database (the same openDatabase as the workstation)', () => {
  it('uses WAL, synchronous NORMAL and a busy timeout', async () => {
    const store = new SqliteQueueStore(path.join(tempDir(), 'hub.sqlite'));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    await store.close();
  });

  it('refuses a hub database from a newer version before anything touches the file (not even WAL)', () => {
    const file = path.join(tempDir(), 'hub.sqlite');
    const db = new Database(file);
    migrate(db, [...hubMigrations, { version: 99, name: 'from-a-newer-hub', up: (d) => d.exec('CREATE TABLE later (a)') }]);
    db.close();
    const before = fs.readFileSync(file);
    expect(() => new SqliteQueueStore(file)).toThrow(expect.objectContaining({ code: 'DB_FROM_FUTURE', message: expect.stringContaining('大厅队列数据库') }));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(file + '-wal')).toBe(false);
  });

  it('refuses a pre-ledger hub database with a newer user_version, untouched', () => {
    const file = path.join(tempDir(), 'hub.sqlite');
    const db = new Database(file);
    db.pragma('user_version = 2');
    db.close();
    const before = fs.readFileSync(file);
    expect(() => new SqliteQueueStore(file)).toThrow(expect.objectContaining({ code: 'DB_FROM_FUTURE' }));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a corrupt file with a Chinese message and leaves its bytes unchanged', () => {
    const file = path.join(tempDir(), 'hub.sqlite');
    const junk = Buffer.alloc(8192, 0x5a);
    fs.writeFileSync(file, junk);
    expect(() => new SqliteQueueStore(file)).toThrow(expect.objectContaining({ code: 'DB_CORRUPT', message: expect.stringContaining('大厅队列数据库文件已损坏') }));
    expect(fs.readFileSync(file).equals(junk)).toBe(true);
  });

  it('refuses a database whose pages are damaged (quick_check), bytes unchanged', () => {
    const file = path.join(tempDir(), 'hub.sqlite');
    const db = new Database(file);
    migrate(db, hubMigrations);
    const ins = db.prepare(`INSERT INTO ticket_events (at, ticket_id, type, detail) VALUES (1, 1, 'issued', ?)`);
    db.transaction(() => { for (let i = 0; i < 2000; i++) ins.run('x'.repeat(200)); })();
    db.close();
    const bytes = fs.readFileSync(file);
    // Overwrite a page in the middle (not the header) with garbage: the file still opens, but its b-tree is broken.
    bytes.fill(0xa5, 8 * 4096, 10 * 4096);
    fs.writeFileSync(file, bytes);
    expect(() => new SqliteQueueStore(file)).toThrow(expect.objectContaining({ code: 'DB_CORRUPT' }));
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('hub migration 0005-ticket-follow', () => {
  it('adds a unique follow code column; tickets from before have none', () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 5));
    db.prepare(`INSERT INTO tickets (day, number, stream, kind, series, source, status, due_at, issued_at) VALUES ('2026-03-02', 'A001', 'A', 'walkin', 'hub', 'kiosk', 'waiting', 1, 1)`).run();
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 5)).applied).toEqual(['ticket-follow']);
    expect(db.prepare('SELECT number, follow_code FROM tickets').all()).toEqual([{ number: 'A001', follow_code: null }]);
    const ins = db.prepare(`INSERT INTO tickets (day, number, stream, kind, series, source, status, due_at, issued_at, follow_code) VALUES ('2026-03-02', ?, 'A', 'walkin', 'hub', 'kiosk', 'waiting', 1, 1, 'same')`);
    ins.run('A002');
    expect(() => ins.run('A003')).toThrow(/UNIQUE/);
  });
});

describe('hub migration 0006-ticket-holder', () => {
  it('adds the kiosk card holders beside the tickets, leaving every ticket as it was', () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 6));
    db.prepare(`INSERT INTO tickets (day, number, stream, kind, series, source, status, due_at, issued_at) VALUES ('2026-03-02', 'A001', 'A', 'walkin', 'hub', 'kiosk', 'waiting', 1, 1)`).run();
    expect(migrate(db, hubMigrations).applied).toContain('ticket-holder');
    expect(db.prepare('SELECT number, status FROM tickets').all()).toEqual([{ number: 'A001', status: 'waiting' }]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM ticket_holders').get()).toEqual({ n: 0 });
  });
});

describe('hub migration 0007-devices', () => {
  it('adds enrolled devices and enrolment codes, empty, with a device serial unique', () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 7));
    expect(migrate(db, hubMigrations).applied).toContain('devices');
    expect(db.prepare('SELECT COUNT(*) AS n FROM devices').get()).toEqual({ n: 0 });
    const add = db.prepare(`INSERT INTO devices (id, role, counters, name, serial, not_after, enrolled_at) VALUES (?, 'kiosk', '[]', '取号机', 'ab', 1, 1)`);
    add.run('kiosk-1');
    expect(() => add.run('kiosk-2')).toThrow(/UNIQUE/);
  });
});

describe('hub migration 0017-daily-reports', () => {
  it('adds the kept 日动态, one per day, empty', () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 17));
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 17)).applied).toContain('daily-reports');
    expect(db.prepare('SELECT COUNT(*) AS n FROM daily_reports').get()).toEqual({ n: 0 });
    const keep = db.prepare(`INSERT INTO daily_reports (day, generated_at, report) VALUES ('2026-03-02', 1, '{}')`);
    keep.run();
    expect(() => keep.run()).toThrow(/UNIQUE/);
  });
});

describe('hub migration 0011-hall-cases', () => {
  it('adds the hall case record (head, trail, gaps, backlogs) with an epoch of its own', () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 11));
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 11)).applied).toContain('hall-cases');
    const epoch = db.prepare(`SELECT value FROM case_meta WHERE key = 'epoch'`).get() as { value: string };
    expect(epoch.value).toMatch(/^[0-9a-f]{16}$/);
    for (const t of ['hall_cases', 'hall_case_steps', 'hall_case_gaps', 'sync_backlog']) expect(db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    const other = new Database(':memory:');
    migrate(other, hubMigrations);
    expect((other.prepare(`SELECT value FROM case_meta WHERE key = 'epoch'`).get() as { value: string }).value).not.toBe(epoch.value);
  });
});

describe('hub migration 0015-ratings', () => {
  it('adds the ratings (one row per rating id) and the answered idempotency keys, empty', () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 15));
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 15)).applied).toEqual(['ratings']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM ratings').get()).toEqual({ n: 0 });
    const key = db.prepare(`INSERT INTO rating_keys (idempotency_key, rating_id, revision) VALUES ('k1', 'PJ1', 1)`);
    key.run();
    expect(() => key.run()).toThrow(/UNIQUE/);
  });
});

describe('hub migration 0013-archive', () => {
  it('adds the archive receipts, one per case number', () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 13));
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 13)).applied).toContain('archive');
    const add = db.prepare(`INSERT INTO archive_receipts (case_number, workstation, bag_sha256, received_at, receipt) VALUES ('SH-SJ01-20261201-0001', 'ws', ?, 't', '{}')`);
    add.run('a'.repeat(64));
    expect(() => add.run('b'.repeat(64))).toThrow(/UNIQUE|PRIMARY/);
  });
});

describe('hub migration 0008-browser-devices', () => {
  it('adds a token hash to devices: certificate devices keep none, two browsers never share one', () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 8));
    db.prepare(`INSERT INTO devices (id, role, counters, name, serial, not_after, enrolled_at) VALUES ('kiosk-1', 'kiosk', '[]', '取号机', 'ab', 1, 1)`).run();
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 8)).applied).toEqual(['browser-devices']);
    expect(db.prepare('SELECT id, token_hash FROM devices').all()).toEqual([{ id: 'kiosk-1', token_hash: null }]);
    const tv = db.prepare(`INSERT INTO devices (id, role, counters, name, serial, not_after, enrolled_at, token_hash) VALUES (?, 'display', '[]', '叫号屏', ?, 1, 1, 'same')`);
    tv.run('display-1', 'token:display-1');
    expect(() => tv.run('display-2', 'token:display-2')).toThrow(/UNIQUE/);
  });
});

describe('hub migration 0009-hub-staff', () => {
  it('adds the hub’s supervisor accounts and staff assertions, empty', () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 9));
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 9)).applied).toEqual(['hub-staff']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM hub_staff').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM staff_assertions').get()).toEqual({ n: 0 });
  });
});

describe('hub migration 0016-ticket-estimate', () => {
  it('adds the forecast at issue beside each ticket; tickets from before have none', () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 16));
    db.prepare(`INSERT INTO tickets (day, number, stream, kind, series, source, status, due_at, issued_at) VALUES ('2026-03-02', 'A001', 'A', 'walkin', 'hub', 'kiosk', 'waiting', 1, 1)`).run();
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 16)).applied).toEqual(['ticket-estimate']);
    expect(db.prepare('SELECT number, estimate_ahead, estimate_minutes FROM tickets').all()).toEqual([{ number: 'A001', estimate_ahead: null, estimate_minutes: null }]);
    db.prepare(`UPDATE tickets SET estimate_ahead = 3, estimate_minutes = 12.5`).run();
    expect(db.prepare('SELECT estimate_ahead, estimate_minutes FROM tickets').get()).toEqual({ estimate_ahead: 3, estimate_minutes: 12.5 });
  });
});

describe('hub migration 0014-assist', () => {
  it('adds the assistance records, 办不成事 reports and their settings, empty, with a request key unique', () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 14));
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 14)).applied).toEqual(['assist']);
    for (const t of ['assist_records', 'unresolved_reports', 'assist_settings']) expect(db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    const add = db.prepare(`INSERT INTO assist_records (request_key, source, kind, status, requested_at) VALUES ('k-1', 'counter', 'consult', 'open', 1)`);
    add.run();
    expect(() => add.run()).toThrow(/UNIQUE/);
    expect(() => db.prepare(`INSERT INTO assist_records (request_key, source, kind, status, requested_at) VALUES ('k-2', 'counter', 'consult', 'lost', 1)`).run()).toThrow(/CHECK/);
  });
});

describe('hub migration 0018-case-report-indexes', () => {
  it("indexes the hall's cases by acceptance and completion time, for the 日动态", () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 18));
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 18)).applied).toEqual(['case-report-indexes']);
    const idx = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'hall_cases'`).all() as { name: string }[]).map((r) => r.name);
    expect(idx).toEqual(expect.arrayContaining(['hall_cases_accepted_at', 'hall_cases_completed_at']));
  });
});

describe('hub migration 0019-daily-report-figures', () => {
  it("keeps a day's figures beside its report, and gives the reports kept before theirs (the report without its lists)", () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 19));
    const report = { kind: 'daily', day: '2026-03-02', accepted: 2, ticketList: [{ number: 'A001' }], cases: { accepted: 2, acceptMinutesTotal: 30, cases: { accepted: [{ caseNumber: 'X' }] } } };
    db.prepare(`INSERT INTO daily_reports (day, generated_at, report) VALUES ('2026-03-02', 1, ?)`).run(JSON.stringify(report));
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 19)).applied).toEqual(['daily-report-figures']);
    const row = db.prepare(`SELECT figures, report FROM daily_reports WHERE day = '2026-03-02'`).get() as { figures: string; report: string };
    expect(JSON.parse(row.figures)).toEqual({ kind: 'daily', day: '2026-03-02', accepted: 2, cases: { accepted: 2, acceptMinutesTotal: 30 } });
    expect(JSON.parse(row.report)).toEqual(report);
  });
});

describe('hub migration 0022-upstream', () => {
  it('keeps one cursor per name and each refusal with its kind and reason', () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 22));
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 22)).applied).toEqual(['upstream']);
    const cursor = db.prepare(`INSERT INTO upstream_cursors (name, value, updated_at) VALUES (?, ?, 1)`);
    cursor.run('cases', 'e:1');
    expect(() => cursor.run('cases', 'e:2')).toThrow(/UNIQUE|PRIMARY/);
    const refuse = db.prepare(`INSERT INTO upstream_refusals (kind, subject, idempotency_key, reason, at) VALUES (?, 'SH-1', 'k', '拒收', 1)`);
    refuse.run('case');
    refuse.run('archive');
    expect(() => refuse.run('ticket')).toThrow(/CHECK/);
  });
});

describe('hub migration 0021-reference-data', () => {
  it('keeps reference publications in order, each catalog version once, and names this database with an epoch', () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 21));
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 21)).applied).toEqual(['reference-data']);
    const ins = db.prepare(`INSERT INTO reference_publications (kind, version, body, sha256, published_at, published_by) VALUES (?, ?, '{}', 'x', 1, 'cli')`);
    expect(ins.run('catalog', 'v1').lastInsertRowid).toBe(1);
    expect(ins.run('calendar', 'calendar-a').lastInsertRowid).toBe(2);
    expect(ins.run('calendar', 'calendar-a').lastInsertRowid).toBe(3);
    expect(() => ins.run('catalog', 'v1')).toThrow(/UNIQUE/);
    expect(() => ins.run('rules', 'r1')).toThrow(/CHECK/);
    expect((db.prepare(`SELECT value FROM reference_meta WHERE key = 'epoch'`).get() as { value: string }).value).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('hub migration 0025-hall-ratings', () => {
  it('is recorded beside PostgreSQL step 25 and leaves the rating tables and their rows as they were', async () => {
    const { pgHubMigrations } = await import('../../../main/hub/store/pg/migrations');
    const pgStep = pgHubMigrations.find((m) => m.version === 25);
    expect(pgStep?.name).toBe(hubMigrations.find((m) => m.version === 25)?.name);
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 25));
    db.prepare(`INSERT INTO ratings (rating_id, counter, staff_no, item_code, rated_at, level, snapshot, revision, received_at) VALUES ('PJ1', 1, 'C001', NULL, 't', 5, '{}', 1, 1)`).run();
    db.prepare(`INSERT INTO rating_keys (idempotency_key, rating_id, revision) VALUES ('k1', 'PJ1', 1)`).run();
    const tables = () => db.prepare(`SELECT name, sql FROM sqlite_master WHERE name LIKE 'rating%' ORDER BY name`).all();
    const before = tables();
    expect(before.length).toBeGreaterThanOrEqual(4);
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 25)).applied).toEqual(['hall-ratings']);
    expect(tables()).toEqual(before);
    expect(db.prepare('SELECT rating_id, revision FROM ratings').all()).toEqual([{ rating_id: 'PJ1', revision: 1 }]);
  });
});

describe('hub migration 0026-hall-trust', () => {
  it('is recorded beside PostgreSQL step 26 and leaves the trust tables and their rows as they were', async () => {
    const { pgHubMigrations } = await import('../../../main/hub/store/pg/migrations');
    expect(pgHubMigrations.find((m) => m.version === 26)?.name).toBe('hall-trust');
    expect(hubMigrations.find((m) => m.version === 26)?.name).toBe('hall-trust');
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 26));
    db.prepare(`INSERT INTO devices (id, role, counters, name, serial, not_after, enrolled_at) VALUES ('workstation-a', 'workstation', '[1]', '1号', 'ab', 9, 1)`).run();
    db.prepare(`INSERT INTO hub_staff (staff_no, name, role, password_hash, updated_at) VALUES ('3001', '赵刚', 'supervisor', 'scrypt$x', 1)`).run();
    const tables = () => db.prepare(`SELECT name, sql FROM sqlite_master WHERE name IN ('devices', 'enrolment_codes', 'hub_staff', 'staff_assertions') ORDER BY name`).all();
    const before = tables();
    expect(before).toHaveLength(4);
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 26)).applied).toEqual(['hall-trust']);
    expect(tables()).toEqual(before);
    expect(db.prepare('SELECT id FROM devices').all()).toEqual([{ id: 'workstation-a' }]);
    expect(db.prepare('SELECT staff_no FROM hub_staff').all()).toEqual([{ staff_no: '3001' }]);
  });
});

describe('hub migration 0024-appointment-changes', () => {
  it('numbers existing bookings, and every insert and update of a booking takes the next change sequence from the database', () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 24));
    const ins = db.prepare(`INSERT INTO appointments (id, day, code, id_hash, id_masked, name, phone, slot_start, slot_end, status) VALUES (?, '2026-03-02', ?, 'h', 'm', '李雷', '138', 1, 2, 'booked')`);
    ins.run('a1', 'YY0001');
    ins.run('a2', 'YY0002');
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 24)).applied).toEqual(['appointment-changes']);
    const seqs = () => db.prepare('SELECT id, change_seq FROM appointments ORDER BY id').all();
    expect(seqs()).toEqual([{ id: 'a1', change_seq: 1 }, { id: 'a2', change_seq: 2 }]);
    ins.run('a3', 'YY0003');
    db.prepare(`UPDATE appointments SET status = 'checked_in' WHERE id = 'a1'`).run();
    // The contact purge is an update too: its rows move (a past day's, which no pull of today reads).
    db.prepare(`UPDATE appointments SET name = NULL WHERE id = 'a2'`).run();
    expect(seqs()).toEqual([{ id: 'a1', change_seq: 4 }, { id: 'a2', change_seq: 5 }, { id: 'a3', change_seq: 3 }]);
    expect(db.prepare('SELECT last FROM appointment_seq').get()).toEqual({ last: 5 });
    expect(() => db.prepare('INSERT INTO appointment_seq (id, last) VALUES (2, 0)').run()).toThrow(/CHECK/);
    expect((db.prepare(`SELECT value FROM queue_meta WHERE key = 'epoch'`).get() as { value: string }).value).toMatch(/^[0-9a-f]{16}$/);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM appointments WHERE day = ? AND change_seq > ? ORDER BY change_seq LIMIT 200`).all('2026-03-02', 0) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/appointments_day_change/);
  });
});

describe('hub migration 0023-case-files', () => {
  it('stores each file once by its SHA-256 and names it from every attachment of a case that holds it', () => {
    const db = new Database(':memory:');
    migrate(db, hubMigrations.filter((m) => m.version < 23));
    expect(migrate(db, hubMigrations.filter((m) => m.version <= 23)).applied).toEqual(['case-files']);
    db.pragma('foreign_keys = ON');
    const sha = 'd'.repeat(64);
    const blob = db.prepare('INSERT INTO case_file_blobs (sha256, size, bytes, stored_at) VALUES (?, 3, ?, 1)');
    const link = db.prepare(`INSERT INTO case_files (case_id, attachment_id, sha256, material_id, mime, workstation, device_id, received_at) VALUES (?, ?, ?, 'm1', 'application/pdf', 'ws-a', NULL, 1)`);
    // A link to a file the hub does not hold is refused.
    expect(() => link.run('case-1', 'att-1', sha)).toThrow(/FOREIGN KEY/);
    blob.run(sha, Buffer.from('pdf'));
    expect(() => blob.run(sha, Buffer.from('pdf'))).toThrow(/UNIQUE|PRIMARY/);
    expect(() => blob.run('short', Buffer.from('x'))).toThrow(/CHECK/);
    link.run('case-1', 'att-1', sha);
    link.run('case-2', 'att-9', sha);
    expect(() => link.run('case-1', 'att-1', sha)).toThrow(/UNIQUE|PRIMARY/);
    const got = db.prepare('SELECT b.bytes FROM case_files l JOIN case_file_blobs b ON b.sha256 = l.sha256 WHERE l.case_id = ? AND l.sha256 = ?').get('case-2', sha) as { bytes: Buffer };
    expect(got.bytes.toString()).toBe('pdf');
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT mime FROM case_files WHERE case_id = ? AND sha256 = ?`).all('case-1', sha) as Array<{ detail: string }>;
    // Through an index (the case's attachments, or the digest's), never a scan of the hall's files.
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (PRIMARY KEY \(case_id=\?|INDEX case_files_blob \(sha256=\?)/);
    // Whether any case still names a blob (the files of an archived case are dropped, a shared blob stays).
    const named = db.prepare(`EXPLAIN QUERY PLAN SELECT 1 FROM case_files WHERE sha256 = ?`).all(sha) as Array<{ detail: string }>;
    expect(named.map((p) => p.detail).join(' ')).toMatch(/case_files_blob/);
  });
});
