/** The ratings' backend beside a hub's queue: the shared PostgreSQL of a district's hub processes, or this node's SQLite file. */
import type Database from 'better-sqlite3';
import type { QueueStore } from '../store/types';
import { PgQueueStore } from '../store/pg/queue-store';
import { PgRatingBackend } from '../store/pg/rating-store';
import type { RatingBackend } from './backend';
import { SqliteRatingBackend } from './sqlite-backend';

/** `localDb` is the queue's own file on a SQLite hub (a store of another kind, as tests make, keeps them there too). */
export function ratingBackendFor(store: QueueStore, localDb: Database.Database): RatingBackend {
  return store instanceof PgQueueStore ? new PgRatingBackend(store.db) : new SqliteRatingBackend(localDb);
}
