// npm run -s report -- daily   --data DIR --day YYYY-MM-DD [--format json]
// npm run -s report -- monthly --data DIR --month YYYY-MM  [--format json]
import { parseArgs } from 'node:util';
import { DeskError } from '../../common/errors';
import { assertIsoDate } from '../core/calendar';
import { sqliteReportSource } from '../core/reports/source';
import { assistanceCounts, createHubReports, dayBounds, hubCaseRows, ratingCounts } from '../hub/reports';
import { SqliteRatingBackend } from '../hub/rating/sqlite-backend';
import { SqliteCaseStore } from '../hub/store/sqlite-cases';
import { openDataDir } from './open';

const USAGE = '用法：npm run -s report -- daily --data 目录 --day YYYY-MM-DD [--format json]\n      npm run -s report -- monthly --data 目录 --month YYYY-MM [--format json]';

async function main(): Promise<void> {
  const command = process.argv[2];
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { data: { type: 'string' }, day: { type: 'string' }, month: { type: 'string' }, format: { type: 'string', default: 'json' }, 'pin-file': { type: 'string' } },
  });
  if (command !== 'daily' && command !== 'monthly') {
    console.error(USAGE);
    process.exit(2);
  }
  if (!values.data) throw new DeskError('BAD_ARGUMENT', '请用 --data 指定数据目录。');
  if (values.format !== 'json') throw new DeskError('BAD_ARGUMENT', `不支持的格式：${values.format}（可用：json）`);
  const data = await openDataDir(values.data, { pinFile: values['pin-file'] });
  try {
    // The queue, the cases (the hall's case record), ratings and assistance from the hub's own tables, as the hub reports them.
    const ratings = new SqliteRatingBackend(data.hub);
    const reports = createHubReports(data.hub, {
      ...sqliteReportSource(data.hub), casesOf: hubCaseRows(new SqliteCaseStore(data.hub)), assistance: assistanceCounts(data.hub),
      ratings: (day) => ratingCounts(ratings.levelsNow(...dayBounds(day))),
    }, Date.now);
    if (command === 'daily') {
      if (!values.day) throw new DeskError('BAD_ARGUMENT', '请用 --day 指定日期（YYYY-MM-DD）。');
      assertIsoDate(values.day);
      process.stdout.write(`${JSON.stringify(await reports.daily(values.day), null, 2)}\n`);
    } else {
      const month = values.month ?? '';
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new DeskError('BAD_ARGUMENT', '请用 --month 指定月份（YYYY-MM）。');
      process.stdout.write(`${JSON.stringify(await reports.monthly(month), null, 2)}\n`);
    }
  } finally {
    data.close();
  }
}

main().catch((e: Error & { code?: string }) => {
  console.error(`失败：${e.message}`);
  process.exit(1);
});
