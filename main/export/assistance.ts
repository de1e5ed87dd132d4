/** `npm run -s export -- assistance --data DIR --from … --to …`: the 帮办台账 of a period as CSV (UTF-8 with BOM). */
import { DeskError } from '../../common/errors';
import { assertIsoDate } from '../core/calendar';
import { ledgerCsv } from '../core/assist/ledger';
import { EventBus } from '../hub/bus';
import { AssistDesk } from '../hub/assist/desk';
import { openHubDatabase } from './hub-db';

/**
 * The ledger lives on the hub: `--data` is a hub's folder or a workstation's with its embedded hub
 * (`<data>/hub`), opened under its own key ring (hub-db.ts), not the workstation database `open` gives.
 */
export async function run(args: { data?: string; from?: string; to?: string; pinFile?: string }): Promise<string> {
  if (!args.data) throw new DeskError('EXPORT_USAGE', '缺少数据目录（--data）。');
  if (!args.from || !args.to) throw new DeskError('EXPORT_USAGE', '缺少统计期间（--from YYYY-MM-DD --to YYYY-MM-DD）。');
  assertIsoDate(args.from);
  assertIsoDate(args.to);
  if (args.to < args.from) throw new DeskError('EXPORT_BAD_PERIOD', `结束日期（${args.to}）早于开始日期（${args.from}）。`);
  const db = await openHubDatabase(args.data, args.pinFile);
  try {
    // Oldest first in a file (the page shows the newest first).
    return ledgerCsv(new AssistDesk(db, new EventBus(), Date.now).ledger({ from: args.from, to: args.to }).reverse());
  } finally {
    db.close();
  }
}
