// Opens a data directory's databases read-only for the command-line reports: a workstation's
// folder (windowdesk.sqlite, with its embedded hub in hub/) or a hub's own folder (hub.sqlite).
import fs from 'node:fs';
import path from 'node:path';
import { DeskError } from '../../common/errors';
import { openRaw, type Db } from '../db/connection';
import { DEMO_KEY_FILE, KEYRING_FILE, unlockKeyRing } from '../db/keys/keystore';
import { pinSource } from '../db/keys/pin';

export interface OpenedData {
  hub: Db;
  workstation: Db | null;
  close(): void;
}

export async function openDataDir(dir: string, opts: { pinFile?: string } = {}): Promise<OpenedData> {
  const root = path.resolve(dir);
  if (!fs.existsSync(root)) throw new DeskError('DATA_DIR_MISSING', `数据目录不存在：${root}`);
  const wsFile = path.join(root, 'windowdesk.sqlite');
  const embedded = path.join(root, 'hub', 'hub.sqlite');
  const own = path.join(root, 'hub.sqlite');
  const hubFile = fs.existsSync(embedded) ? embedded : fs.existsSync(own) ? own : null;
  if (!hubFile) throw new DeskError('DATA_DIR_EMPTY', `目录中没有大厅服务数据（hub.sqlite）：${root}`);
  // An embedded hub shares the workstation's key ring, one folder up.
  const ringDir = fs.existsSync(path.join(root, KEYRING_FILE)) ? root : path.dirname(hubFile);
  const demo = fs.existsSync(path.join(ringDir, DEMO_KEY_FILE));
  const ring = fs.existsSync(path.join(ringDir, KEYRING_FILE))
    ? (await unlockKeyRing(ringDir, { demo, mustExist: true, pin: pinSource({ pinFile: opts.pinFile }) })).ring
    : null;
  const hub = openRaw(hubFile, ring?.databaseKey('hub'), { readonly: true });
  const workstation = fs.existsSync(wsFile) ? openRaw(wsFile, ring?.databaseKey('workstation'), { readonly: true }) : null;
  return {
    hub,
    workstation,
    close() {
      hub.close();
      workstation?.close();
    },
  };
}
