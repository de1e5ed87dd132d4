import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { LEDGER_COLUMNS } from '../../../main/core/assist/ledger';
import { ledgerPdf, ledgerXlsx } from '../../../main/core/assist/export';
import { run as exportAssistance } from '../../../main/export/assistance';
import { fakeClock, startTestHub, tempDir } from './helpers';
import type { RunningHub } from '../../../main/hub/index';
import { PgQueueStore } from '../../../main/hub/store/pg/queue-store';

/** The `--db` of a hub on PostgreSQL (its URL with its schema), undefined for a hub on its SQLite file. */
function dbSpecOf(hub: RunningHub): string | undefined {
  const store = hub.hub.store;
  if (!(store instanceof PgQueueStore)) return undefined;
  const u = new URL(store.db.opts.url);
  if (store.db.schema) u.searchParams.set('schema', store.db.schema);
  return u.toString();
}

/**
 * The export as the command runs it (`npm run -s export -- assistance …` → main/export/cli.ts → this module).
 * A hub on PostgreSQL (the hub-pg project) keeps its ledger there: the command is then given `--db` too.
 */
async function run(argv: string[], db?: string) {
  const [, , data, , from, , to] = argv;
  try {
    return { code: 0, out: await exportAssistance({ data, from, to, db }), err: '' };
  } catch (e) {
    return { code: 1, out: '', err: (e as Error).message };
  }
}

describe('export assistance (CSV command) and the ledger files', () => {
  it('writes the period’s ledger as CSV with BOM; an empty period is the header; bad dates are refused in Chinese', async () => {
    const dir = tempDir();
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ dataDir: dir, now: clock.now });
    const db = dbSpecOf(hub);
    const r = await client.call('assistRequest', { body: { key: 'help-export-01', counter: 2, kind: 'approver', note: '需审批官确认', by: { staffNo: '1001', name: '王敏' } } });
    clock.advance(2);
    await client.call('assistAccept', { params: { id: r.id }, body: { helper: { staffNo: '2002', name: '孙丽', capacity: 'approver' }, etaMinutes: 3 } });
    clock.advance(5);
    const closed = await client.call('assistClose', { params: { id: r.id }, body: { helper: { staffNo: '2002', name: '孙丽' }, outcome: 'partly', problem: '材料不全', action: '现场核对，告知补正' } });
    await hub.close();

    const ok = await run(['assistance', '--data', dir, '--from', '2026-03-01', '--to', '2026-03-31'], db);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    const lines = ok.out.split('\r\n');
    expect(lines[0]).toBe(`\uFEFF${LEDGER_COLUMNS.join(',')}`);
    expect(lines[1]).toContain('审批官到窗');
    expect(lines[1]).toContain('孙丽（2002）');
    expect(lines[1]).toContain('部分解决');
    expect(lines).toHaveLength(3);

    expect((await run(['assistance', '--data', dir, '--from', '2026-04-01', '--to', '2026-04-30'], db)).out).toBe(`\uFEFF${LEDGER_COLUMNS.join(',')}\r\n`);
    const bad = await run(['assistance', '--data', dir, '--from', '2026-03-31', '--to', '2026-03-01']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('结束日期（2026-03-01）早于开始日期（2026-03-31）。');
    expect((await run(['assistance', '--data', dir, '--from', '2026/03/01', '--to', '2026-03-31'])).err).toContain('无效，请使用 YYYY-MM-DD');
    // The command itself: CSV with BOM on stdout.
    const cli = execFileSync(process.execPath, ['--import', 'tsx', 'main/export/cli.ts', 'assistance', '--data', dir, ...(db ? ['--db', db] : []), '--from', '2026-03-01', '--to', '2026-03-31'], { encoding: 'utf8' });
    expect(cli).toBe(ok.out);
    expect((await run(['assistance', '--data', tempDir(), '--from', '2026-03-01', '--to', '2026-03-31'])).err).toContain('没有大厅服务数据库');

    // The .xlsx reads back with its Chinese intact; the PDF carries the Chinese text.
    const xlsx = await ledgerXlsx([closed], { from: '2026-03-01', to: '2026-03-31' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('帮办台账')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...LEDGER_COLUMNS]);
    expect(sheet.getRow(2).getCell(LEDGER_COLUMNS.indexOf('办理情况') + 1).value).toBe('现场核对，告知补正');
    expect(sheet.rowCount).toBe(2);
    const empty = new ExcelJS.Workbook();
    await empty.xlsx.load((await ledgerXlsx([], { from: '2026-04-01', to: '2026-04-30' })) as unknown as ArrayBuffer);
    expect(empty.getWorksheet('帮办台账')!.rowCount).toBe(1);

    const pdfFile = join(mkdtempSync(join(tmpdir(), 'ledger-pdf-')), 'ledger.pdf');
    writeFileSync(pdfFile, await ledgerPdf([closed], { from: '2026-03-01', to: '2026-03-31' }, '测试政务服务中心'));
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    expect(text).toContain('测试政务服务中心 帮办台账');
    expect(text).toContain('现场核对');
  });
});
