import type { Migration } from '../migrate';

/**
 * Ratings and assistance ride the sync outbox (issue 12 on issue 11's outbox): what the two small
 * outboxes of 0014 and 0015 still hold moves into `sync_outbox`, with its key, its original time
 * and its attempts, oldest first, each on its lane (a rating's offer and snapshots on
 * `rating:<service id>`, each 求助 and 办不成事 report on its own). Rows those outboxes had set
 * aside as refused by the hub (a rating marked `refused:…`, a 求助 or report with an error) become
 * dead letters: the 同步 page shows them with the reason and 重新发送, where before nobody saw them.
 *
 * Both old tables are then dropped: nothing reads or writes them any more, a table left behind
 * would invite a second outbox again, and no older program opens this file (the ledger refuses a
 * database with a migration it does not know).
 */
export const m0019: Migration = {
  version: 19,
  name: 'outbox-kinds',
  up(db) {
    type Moved = { at: number; order: number; kind: string; lane: string; payload: unknown; key: string; attempts: number; error: string | null; dead: boolean };
    const moved: Moved[] = [];

    const ratings = db.prepare(`SELECT seq, idempotency_key AS key, body, created_at AS createdAt, attempts, last_error AS error, sent_at AS sentAt
      FROM rating_outbox WHERE sent_at IS NULL OR sent_at LIKE 'refused:%' ORDER BY seq`).all() as Array<{ seq: number; key: string; body: string; createdAt: string; attempts: number; error: string | null; sentAt: string | null }>;
    for (const r of ratings) {
      const body = JSON.parse(r.body) as { kind: 'rating'; snapshot: { serviceId: string } } | { kind: 'offer'; counter: number; offer: { serviceId: string } };
      const common = { at: Date.parse(r.createdAt), order: r.seq, key: r.key, attempts: r.attempts, error: r.error, dead: r.sentAt !== null };
      if (body.kind === 'offer') moved.push({ ...common, kind: 'rating.offer', lane: `rating:${body.offer.serviceId}`, payload: { counter: body.counter, offer: body.offer } });
      else moved.push({ ...common, kind: 'rating.put', lane: `rating:${body.snapshot.serviceId}`, payload: { snapshot: body.snapshot } });
    }

    const assists = db.prepare(`SELECT seq, request_key AS key, kind, body, created_at AS createdAt, attempts, last_error AS error FROM assist_outbox ORDER BY seq`)
      .all() as Array<{ seq: number; key: string; kind: 'request' | 'report'; body: string; createdAt: number; attempts: number; error: string | null }>;
    for (const a of assists) {
      // The old flush skipped a row with an error for good: the hub had refused it.
      moved.push({
        at: a.createdAt, order: a.seq, key: a.key, attempts: a.attempts, error: a.error, dead: a.error !== null, payload: JSON.parse(a.body),
        kind: a.kind === 'request' ? 'assist.request' : 'assist.report', lane: a.kind === 'request' ? `assist:${a.key}` : `report:${a.key}`,
      });
    }

    const nextSeq = db.prepare(`INSERT INTO sync_aggregates (aggregate, last_seq) VALUES (?, 1)
      ON CONFLICT (aggregate) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`);
    const insert = db.prepare(`INSERT INTO sync_outbox (kind, aggregate, seq, payload, idempotency_key, created_at, status, attempts, next_attempt_at, last_error)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // Oldest first across both (ids are the engine's order across lanes); each source's own order kept on ties.
    moved.sort((a, b) => a.at - b.at || a.order - b.order);
    for (const m of moved) {
      const seq = (nextSeq.get(m.lane) as { last_seq: number }).last_seq;
      const status = m.dead ? 'dead' : m.attempts > 0 ? 'failed' : 'pending';
      const error = m.dead ? `大厅服务拒收：${m.error ?? '（原因未记录）'}` : m.error;
      // Due at once: the old outboxes kept no schedule of their own.
      insert.run(m.kind, m.lane, seq, JSON.stringify(m.payload), m.key, m.at, status, m.attempts, m.at, error);
    }

    db.exec(`DROP TABLE rating_outbox; DROP TABLE assist_outbox;`);
  },
};
