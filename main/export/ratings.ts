import { DeskError } from '../../common/errors';
import { hallDateTime } from '../../common/hall-time';
import { assertIsoDate } from '../core/calendar';
import { reasonLine, RatingStore } from '../core/rating';
import type { Db } from '../db/connection';
import { BOM, csvRow } from './csv';

/** The columns the issue fixes, in this order; anything added later goes after them. */
export const RATING_COLUMNS = ['评价编号', '评价时间', '评价等级', '办件编号', '事项编码', '事项名称', '窗口', '工号', '差评原因', '回访时限', '简单问题整改时限', '复杂问题整改时限', '状态', '事项版本', '评价渠道', '申诉复核'] as const;

const CHANNEL = { screen: '窗口评价屏', pad: '评价器', qr: '二维码' } as const;

/** `YYYY-MM-DD HH:mm` in hall time. */
const hallMinute = (iso: string) => hallDateTime(iso).slice(0, 16);

/** Ratings given from `from` to `to` (hall days, inclusive) as CSV; an empty period is the header alone. */
export function ratingsCsv(db: Db, from: string, to: string): string {
  assertIsoDate(from);
  assertIsoDate(to);
  if (from > to) throw new DeskError('EXPORT_BAD_PERIOD', `起始日期 ${from} 晚于结束日期 ${to}。`);
  const store = new RatingStore(db);
  let out = BOM + csvRow(RATING_COLUMNS);
  for (const { rating: r, service: s, followUp: f } of store.ratingsIn(from, to)) {
    const state = !f ? '已评价' : f.state === 'closed' ? (f.satisfied ? '已办结（满意）' : '已办结（不满意）') : '回访整改中';
    out += csvRow([
      r.id, hallMinute(r.ratedAt), r.level, s.caseNumber, s.itemCode, s.itemName, s.counterNumber, s.staffNo,
      f ? reasonLine(r.reasons, r.reasonText) : '', f?.deadlines.contact ?? '', f?.deadlines.simple ?? '', f?.deadlines.complex ?? '', state,
      s.itemVersion, CHANNEL[r.channel], r.excluded ? `已受理：${r.appealReason ?? ''}` : '',
    ]);
  }
  return out;
}

export interface ExportArgs {
  data?: string;
  from?: string;
  to?: string;
  pinFile?: string;
}

/** `npm run -s export -- ratings --data DIR --from YYYY-MM-DD --to YYYY-MM-DD` */
export async function run(args: ExportArgs, open: (dir: string, pinFile?: string) => Promise<Db>): Promise<string> {
  if (!args.data) throw new DeskError('BAD_ARGUMENT', '请用 --data 指定工作站数据目录。');
  if (!args.from || !args.to) throw new DeskError('BAD_ARGUMENT', '请用 --from 和 --to 指定导出期间（YYYY-MM-DD）。');
  const db = await open(args.data, args.pinFile);
  try {
    return ratingsCsv(db, args.from, args.to);
  } finally {
    db.close();
  }
}
