import Database from 'better-sqlite3';
import { createHash, createHmac } from 'node:crypto';
import { AuditLog, memoryAuditKey, type AuditKeySource } from '../../../../main/core/audit';
import { migrate } from '../../../../main/db/migrate';
import { workstationMigrations } from '../../../../main/db/migrations';

/** A fixed key, so a test can play the attacker who stole it. */
export function knownKey(): AuditKeySource & { raw: Buffer } {
  const raw = Buffer.alloc(32, 7);
  return { raw, key: () => raw };
}

/** A workstation database at the latest schema with `n` rows after the log's own first row. */
export function keyedLog(n = 5, key: AuditKeySource = memoryAuditKey()): { db: Database.Database; audit: AuditLog } {
  const db = new Database(':memory:');
  migrate(db, workstationMigrations);
  const audit = new AuditLog(db, key);
  for (let i = 0; i < n; i++) audit.record({ action: 'session.login', actorStaffId: `s${i}`, outcome: i % 2 ? 'refused' : 'ok', details: { i } });
  return { db, audit };
}

/** What an attacker with the file does first: the append-only triggers are in the way. */
export function dropTriggers(db: Database.Database): void {
  for (const t of ['audit_log_no_update', 'audit_log_no_delete']) db.exec(`DROP TRIGGER IF EXISTS ${t}`);
}

type Row = { seq: number; at: string; actorStaffId: string | null; actorRole: string | null; counterId: string | null; action: string; target: string | null; outcome: string; details: string; source: string | null };
const ALL = `SELECT seq, at, actor_staff_id AS actorStaffId, actor_role AS actorRole, counter_id AS counterId, action, target, outcome, details, source FROM audit_log ORDER BY seq`;

/**
 * Edits row `seq` and re-computes every link after it: with `key`, the way a holder of the key
 * would; without, with the old unkeyed SHA-256 (the best an attacker without the key can do).
 */
export function editAndRehash(db: Database.Database, seq: number, key?: Buffer): void {
  dropTriggers(db);
  db.prepare(`UPDATE audit_log SET outcome = 'ok', details = '{"edited":true}' WHERE seq = ?`).run(seq);
  const rows = db.prepare(ALL).all() as Row[];
  let prev = (db.prepare('SELECT prev_hash AS p FROM audit_log WHERE seq = ?').get(seq) as { p: string }).p;
  const set = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?');
  for (const r of rows.filter((x) => x.seq >= seq)) {
    const canonical = JSON.stringify([r.seq, r.at, r.actorStaffId, r.actorRole, r.counterId, r.action, r.target, r.outcome, r.details, r.source]);
    const h = key ? createHmac('sha256', key).update(prev).update('\n').update(canonical).digest('hex') : createHash('sha256').update(prev).update('\n').update(canonical).digest('hex');
    set.run(prev, h, r.seq);
    prev = h;
  }
}

/** The pre-0007 log: the old AuditLog's unkeyed SHA-256 rows, written into a database at `migrations`. */
export function writeLegacyRows(db: Database.Database, n: number): void {
  let prev = '0'.repeat(64);
  const ins = db.prepare(`INSERT INTO audit_log (seq, at, actor_staff_id, actor_role, counter_id, action, target, outcome, details, prev_hash, hash) VALUES (?, ?, ?, NULL, NULL, ?, NULL, 'ok', '{}', ?, ?)`);
  for (let seq = 1; seq <= n; seq++) {
    const at = `2026-11-0${(seq % 9) + 1}T08:00:00.000Z`;
    const canonical = JSON.stringify([seq, at, `s${seq}`, null, null, 'session.login', null, 'ok', '{}']);
    const hash = createHash('sha256').update(prev).update('\n').update(canonical).digest('hex');
    ins.run(seq, at, `s${seq}`, 'session.login', prev, hash);
    prev = hash;
  }
}
