/**
 * The trust a device or supervisor command works on, beside a running hub: the hub's own
 * hub.sqlite and `<data>/trust` CA on SQLite; on PostgreSQL (`--db postgres://…`, or HUB_DB) the
 * hall's shared registry and CA, so a code made on any host is redeemed by every hub process and a
 * revocation holds on all of them (a command run without `--db` on such a host would write to the
 * node file, which the hub moves into the shared tables only at its next start).
 */
import { join } from 'node:path';
import type { KeyRing } from '../../db/keys/keyring';
import { hubIdentityKey } from '../store/identity-key';
import { openQueueStore, parseDbSpec } from '../store/open';
import { PgQueueStore } from '../store/pg/queue-store';
import { PgTrustStore } from '../store/pg/trust-store';
import { SqliteQueueStore } from '../store/sqlite';
import { HallCa } from './ca';
import { sharedHallCa } from './shared-ca';
import { SqliteTrustStore, type TrustStore } from './trust-store';

export interface CliTrust {
  store: TrustStore;
  /** The hall CA (made on first use on a fresh SQLite hub, as the hub itself would). */
  ca(): Promise<HallCa>;
  close(): Promise<void>;
}

export async function openCliTrust(dataDir: string, keys: KeyRing | null, db: string | undefined): Promise<CliTrust> {
  const spec = parseDbSpec(db, dataDir);
  const dir = join(dataDir, 'trust');
  if (spec.kind === 'postgres') {
    const store = await openQueueStore(spec, undefined, hubIdentityKey(dataDir, keys));
    const pg = (store as PgQueueStore).db;
    return { store: new PgTrustStore(pg), ca: () => sharedHallCa(pg, dir, '大厅'), close: () => store.close() };
  }
  const store = new SqliteQueueStore(spec.file, keys?.databaseKey('hub'), keys ? hubIdentityKey(dataDir, keys) : undefined);
  return { store: new SqliteTrustStore(store.db), ca: () => HallCa.openOrCreate(dir, '大厅'), close: async () => void store.db.close() };
}
