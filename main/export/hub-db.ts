/**
 * Opens the hall hub's database for an export: `<data>/hub.sqlite` (a hub's own folder) or
 * `<data>/hub/hub.sqlite` (a workstation hosting the hall), under the key ring beside it (or one
 * folder up, for the embedded hub) — the PIN from --pin-file or WINDOWDESK_PIN, as the backup command.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DeskError } from '../../common/errors';
import { openDatabase, type Db } from '../db/connection';
import { KEYRING_FILE, unlockKeyRing } from '../db/keys/keystore';
import { pinSource } from '../db/keys/pin';
import { hubMigrations } from '../hub/store/migrations';

export async function openHubDatabase(dataDir: string, pinFile?: string): Promise<Db> {
  const dir = fs.existsSync(path.join(dataDir, 'hub.sqlite')) ? dataDir : path.join(dataDir, 'hub');
  if (!fs.existsSync(path.join(dir, 'hub.sqlite'))) {
    throw new DeskError('EXPORT_NO_DATA', `数据目录中没有大厅服务数据库（hub.sqlite）：${dataDir}。请用 --data 指定大厅服务或工作站的数据目录。`);
  }
  const ringDir = fs.existsSync(path.join(dir, KEYRING_FILE)) ? dir : fs.existsSync(path.join(dir, '..', KEYRING_FILE)) ? path.dirname(dir) : null;
  const ring = ringDir ? (await unlockKeyRing(ringDir, { demo: false, mustExist: true, pin: pinSource({ pinFile }) })).ring : null;
  return openDatabase({ dataDir: dir, fileName: 'hub.sqlite', migrations: hubMigrations, label: '大厅队列数据库', key: ring?.databaseKey('hub') });
}
