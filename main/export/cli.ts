// npm run -s export -- <ratings|assistance> --data DIR --from YYYY-MM-DD --to YYYY-MM-DD [--pin-file F] (assistance: --db postgres://… for a hub on PostgreSQL)
// Writes the export to stdout (CSV, UTF-8 with BOM); messages go to stderr.
import { parseArgs } from 'node:util';
import type { Db } from '../db/connection';
import { openWorkstationData } from './open-data';

interface ExportModule {
  run(args: { data?: string; db?: string; from?: string; to?: string; pinFile?: string }, open: (dir: string, pinFile?: string) => Promise<Db>): Promise<string | Buffer>;
}

/** Each export is its own module, loaded only when asked for (one per domain; a missing one says so). */
const EXPORTS: Record<string, () => Promise<unknown>> = {
  ratings: () => import('./ratings.js'),
  // Written on the assistance branch; until it is merged the import fails and is reported below.
  assistance: () => import(/* @vite-ignore */ './assistance.js' as string),
};

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: { data: { type: 'string' }, db: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, 'pin-file': { type: 'string' } },
  });
  const load = name ? EXPORTS[name] : undefined;
  if (!load) {
    process.stderr.write(`用法：npm run -s export -- <${Object.keys(EXPORTS).join('|')}> --data 数据目录 --from YYYY-MM-DD --to YYYY-MM-DD（assistance 的大厅服务在 PostgreSQL 上时：--db postgres://…）\n`);
    return 2;
  }
  let mod: ExportModule;
  try {
    mod = (await load()) as ExportModule;
  } catch (e) {
    process.stderr.write(`导出“${name}”在此版本中不可用（${(e as Error).message}）。\n`);
    return 2;
  }
  const out = await mod.run({ data: values.data, db: values.db, from: values.from, to: values.to, pinFile: values['pin-file'] }, openWorkstationData);
  process.stdout.write(out);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: Error & { code?: string }) => {
    process.stderr.write(`导出失败：${e.message}${e.code ? `（${e.code}）` : ''}\n`);
    process.exit(1);
  },
);
