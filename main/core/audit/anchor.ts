import type { Db } from '../../db/connection';
import type { AuditLog } from './index';
import type { AuditHead, ChainVerdict } from './verify';

/** What the hall hub answers for an anchor: the head it holds for this workstation and when it received it (hub clock, ms). */
export interface HubAnchor extends AuditHead {
  at: string;
  receivedAt: number;
}

/** The hub's side of anchoring (HubClient over `/audit/anchors`; a test may implement it in memory). */
export interface AnchorPort {
  put(a: { workstation: string; seq: number; mac: string; at: string }): Promise<HubAnchor>;
  latest(workstation: string): Promise<HubAnchor | null>;
}

/** Which anchor a verification was checked against. */
export interface AnchorRef {
  seq: number;
  at: string;
  /** `hub`: read from the hub now; `local`: the last one the hub acknowledged, from this database (hub out of reach). */
  source: 'hub' | 'local';
}

export interface AnchoredVerdict extends ChainVerdict {
  anchor: AnchorRef | null;
  /** False when the hub could not be asked (then `anchor`, if any, is the local copy). */
  hubReachable: boolean;
}

export interface AnchorOptions {
  /** Minutes between anchors (read on every tick, so a changed setting applies without a restart). */
  everyMinutes: () => number;
  now?: () => Date;
}

/**
 * Ships the audit chain's head (sequence and MAC) to the hall hub every few minutes and at each
 * logout; the hub keeps every anchor per workstation. Deleting the newest rows then leaves the
 * local head behind the hub's anchor, and re-computing the chain (with the key) changes the MAC
 * at the anchored sequence; both show in `verify`. Each anchor the hub acknowledged is also kept
 * locally (append-only), to verify against when the hub is out of reach.
 */
export class AuditAnchors {
  private timer: NodeJS.Timeout | null = null;
  private lastShipped = 0;
  private inFlight: Promise<HubAnchor | null> | null = null;
  private offRecord: (() => void) | null = null;
  lastError: string | null = null;
  private readonly now: () => Date;
  private readonly insert;
  private readonly latestLocal;

  constructor(
    db: Db,
    private readonly log: AuditLog,
    private readonly port: AnchorPort | null,
    private readonly workstationId: () => string,
    private readonly opts: AnchorOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
    this.insert = db.prepare('INSERT INTO audit_anchors (head_seq, head_mac, reason, sent_at, hub_received_at) VALUES (?, ?, ?, ?, ?)');
    this.latestLocal = db.prepare('SELECT head_seq AS seq, head_mac AS mac, sent_at AS at, hub_received_at AS receivedAt FROM audit_anchors ORDER BY head_seq DESC, seq DESC LIMIT 1');
  }

  start(): void {
    if (!this.port || this.timer) return;
    this.offRecord = this.log.onRecord((row) => {
      if (row.action === 'session.logout') void this.ship('logout');
    });
    // A short tick against the configured period, so a change of the setting applies at once.
    this.timer = setInterval(() => {
      if (Date.now() - this.lastShipped >= this.opts.everyMinutes() * 60_000) void this.ship('periodic');
    }, 15_000);
    this.timer.unref();
    void this.ship('start');
  }

  /** Stops the timer and sends the head one last time (a clean shutdown is anchored, like a logout). */
  async stop(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    this.offRecord?.();
    await this.ship('shutdown');
  }

  /** Sends the current head now; resolves with the hub's answer, or null when there is no hub or it is out of reach. */
  ship(reason: 'start' | 'periodic' | 'logout' | 'shutdown' | 'manual'): Promise<HubAnchor | null> {
    const prev = this.inFlight ?? Promise.resolve(null);
    const next = prev.then(() => this.send(reason));
    this.inFlight = next;
    void next.finally(() => {
      if (this.inFlight === next) this.inFlight = null;
    });
    return next;
  }

  private async send(reason: string): Promise<HubAnchor | null> {
    const head = this.log.head();
    if (!this.port || !head) return null;
    this.lastShipped = Date.now();
    const local = this.lastLocal();
    if (local && local.seq === head.seq && local.mac === head.mac) return local;
    try {
      const at = this.now().toISOString();
      const got = await this.port.put({ workstation: this.workstationId(), seq: head.seq, mac: head.mac, at });
      this.insert.run(got.seq, got.mac, reason, at, got.receivedAt);
      this.lastError = null;
      return got;
    } catch (e) {
      // Out of reach or refused: the next tick tries again; a refusal (the hub holds a later head) shows in verify.
      this.lastError = (e as Error).message;
      return null;
    }
  }

  /** The newest anchor the hub acknowledged, as recorded here. */
  lastLocal(): HubAnchor | null {
    return (this.latestLocal.get() as HubAnchor | undefined) ?? null;
  }

  /**
   * Verifies the chain against the hub's newest anchor for this workstation; when the hub cannot be
   * asked, against the last anchor it acknowledged (recorded here), and says so.
   */
  async verify(): Promise<AnchoredVerdict> {
    let anchor: HubAnchor | null = null;
    let source: AnchorRef['source'] = 'hub';
    let hubReachable = false;
    if (this.port) {
      try {
        anchor = await this.port.latest(this.workstationId());
        hubReachable = true;
      } catch {
        hubReachable = false;
      }
    }
    // The higher of the two: a hub that lost its data (or a new hub) must not hide what was anchored before.
    const local = this.lastLocal();
    if (local && (!anchor || local.seq > anchor.seq)) {
      anchor = local;
      source = 'local';
    }
    const v = this.log.verify(anchor);
    return { ...v, anchor: anchor ? { seq: anchor.seq, at: anchor.at, source } : null, hubReachable };
  }
}
