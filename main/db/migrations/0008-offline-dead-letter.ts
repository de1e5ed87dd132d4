import type { Migration } from '../migrate';

/**
 * The offline outbox's dead-letter list: an operation the hub refused (or that failed at the hub
 * three times) leaves the upload queue with its reason and the time it was set aside, so the
 * operations after it still go up. `attempts` counts failed sends of an operation that the hub
 * could not answer (a fault, not a refusal); rows refused before this step keep their reason and
 * get their answer's time as `dead_at`.
 */
export const m0008: Migration = {
  version: 8,
  name: 'offline-dead-letter',
  up(db) {
    db.exec(`
      ALTER TABLE queue_outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE queue_outbox ADD COLUMN dead_at INTEGER;
      UPDATE queue_outbox SET dead_at = COALESCE(done_at, created_at) WHERE state = 'rejected';
      CREATE INDEX queue_outbox_dead ON queue_outbox(dead_at) WHERE dead_at IS NOT NULL;
    `);
  },
};
