/** The assistance store beside a hub's queue: in the same SQLite file, or on the same PostgreSQL pool and schema. */
import type { QueueStore } from '../store/types';
import type { SqliteQueueStore } from '../store/sqlite';
import type { PgQueueStore } from '../store/pg/queue-store';
import { PgAssistStore } from '../store/pg/assist-store';
import { SqliteAssistStore } from './sqlite-store';
import type { AssistStore } from './store';

export function assistStoreFor(store: QueueStore): AssistStore {
  return store.backend === 'sqlite' ? new SqliteAssistStore((store as SqliteQueueStore).db) : new PgAssistStore((store as PgQueueStore).db);
}
