/** The shape of a PostgreSQL schema step (migrations.ts lists them; some live beside the code they serve, e.g. estimates.ts). */
import type { IdentityHasher } from '../../../core/queue/match-hash';
import type { Q } from './db';

/** What a step may need besides the connection: the hub's ID match hasher (it holds the identity key). */
export interface PgMigrationContext {
  ids: IdentityHasher;
}

export interface PgMigration {
  version: number;
  name: string;
  up(q: Q, ctx: PgMigrationContext): Promise<void>;
}
