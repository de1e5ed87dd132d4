/** `npm run -s export -- assistance --data DIR | --db postgres://… --from … --to …`: the 帮办台账 of a period as CSV (UTF-8 with BOM). */
import { DeskError } from '../../common/errors';
import { assertIsoDate } from '../core/calendar';
import { ledgerCsv } from '../core/assist/ledger';
import { EventBus } from '../hub/bus';
import { AssistDesk } from '../hub/assist/desk';
import { SqliteAssistStore } from '../hub/assist/sqlite-store';
import type { AssistStore } from '../hub/assist/store';
import { parseDbSpec } from '../hub/store/open';
import { PgDb } from '../hub/store/pg/db';
import { PgAssistStore } from '../hub/store/pg/assist-store';
import { openHubDatabase } from './hub-db';

/**
 * The ledger lives on the hub: `--data` is a hub's folder or a workstation's with its embedded hub
 * (`<data>/hub`), opened under its own key ring (hub-db.ts), not the workstation database `open` gives;
 * `--db postgres://…[?schema=…]` reads a district hub's shared PostgreSQL instead (as `npm run hub -- --db`).
 */
export async function run(args: { data?: string; db?: string; from?: string; to?: string; pinFile?: string }): Promise<string> {
  if (!args.data && !args.db) throw new DeskError('EXPORT_USAGE', '缺少数据目录（--data）或 PostgreSQL 大厅数据库（--db postgres://…）。');
  if (!args.from || !args.to) throw new DeskError('EXPORT_USAGE', '缺少统计期间（--from YYYY-MM-DD --to YYYY-MM-DD）。');
  assertIsoDate(args.from);
  assertIsoDate(args.to);
  if (args.to < args.from) throw new DeskError('EXPORT_BAD_PERIOD', `结束日期（${args.to}）早于开始日期（${args.from}）。`);
  const { store, close } = await openAssistStore(args);
  try {
    // Oldest first in a file (the page shows the newest first).
    return ledgerCsv((await new AssistDesk(store, new EventBus(), Date.now).ledger({ from: args.from, to: args.to })).reverse());
  } finally {
    await close();
  }
}

async function openAssistStore(args: { data?: string; db?: string; pinFile?: string }): Promise<{ store: AssistStore; close: () => Promise<void> }> {
  if (args.db) {
    const spec = parseDbSpec(args.db, args.data ?? ':memory:');
    if (spec.kind !== 'postgres') throw new DeskError('EXPORT_USAGE', '--db 只用于 PostgreSQL 大厅数据库（postgres://…）；SQLite 的大厅服务请用 --data 指定数据目录。');
    const pg = new PgDb({ url: spec.url, schema: spec.schema, max: 1 });
    try {
      await pg.connect();
    } catch (e) {
      await pg.close().catch(() => {});
      throw e;
    }
    return { store: new PgAssistStore(pg), close: () => pg.close() };
  }
  const db = await openHubDatabase(args.data!, args.pinFile);
  return {
    store: new SqliteAssistStore(db),
    close: async () => {
      db.close();
    },
  };
}
