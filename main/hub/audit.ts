import type Database from 'better-sqlite3';
import { AuditLog, type AuditKeySource } from '../core/audit';
import { HubAnchorStore } from './audit-anchors';

/** The hub's audit: its own keyed log (every mutating call, audit-hook.ts) and the workstations' anchors. */
export interface HubAudit {
  log: AuditLog;
  anchors: HubAnchorStore;
  close(): void;
}

export function createHubAudit(db: Database.Database, key: AuditKeySource, now: () => number): HubAudit {
  const log = new AuditLog(db, key, { now: () => new Date(now()) });
  return { log, anchors: new HubAnchorStore(db, now), close: () => log.close() };
}
