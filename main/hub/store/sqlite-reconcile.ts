/**
 * One offline operation reconciled on the SQLite hub (OfflineReconciler's store seam): in one
 * IMMEDIATE transaction, a repeat answered with its first result, else the operation applied inside
 * a savepoint — a refused one's writes undone, its refusal still recorded — and its result kept.
 */
import type Database from 'better-sqlite3';
import { isDeskError, type DeskError } from '../../../common/errors';
import type { OfflineOpResult } from '../protocol';
import type { Row } from './rows';
import type { WaitingMirror } from './sqlite-waiting';
import type { OfflineRecord, OfflineTx } from './types';

interface Conn {
  db: Database.Database;
  st: (sql: string) => Database.Statement;
  mirror: WaitingMirror;
  /** The store's operations for `apply`, run on this connection inside the transaction. */
  tx: OfflineTx;
}

export async function reconcileInTransaction(c: Conn, rec: OfflineRecord, apply: (tx: OfflineTx) => Promise<OfflineOpResult>, reject: (e: DeskError) => OfflineOpResult) {
  c.st('BEGIN IMMEDIATE').run();
  try {
    c.mirror.catchUp();
    const prior = c.st('SELECT workstation, result FROM offline_ops WHERE op_id = ?').get(rec.opId) as Row | undefined;
    let out: { prior: { workstation: string; result: OfflineOpResult } | null; result: OfflineOpResult | null };
    if (prior) {
      out = { prior: { workstation: prior.workstation as string, result: JSON.parse(prior.result) as OfflineOpResult }, result: null };
    } else {
      let result: OfflineOpResult;
      // A savepoint inside the transaction: a refused operation's writes are undone, its refusal is still recorded.
      c.st('SAVEPOINT offline_apply').run();
      try {
        result = await apply(c.tx);
        c.st('RELEASE offline_apply').run();
      } catch (e) {
        if (!isDeskError(e)) throw e;
        c.st('ROLLBACK TO offline_apply').run();
        c.st('RELEASE offline_apply').run();
        c.mirror.reload();
        result = reject(e);
      }
      c.st('INSERT INTO offline_ops (op_id, workstation, counter, result, at) VALUES (?, ?, ?, ?, ?)').run(rec.opId, rec.workstation, rec.counter, JSON.stringify(result), rec.at);
      out = { prior: null, result };
    }
    c.st('COMMIT').run();
    return out;
  } catch (e) {
    if (c.db.inTransaction) c.db.exec('ROLLBACK');
    c.mirror.reload();
    throw e;
  }
}
