import fs from 'node:fs';
import path from 'node:path';
import { DeskError } from '../../common/errors';
import { openDatabase, type Db } from '../db/connection';
import { KEYRING_FILE, unlockKeyRing } from '../db/keys/keystore';
import { pinSource } from '../db/keys/pin';
import { workstationMigrations } from '../db/migrations';

/** A workstation's data directory opened with its key ring (PIN from WINDOWDESK_PIN or --pin-file, or the demo key). */
export async function openWorkstationData(dataDir: string, pinFile?: string): Promise<Db> {
  const dir = path.resolve(dataDir);
  if (!fs.existsSync(path.join(dir, KEYRING_FILE))) throw new DeskError('KEYRING_MISSING', `数据目录 ${dir} 中没有 WindowDesk 数据，请确认 --data 是否正确。`);
  const { ring } = await unlockKeyRing(dir, { demo: false, mustExist: true, pin: pinSource({ pinFile }) });
  return openDatabase({ dataDir: dir, migrations: workstationMigrations, key: ring.databaseKey('workstation') });
}
