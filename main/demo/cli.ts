// npm run -s demo -- history --data DIR [--days 60] [--seed N] [--last-day YYYY-MM-DD]
import { parseArgs } from 'node:util';
import { assertIsoDate } from '../core/calendar';
import { generateHistory } from './history/generate';

async function main(): Promise<void> {
  const command = process.argv[2];
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { data: { type: 'string' }, days: { type: 'string', default: '60' }, seed: { type: 'string' }, 'last-day': { type: 'string' } },
  });
  if (command !== 'history' || !values.data) {
    console.error('用法：npm run -s demo -- history --data 目录 [--days 60] [--seed 数字] [--last-day YYYY-MM-DD]');
    process.exit(2);
  }
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 400) throw new Error('--days 应为 1–400 的整数');
  if (values['last-day']) assertIsoDate(values['last-day']);
  const sum = await generateHistory({
    dataDir: values.data, days, seed: values.seed ? Number(values.seed) : undefined, lastDay: values['last-day'],
    log: (l) => process.stderr.write(`${l}\n`),
  });
  process.stdout.write(`${JSON.stringify({ from: sum.days[0], to: sum.days.at(-1), days: sum.days.length, tickets: sum.tickets, noShows: sum.noShows, cases: sum.cases, completed: sum.completed, refused: sum.refused, ratings: sum.ratings, assistance: sum.assistance })}\n`);
}

main().catch((e: Error) => {
  console.error(`失败：${e.message}`);
  process.exit(1);
});
