import type Database from 'better-sqlite3';
import { DeskError } from '../../common/errors';
import type { AuditAnchor, AuditAnchorRequest } from './audit-protocol';

/**
 * The audit chain heads workstations send (every few minutes and at logout), every one kept,
 * append-only. A head behind the one already held, or the same sequence with another MAC, is
 * refused: that workstation's log was truncated or rewritten, and its own verification says so.
 */
export class HubAnchorStore {
  private readonly latestOf;
  private readonly insert;

  constructor(private readonly db: Database.Database, private readonly now: () => number) {
    this.latestOf = db.prepare(`SELECT head_seq AS seq, head_mac AS mac, at, received_at AS receivedAt FROM audit_anchors
      WHERE workstation = ? ORDER BY head_seq DESC, seq DESC LIMIT 1`);
    this.insert = db.prepare('INSERT INTO audit_anchors (workstation, head_seq, head_mac, at, received_at) VALUES (?, ?, ?, ?, ?)');
  }

  latest(workstation: string): AuditAnchor | null {
    return (this.latestOf.get(workstation) as AuditAnchor | undefined) ?? null;
  }

  put(a: AuditAnchorRequest): AuditAnchor {
    return this.db.transaction(() => {
      const held = this.latest(a.workstation);
      if (held && a.seq < held.seq) {
        throw new DeskError('AUDIT_ANCHOR_BEHIND', `该工作站的审计日志只到第 ${a.seq} 条，大厅服务已记录到第 ${held.seq} 条：日志可能被截断，请管理员核查。`);
      }
      if (held && a.seq === held.seq) {
        if (held.mac !== a.mac) throw new DeskError('AUDIT_ANCHOR_MISMATCH', `该工作站审计日志第 ${a.seq} 条与大厅服务记录的不一致：日志可能被改写，请管理员核查。`);
        return held;
      }
      const receivedAt = this.now();
      this.insert.run(a.workstation, a.seq, a.mac, a.at, receivedAt);
      return { seq: a.seq, mac: a.mac, at: a.at, receivedAt };
    }).immediate();
  }
}
