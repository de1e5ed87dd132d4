/**
 * A PostgreSQL hub's ratings were each node's own until step 25 (and a hall moving from one SQLite
 * hub to PostgreSQL keeps its hub.sqlite as the node file): at start, whatever rating rows this
 * node's hub.sqlite still holds are moved into the shared tables, so the figures keep them, a
 * resent key still replays, and a QR printed before the upgrade can still be rated. Moved, not
 * copied: the node rows are deleted once PostgreSQL has committed them; a crash in between moves
 * them again at the next start, and every insert is ON CONFLICT DO NOTHING (what is shared wins).
 */
import type Database from 'better-sqlite3';
import { PgDb, type Q } from '../store/pg/db';

export interface Adopted { ratings: number; keys: number; offers: number; answers: number }

const CHUNK = 500;

export async function insertMany(q: Q, table: string, cols: readonly string[], rows: readonly Record<string, unknown>[], conflict: string): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const values = part.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ');
    await q.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${values} ${conflict}`, part.flatMap((r) => cols.map((c) => r[c])));
  }
}

export async function adoptNodeRatings(node: Database.Database, pg: PgDb): Promise<Adopted> {
  const all = (sql: string) => node.prepare(sql).all() as Record<string, unknown>[];
  const ratings = all('SELECT rating_id, counter, staff_no, item_code, rated_at, level, snapshot, revision, received_at FROM ratings');
  const keys = all('SELECT idempotency_key, rating_id, revision FROM rating_keys');
  const offers = all('SELECT code_hash, service_id, counter, ticket_number, item_name, rate_until, offered_at FROM rating_offers');
  const answers = all('SELECT seq, service_id, counter, level, reasons, reason_text, rated_at FROM rating_answers ORDER BY seq');
  const moved = { ratings: ratings.length, keys: keys.length, offers: offers.length, answers: answers.length };
  if (!ratings.length && !keys.length && !offers.length && !answers.length) return moved;
  await pg.tx(async (q) => {
    await insertMany(q, 'ratings', ['rating_id', 'counter', 'staff_no', 'item_code', 'rated_at', 'level', 'snapshot', 'revision', 'received_at'], ratings, 'ON CONFLICT (rating_id) DO NOTHING');
    await insertMany(q, 'rating_keys', ['idempotency_key', 'rating_id', 'revision'], keys, 'ON CONFLICT (idempotency_key) DO NOTHING');
    await insertMany(q, 'rating_offers', ['code_hash', 'service_id', 'counter', 'ticket_number', 'item_name', 'rate_until', 'offered_at'], offers, 'ON CONFLICT DO NOTHING');
    if (answers.length) {
      // A workstation's cursor may stand anywhere up to this node's last seq: the shared seq moves past
      // it first, so the moved answers (and every later one) come after any such cursor. A moved answer
      // the workstation had collected comes again and is ignored (its service is rated already).
      await PgDb.lockKey(q, 'rating:answers');
      const top = Math.max(...answers.map((a) => a.seq as number));
      await q.one(`SELECT setval(pg_get_serial_sequence('rating_answers', 'seq'), GREATEST(?::bigint, (SELECT COALESCE(MAX(seq), 0) FROM rating_answers)))`, [top]);
      await insertMany(q, 'rating_answers', ['service_id', 'counter', 'level', 'reasons', 'reason_text', 'rated_at'], answers, 'ON CONFLICT (service_id) DO NOTHING');
    }
  });
  node.transaction(() => {
    for (const t of ['ratings', 'rating_keys', 'rating_offers', 'rating_answers']) node.prepare(`DELETE FROM ${t}`).run();
  })();
  return moved;
}
