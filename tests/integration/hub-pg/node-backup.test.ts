/**
 * A hub on PostgreSQL still keeps per-host state in its node's hub.sqlite (audit, archive
 * registrations, upstream cursors, kept days; ARCHITECTURE.md "What stays per host"), which the
 * administrator's pg_dump does not hold: the hub backs that file up daily as a SQLite hub backs up its
 * whole store. The device registry is not in it any more: it is the hall's, in PostgreSQL (step 26).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { HUB_BACKUP, restoreBackup, verifyBackup } from '../../../main/db/backup';
import { unlockKeyRing } from '../../../main/db/keys/keystore';
import { openNodeDatabase, type RunningHub } from '../../../main/hub/index';
import { hubIdentityKey } from '../../../main/hub/store/identity-key';
import { PG_SKIP_REASON, PG_URL, pgSpec } from '../../fixtures/pg';
import { startTestHub, tempDir } from '../hub/helpers';

describe.skipIf(!PG_URL)(`the node database of a PostgreSQL hub is backed up daily${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const hubs: RunningHub[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.close();
  });

  it('the backup verifies and restores this host\'s audit; the devices enrolled are in the shared database, not in it', async () => {
    const dataDir = tempDir();
    const keys = (await unlockKeyRing(dataDir, { demo: false, pin: async () => '246810' })).ring;
    const { hub } = await startTestHub({ db: pgSpec(), dataDir, keys });
    hubs.push(hub);
    const enrolled = (await hub.trust!.registry.list()).map((d) => d.id);
    expect(enrolled.length).toBeGreaterThan(0);
    expect(hub.backups).not.toBeNull();
    const made = hub.backups!.runNow();
    expect(made).not.toBeNull();
    expect(hub.backups!.runNow()).toBeNull(); // once a day
    expect(verifyBackup(made!, keys, HUB_BACKUP).tables).toBeGreaterThan(0);

    const restored = tempDir();
    restoreBackup({ backupDir: made!, dataDir: restored, kind: HUB_BACKUP, keys });
    const db = openNodeDatabase(restored, keys.databaseKey('hub'), hubIdentityKey(dataDir, keys));
    try {
      // The enrolment and the supervisor's assertion at start were audited on this host before the backup.
      const restoredAudit = (db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
      expect(restoredAudit).toBeGreaterThan(0);
      expect(restoredAudit).toBeLessThanOrEqual((hub.localDb.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n);
      expect(db.prepare('SELECT COUNT(*) AS n FROM devices').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
