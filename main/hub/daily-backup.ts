import path from 'node:path';
import { createBackup, hasBackupOn, HUB_BACKUP, pruneBackups } from '../db/backup';
import type { Db } from '../db/connection';
import type { KeyRing } from '../db/keys/keyring';

export interface DailyBackupOptions {
  db: Db;
  dataDir: string;
  keys: KeyRing;
  /** Where the backups go; default `<dataDir>/backups` (point it at another disk in production). */
  dir?: string;
  /** How many daily backups to keep (default 7). */
  keep?: number;
  now?: () => number;
  log?: (msg: string) => void;
}

/**
 * The hub backs itself up once a day: shortly after start, then hourly checks whether today's
 * backup exists (so a hub restarted many times a day still makes one, and one down at midnight
 * catches up). Each backup is encrypted and verified (db/backup.ts); older ones beyond `keep`
 * are removed. A failure is logged and retried at the next check — it never stops the hub.
 */
export function scheduleDailyBackups(o: DailyBackupOptions): { runNow(): string | null; stop(): void } {
  const dir = o.dir ?? path.join(o.dataDir, 'backups');
  const keep = o.keep ?? 7;
  const now = o.now ?? Date.now;
  const log = o.log ?? ((m: string) => console.log(m));
  const runNow = (): string | null => {
    const day = new Date(now()).toISOString().slice(0, 10);
    if (hasBackupOn(dir, 'hub', day)) return null;
    try {
      const { dir: made } = createBackup({ dataDir: o.dataDir, outRoot: dir, kind: HUB_BACKUP, keys: o.keys, db: o.db, now: new Date(now()) });
      pruneBackups(dir, 'hub', keep);
      log(`[hub] 每日备份完成并已校验：${made}`);
      return made;
    } catch (e) {
      log(`[hub] 每日备份失败，将在一小时后重试：${(e as Error).message}`);
      return null;
    }
  };
  const first = setTimeout(runNow, 60_000);
  const hourly = setInterval(runNow, 3_600_000);
  first.unref();
  hourly.unref();
  return { runNow, stop: () => { clearTimeout(first); clearInterval(hourly); } };
}
