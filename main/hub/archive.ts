import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { DeskError, isDeskError } from '../../common/errors';
import { checkArchive } from '../core/archive/checks';
import { pathKey, unsafePathReason } from '../core/archive/bagit/paths';
import { appendStage } from '../core/archive/package/process';
import type { HubAnchorStore } from './audit-anchors';
import { ARCHIVE_MAX_BYTES, type ArchiveReceipt, type ArchiveRequest } from '../../common/archive-protocol';

/**
 * The hub's side of 办结即归档 (GB/T 42727 §6 stages 接收检测 → 登记 → 入库): a workstation's
 * bag is written to a private staging folder, checked (DA/T 70, stage YJ), its process info
 * completed, moved to `<data>/archive/<case number>/bag` and registered; the workstation's audit
 * head is anchored with it, and the receipt answered. Idempotent on the case number: the same
 * bag again gets the first receipt, another bag under the same number is refused.
 */
export interface StoredArchive {
  id: number;
  caseNumber: string;
  bagSha256: string;
  receipt: ArchiveReceipt;
}

export class HubArchive {
  private readonly root: string;
  private readonly byNumber;
  private readonly insert;

  /**
   * Told once a new bag is stored (not for a repeat): the hub then forgets the case's own copies of
   * its files (the bag holds them). Its failure never undoes or hides the receipt.
   */
  onStored: ((caseNumber: string) => Promise<void>) | null = null;

  constructor(private readonly db: Database.Database, dataDir: string, private readonly anchors: HubAnchorStore | null, private readonly now: () => number) {
    this.root = path.join(dataDir, 'archive');
    fs.mkdirSync(path.join(this.root, '.incoming'), { recursive: true, mode: 0o700 });
    this.byNumber = db.prepare('SELECT bag_sha256 AS bag, receipt FROM archive_receipts WHERE case_number = ?');
    this.insert = db.prepare('INSERT INTO archive_receipts (case_number, workstation, bag_sha256, received_at, receipt) VALUES (?, ?, ?, ?, ?)');
  }

  /** Where a case's stored bag is (for the demo and tests; it exists only after a receipt). */
  bagDir(caseNumber: string): string {
    return path.join(this.root, caseNumber, 'bag');
  }

  /** Bags stored after `afterId` (their registration order), for the forwarder to the city's archive system. */
  storedAfter(afterId: number, limit: number): StoredArchive[] {
    const rows = this.db.prepare('SELECT rowid AS id, case_number AS caseNumber, bag_sha256 AS bagSha256, receipt FROM archive_receipts WHERE rowid > ? ORDER BY rowid LIMIT ?')
      .all(afterId, limit) as Array<{ id: number; caseNumber: string; bagSha256: string; receipt: string }>;
    return rows.map((r) => ({ ...r, receipt: JSON.parse(r.receipt) as ArchiveReceipt }));
  }

  /** A stored bag's files (paths relative to the bag, '/'-separated), as the archive request carried them. */
  files(caseNumber: string): Array<{ path: string; base64: string }> {
    const root = this.bagDir(caseNumber);
    const out: Array<{ path: string; base64: string }> = [];
    const walk = (dir: string, rel: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) walk(path.join(dir, e.name), r);
        else out.push({ path: r, base64: fs.readFileSync(path.join(dir, e.name)).toString('base64') });
      }
    };
    walk(root, '');
    return out;
  }

  receipt(caseNumber: string): ArchiveReceipt | null {
    const row = this.byNumber.get(caseNumber) as { receipt: string } | undefined;
    return row ? (JSON.parse(row.receipt) as ArchiveReceipt) : null;
  }

  receive(caseNumber: string, req: ArchiveRequest): ArchiveReceipt {
    const files = decode(req.files);
    const bagSha256 = bagDigest(files);
    const held = this.byNumber.get(caseNumber) as { bag: string; receipt: string } | undefined;
    if (held) {
      if (held.bag === bagSha256) return JSON.parse(held.receipt) as ArchiveReceipt;
      throw new DeskError('ARCHIVE_CONFLICT', `办件 ${caseNumber} 已归档，本次发送的归档信息包与已入库的不同，已拒绝。请管理员核查。`);
    }
    const staging = path.join(this.root, '.incoming', randomUUID());
    try {
      for (const f of files) {
        const target = path.join(staging, ...f.path.split('/'));
        fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
        fs.writeFileSync(target, f.data, { mode: 0o600 });
      }
      const report = checkArchive(staging, { stage: 'YJ' });
      const failed = report.checks.filter((c) => !c.ok);
      if (failed.length > 0) {
        throw new DeskError('ARCHIVE_CHECK_FAILED', `办件 ${caseNumber} 接收检测未通过：${failed.map((c) => `${c.item}（${c.detail}）`).join('；')}`, { checks: report.checks });
      }
      const infoNumber = /^办件编号:\s*(.+)$/m.exec(fs.readFileSync(path.join(staging, 'bag-info.txt'), 'utf8'))?.[1]?.trim();
      if (infoNumber !== caseNumber) throw new DeskError('ARCHIVE_CHECK_FAILED', `归档信息包的办件编号（${infoNumber ?? '无'}）与发送的 ${caseNumber} 不一致。`);

      const anchor = this.anchor(req);
      const at = new Date(this.now());
      const actor = '大厅服务';
      appendStage(staging, '接收检测', actor, `四性检测通过（${report.checks.length} 项），来自工作站 ${req.workstation}`, at);
      appendStage(staging, '登记', actor, `登记办件 ${caseNumber}，信息包摘要 SHA-256 ${bagSha256}`, at);
      const stored = `archive/${caseNumber}/bag`;
      appendStage(staging, '入库', actor, `存入 ${stored}`, at);

      const receipt: ArchiveReceipt = { caseNumber, workstation: req.workstation, bagSha256, receivedAt: at.toISOString(), stored, checks: report.checks, anchor };
      const caseDir = path.join(this.root, caseNumber);
      // A folder without a row is what a crash between the move and the commit leaves: redo it.
      fs.rmSync(caseDir, { recursive: true, force: true });
      fs.mkdirSync(caseDir, { recursive: true, mode: 0o700 });
      fs.renameSync(staging, this.bagDir(caseNumber));
      fs.writeFileSync(path.join(caseDir, 'receipt.json'), JSON.stringify(receipt, null, 2));
      this.insert.run(caseNumber, req.workstation, bagSha256, receipt.receivedAt, JSON.stringify(receipt));
      void this.onStored?.(caseNumber).catch((e: Error) => console.error(`[hub] 归档后清理办件附件副本失败（${caseNumber}）：${e.message}`));
      return receipt;
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }

  /** The bag's audit head joins the workstation's anchors; a head older than one already held is no failure. */
  private anchor(req: ArchiveRequest): ArchiveReceipt['anchor'] {
    if (!this.anchors) return null;
    try {
      const a = this.anchors.put({ workstation: req.workstation, seq: req.auditHead.seq, mac: req.auditHead.mac, at: req.auditHead.at });
      return { seq: a.seq, mac: a.mac, receivedAt: a.receivedAt };
    } catch (e) {
      if (isDeskError(e) && e.code === 'AUDIT_ANCHOR_BEHIND') return null;
      throw e;
    }
  }
}

interface DecodedFile {
  path: string;
  data: Buffer;
}

/** Paths checked before anything touches the disk: a bag never writes outside its folder. */
function decode(files: ArchiveRequest['files']): DecodedFile[] {
  const seen = new Set<string>();
  let total = 0;
  return files.map((f) => {
    const why = unsafePathReason(f.path) ?? (f.path.includes('\\') ? '含反斜杠' : null) ?? (f.path.split('/').some((s) => s === '' || s === '.') ? '含空段或 ./' : null);
    if (why) throw new DeskError('INVALID_INPUT', `归档信息包含不安全的路径“${f.path}”（${why}），已拒绝。`);
    const key = pathKey(f.path);
    if (seen.has(key)) throw new DeskError('INVALID_INPUT', `归档信息包中“${f.path}”重复（含仅 Unicode 规范化不同的同名文件），已拒绝。`);
    seen.add(key);
    const data = Buffer.from(f.data, 'base64');
    total += data.length;
    if (total > ARCHIVE_MAX_BYTES) throw new DeskError('BODY_TOO_LARGE', `归档信息包超过 ${ARCHIVE_MAX_BYTES / 1024 / 1024} MB，已拒绝。`);
    return { path: f.path, data };
  });
}

export function bagDigest(files: { path: string; data: Buffer }[]): string {
  const lines = files.map((f) => `${createHash('sha256').update(f.data).digest('hex')}  ${f.path}\n`).sort();
  return createHash('sha256').update(lines.join('')).digest('hex');
}
