/**
 * A workstation as the hub's file tests need it: its own database, an envelope-encrypted file store
 * (a key ring, as in both shells), the real sync domain against a hub, and CaseService through the
 * sync world's Workstation, scanning real files into the store. Shared by the case-files,
 * case-signatures and case-notices suites.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createSyncDomain, type SyncDomain } from '../../../main/api/domains/sync';
import { FileStore } from '../../../main/core/files';
import type { DeviceCredential } from '../../../main/core/trust/device';
import { openDatabase, type Db } from '../../../main/db/connection';
import { KeyRing } from '../../../main/db/keys/keyring';
import { workstationMigrations } from '../../../main/db/migrations';
import { Workstation } from '../../fixtures/sync-world';
import { tempDir } from './helpers';

const clock = { now: () => Date.now() };

/** A scanned material: a complete PDF (the archive check reads it as one). */
export const scanOf = (label: string, size = 20_000) => Buffer.concat([Buffer.from(`%PDF-1.4\n% ${label}\n`), randomBytes(size), Buffer.from('\n%%EOF\n')]);

export interface Station {
  ws: Workstation;
  sync: SyncDomain;
  db: Db;
  files: FileStore;
  /** The bytes scanned here, by attachment digest. */
  scanned: Map<string, Buffer>;
  /** What the sync domain logged as errors. */
  notes: string[];
  close(): Promise<void>;
}

export function station(url: string, credential: DeviceCredential, id: string, opts: { scanSize?: number; tamper?: (materialId: string) => boolean } = {}): Station {
  const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
  const files = new FileStore(db, tempDir(), KeyRing.generate());
  const cleanups: Array<() => void | Promise<void>> = [];
  const notes: string[] = [];
  const log = { info: () => {}, warn: () => {}, error: (m: string) => void notes.push(m) };
  const sync = createSyncDomain({ db, hubUrl: url, hubCredential: credential, workstationId: () => id, log, publishStatus: () => {}, onClose: (fn) => void cleanups.push(fn), files });
  const scanned = new Map<string, Buffer>();
  const ws = new Workstation(null, clock, {
    db, outbox: sync.outbox, engine: sync.engine!, journal: sync.journal,
    scan: (caseId, materialId) => {
      const bytes = scanOf(`${caseId} ${materialId}`, opts.scanSize);
      const f = files.put(bytes, { kind: 'material-pdf', mime: 'application/pdf', source: `${caseId}:${materialId}` });
      scanned.set(f.sha256, bytes);
      // A tampered attachment: its recorded digest is not the file's (as after a changed byte).
      return { filePath: f.path, sha256: opts.tamper?.(materialId) ? createHash('sha256').update('something else').digest('hex') : f.sha256 };
    },
  });
  return { ws, sync, db, files, scanned, notes, close: async () => { for (const fn of cleanups) await fn(); db.close(); } };
}
