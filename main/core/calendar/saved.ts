import fs from 'node:fs';
import path from 'node:path';
import { DeskError } from '../../../common/errors';
import { currentCalendar, loadCalendar } from './index';

/**
 * The arrangement an administrator imported is kept beside the database, so a restart does not fall
 * back to the bundled one (which would turn next year's imported days back into provisional ones).
 */
const FILE = 'calendar.json';

export function loadSavedCalendar(dataDir: string, log: { error(m: string): void }): void {
  if (dataDir === ':memory:') return;
  const file = path.join(dataDir, FILE);
  if (!fs.existsSync(file)) return;
  try {
    loadCalendar(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (e) {
    log.error(`[calendar] ${file} not used: ${(e as Error).message}`);
  }
}

/** An administrator imported an arrangement on this workstation. */
export function hasSavedCalendar(dataDir: string): boolean {
  return dataDir !== ':memory:' && fs.existsSync(path.join(dataDir, FILE));
}

/** Validates and applies `text`, then saves it (write-then-rename); returns the years it newly covers. */
export function importCalendar(dataDir: string, text: string): number[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DeskError('CALENDAR_INVALID', '节假日安排文件不是有效的 JSON，请使用大厅服务导出的日历文件。');
  }
  const before = new Set(currentCalendar().coveredYears());
  const next = loadCalendar(json);
  if (dataDir !== ':memory:') {
    const file = path.join(dataDir, FILE);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(json, null, 1));
    fs.renameSync(`${file}.tmp`, file);
  }
  return next.coveredYears().filter((y) => !before.has(y));
}
