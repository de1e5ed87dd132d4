/**
 * `npm run -s report -- … --db postgres://…[?schema=…]`: a district hub's figures read from its
 * shared PostgreSQL (queue, cases, ratings, 帮办), as any of its hub processes reports them. The
 * schema is read, never migrated: one not at this build's version is refused. Days a hub kept are
 * in its processes' own files, so every day is read live here (a `--data` hub folder beside it
 * lends its kept days, read-only).
 */
import { randomBytes } from 'node:crypto';
import { DeskError } from '../../common/errors';
import { IdentityHasher } from '../core/queue/match-hash';
import { openDatabase, type Db } from '../db/connection';
import { PgAssistStore } from '../hub/store/pg/assist-store';
import { PgCaseStore } from '../hub/store/pg/case-store';
import { PgDb } from '../hub/store/pg/db';
import { assertPgCurrent } from '../hub/store/pg/migrations';
import { PgQueueStore } from '../hub/store/pg/queue-store';
import { PgRatingBackend } from '../hub/store/pg/rating-store';
import { hubMigrations } from '../hub/store/migrations';
import { identityFunctions } from '../hub/store/sqlite';
import { parseDbSpec } from '../hub/store/open';
import { HubRatingStore } from '../hub/rating/store';
import { createHubReports, hubReportSource, type HubReports } from '../hub/reports';

export async function pgReports(spec: string, kept: Db | null): Promise<{ reports: HubReports; close: () => Promise<void> }> {
  const s = parseDbSpec(spec, ':memory:');
  if (s.kind !== 'postgres') throw new DeskError('BAD_ARGUMENT', '--db 只用于 PostgreSQL 大厅数据库（postgres://…）；SQLite 的大厅服务请用 --data 指定数据目录。');
  const db = new PgDb({ url: s.url, schema: s.schema, max: 2 });
  try {
    await assertPgCurrent(db);
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
  // Reading needs no ID matching: a throwaway hasher.
  const ids = new IdentityHasher(randomBytes(32));
  const store = new PgQueueStore(db, ids);
  // Without a hub folder the days read are kept nowhere that lasts: a scratch file takes them.
  const scratch = kept ? null : openDatabase({ dataDir: ':memory:', migrations: hubMigrations, label: '报表临时数据库', prepare: identityFunctions(ids) });
  const source = hubReportSource({ store, cases: new PgCaseStore(db), ratings: new HubRatingStore(new PgRatingBackend(db), Date.now), assist: new PgAssistStore(db) });
  return {
    reports: createHubReports(kept ?? scratch!, source, Date.now),
    close: async () => {
      scratch?.close();
      await db.close();
    },
  };
}
