// npm run -s report -- daily   --data DIR --day YYYY-MM-DD [--format json]
// npm run -s report -- monthly --data DIR --month YYYY-MM  [--format json]
// --db postgres://…[?schema=…] instead of (or beside) --data: a PostgreSQL hub's shared figures (pg.ts).
import { parseArgs } from 'node:util';
import { DeskError } from '../../common/errors';
import { assertIsoDate } from '../core/calendar';
import { sqliteReportSource } from '../core/reports/source';
import { assistanceCounts, createHubReports, dayBounds, hubCaseRows, ratingCounts } from '../hub/reports';
import { SqliteRatingBackend } from '../hub/rating/sqlite-backend';
import { SqliteCaseStore } from '../hub/store/sqlite-cases';
import { openDataDir, type OpenedData } from './open';
import { pgReports } from './pg';

const USAGE = '用法：npm run -s report -- daily --data 目录 --day YYYY-MM-DD [--format json]\n      npm run -s report -- monthly --data 目录 --month YYYY-MM [--format json]\n      大厅服务在 PostgreSQL 上时：--db postgres://…（可同时用 --data 指定某一大厅服务进程的数据目录）';

async function main(): Promise<void> {
  const command = process.argv[2];
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { data: { type: 'string' }, db: { type: 'string' }, day: { type: 'string' }, month: { type: 'string' }, format: { type: 'string', default: 'json' }, 'pin-file': { type: 'string' } },
  });
  if (command !== 'daily' && command !== 'monthly') {
    console.error(USAGE);
    process.exit(2);
  }
  if (!values.data && !values.db) throw new DeskError('BAD_ARGUMENT', '请用 --data 指定数据目录（或用 --db 指定 PostgreSQL 大厅数据库）。');
  if (values.format !== 'json') throw new DeskError('BAD_ARGUMENT', `不支持的格式：${values.format}（可用：json）`);
  const data: OpenedData | null = values.data ? await openDataDir(values.data, { pinFile: values['pin-file'] }) : null;
  const pg = values.db ? await pgReports(values.db, data?.hub ?? null).catch((e: Error) => {
    data?.close();
    throw e;
  }) : null;
  try {
    const reports = pg?.reports ?? sqliteReports(data!);
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
    await pg?.close();
    data?.close();
  }
}

/** The queue, the cases (the hall's case record), ratings and assistance from the hub's own tables, as the hub reports them. */
function sqliteReports(data: OpenedData) {
  const ratings = new SqliteRatingBackend(data.hub);
  return createHubReports(data.hub, {
    ...sqliteReportSource(data.hub), casesOf: hubCaseRows(new SqliteCaseStore(data.hub)), assistance: assistanceCounts(data.hub),
    ratings: (day) => ratingCounts(ratings.levelsNow(...dayBounds(day))),
  }, Date.now);
}

main().catch((e: Error & { code?: string }) => {
  console.error(`失败：${e.message}`);
  process.exit(1);
});
