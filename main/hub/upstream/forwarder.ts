/**
 * Forwards the hall's case record and archive to the city platform (platform.ts), by cursor, the
 * way a workstation pulls from the hub: each case changed after the cursor (in hub order, at its
 * latest, with its whole trail) and each archive package stored after it. A cursor moves only past
 * what the platform took or refused for good, so a platform that is down loses nothing and a hub
 * restart resends at most the message in flight (the platform answers a repeat by its
 * Idempotency-Key). A refusal is kept with its reason for the supervisor (办件质量) and does not hold
 * up the rest. Cursors and refusals live in this node's hub.sqlite; the case record may be on
 * PostgreSQL (its epoch in the cursor: a replaced database starts over).
 */
import type Database from 'better-sqlite3';
import type { CaseStore } from '../store/case-types';
import type { StoredArchive } from '../archive';
import { UpstreamFault, type CityPlatform } from './platform';
import { UPSTREAM_VERSION, type UpstreamArchive, type UpstreamCase } from './wire';
import type { HallCaseFull } from '../cases/protocol';

export interface UpstreamStatus {
  platform: string;
  /** Cases changed at the hub and not yet taken by the platform. */
  pendingCases: number;
  lastSuccessAt: number | null;
  lastError: string | null;
  refusals: Array<{ kind: 'case' | 'archive'; subject: string; reason: string; at: number }>;
}

export interface ForwarderDeps {
  platform: CityPlatform;
  cases: Pick<CaseStore, 'changedSince' | 'getCase' | 'epoch'>;
  archives: { storedAfter(afterId: number, limit: number): StoredArchive[]; files(caseNumber: string): Array<{ path: string; base64: string }> };
  db: Database.Database;
  now: () => number;
  log?: { error(m: string): void };
}

const CASES = 'cases';
const ARCHIVES = 'archives';
const PAGE = 100;

export function upstreamCase(full: HallCaseFull): UpstreamCase {
  const c = full.case;
  return {
    version: UPSTREAM_VERSION, hallCode: full.snapshot.hallCode, caseId: c.id, caseNumber: c.caseNumber, itemCode: c.itemCode, itemName: c.itemName, state: c.state,
    applicant: { type: c.applicantType, name: full.snapshot.applicantName, key: full.snapshot.applicantKey },
    counterId: c.counterId, createdAt: c.createdAt, acceptedAt: c.acceptedAt, dueDate: c.dueDate, completedAt: c.completedAt, issuedAt: c.issuedAt, decision: c.decision,
    steps: full.steps.map((s) => ({ seq: s.seq, type: s.type, from: s.from, to: s.to, at: s.at, timeSource: s.timeSource, counterId: s.counterId, staffId: s.staffId, receivedAt: s.receivedAt })),
    hubSeq: c.hubSeq,
  };
}

export class UpstreamForwarder {
  private running: Promise<void> | null = null;
  private lastSuccessAt: number | null = null;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly d: ForwarderDeps) {}

  start(everyMs = 30_000): void {
    this.timer ??= setInterval(() => void this.run(), everyMs);
    this.timer.unref();
    void this.run();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass (concurrent callers share it); never throws: a fault is kept for status(). */
  run(): Promise<void> {
    this.running ??= this.pass()
      .catch((e: unknown) => {
        this.lastError = e instanceof UpstreamFault ? e.message : `转发出错：${(e as Error).message}`;
        if (!(e instanceof UpstreamFault)) this.d.log?.error(`[upstream] ${(e as Error).message}`);
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  async status(): Promise<UpstreamStatus> {
    const pending = (await this.d.cases.changedSince(this.casesAfter(await this.d.cases.epoch()), 1000)).length;
    const refusals = this.d.db.prepare('SELECT kind, subject, reason, at FROM upstream_refusals ORDER BY id DESC LIMIT 20').all() as UpstreamStatus['refusals'];
    return { platform: this.d.platform.name, pendingCases: pending, lastSuccessAt: this.lastSuccessAt, lastError: this.lastError, refusals };
  }

  private cursor(name: string): string | null {
    return (this.d.db.prepare('SELECT value FROM upstream_cursors WHERE name = ?').get(name) as { value: string } | undefined)?.value ?? null;
  }

  private setCursor(name: string, value: string): void {
    this.d.db.prepare(`INSERT INTO upstream_cursors (name, value, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`).run(name, value, this.d.now());
  }

  /** The last case sequence sent within this epoch (a cursor of another database starts over). */
  private casesAfter(epoch: string): number {
    const m = /^([^:]+):(\d+)$/.exec(this.cursor(CASES) ?? '');
    return m && m[1] === epoch ? Number(m[2]) : 0;
  }

  private refuse(kind: 'case' | 'archive', subject: string, key: string, reason: string): void {
    this.d.db.prepare('INSERT INTO upstream_refusals (kind, subject, idempotency_key, reason, at) VALUES (?, ?, ?, ?, ?)').run(kind, subject, key, reason, this.d.now());
  }

  /** Sends one message; returns when the cursor may move past it (taken, or refused for good and kept); a retry fault is thrown. */
  private async deliver(kind: 'case' | 'archive', subject: string, key: string, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (e) {
      if (!(e instanceof UpstreamFault) || e.kind === 'retry') throw e;
      this.refuse(kind, subject, key, e.message);
    }
    this.lastSuccessAt = this.d.now();
    this.lastError = null;
  }

  private async pass(): Promise<void> {
    const epoch = await this.d.cases.epoch();
    for (;;) {
      const page = await this.d.cases.changedSince(this.casesAfter(epoch), PAGE);
      for (const c of page) {
        const full = await this.d.cases.getCase(c.id);
        if (full) {
          // The case at this point of its trail: the same state sent again is the same message.
          const key = `case:${c.id}:${full.case.lastSeq}`;
          await this.deliver('case', c.caseNumber ?? c.id, key, () => this.d.platform.putCase(upstreamCase(full), key));
        }
        this.setCursor(CASES, `${epoch}:${c.hubSeq}`);
      }
      if (page.length < PAGE) break;
    }
    for (;;) {
      const after = Number(this.cursor(ARCHIVES) ?? 0);
      const page = this.d.archives.storedAfter(after, PAGE);
      for (const a of page) {
        const key = `archive:${a.caseNumber}:${a.bagSha256}`;
        const msg: UpstreamArchive = { version: UPSTREAM_VERSION, caseNumber: a.caseNumber, bagSha256: a.bagSha256, receipt: a.receipt, files: this.d.archives.files(a.caseNumber) };
        await this.deliver('archive', a.caseNumber, key, () => this.d.platform.putArchive(msg, key));
        this.setCursor(ARCHIVES, String(a.id));
      }
      if (page.length < PAGE) break;
    }
  }
}
