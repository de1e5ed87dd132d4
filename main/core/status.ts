import type { HubStatus, StatusSnapshot } from '../../preload/contract/system';
import type { EventBus } from './events';

/** The hub link's reachability, as the queue domain's link knows it (the only notion of "hub reachable"). */
export interface HubReachability {
  reachable: boolean;
  checkedAt: number | null;
  error: string | null;
}

export interface StatusSources {
  hubUrl(): string | null;
  hubMode(): HubStatus['mode'];
  /** The link's state; null until the queue domain has a link. */
  hubState?(): HubReachability | null;
  devices(): StatusSnapshot['devices'];
  syncBacklog(): number;
  /** The case sync's backlog and clock (issue 11). */
  sync?(): StatusSnapshot['sync'];
}

/**
 * What the status bar shows: hub reachability (read from the queue domain's hub link — the same
 * state that decides online or offline for the counter, never a separate probe), devices, and
 * the sync backlog. Pushes `system.status` only when something changed, so an idle workstation
 * sends nothing; the link pushes it again whenever its state changes.
 */
export class StatusMonitor {
  private lastSent = '';

  constructor(private readonly bus: EventBus, private readonly sources: StatusSources) {}

  hub(): HubStatus {
    const url = this.sources.hubUrl();
    const mode = this.sources.hubMode();
    if (!url) return { url: null, mode, reachable: false, checkedAt: null, latencyMs: null, error: '未配置大厅服务地址' };
    const s = this.sources.hubState?.() ?? null;
    if (!s) return { url, mode, reachable: false, checkedAt: null, latencyMs: null, error: '正在连接大厅服务…' };
    return {
      url, mode, reachable: s.reachable, checkedAt: s.checkedAt === null ? null : new Date(s.checkedAt).toISOString(), latencyMs: null,
      error: s.reachable ? null : `无法连接大厅服务：${s.error ?? '正在连接…'}`,
    };
  }

  snapshot(): StatusSnapshot {
    const sync = this.sources.sync?.();
    return { hub: this.hub(), devices: this.sources.devices(), syncBacklog: this.sources.syncBacklog(), ...(sync ? { sync } : {}) };
  }

  /** Kept for callers that ask for the hub's state: it is read from the link, not probed. */
  async checkHub(): Promise<HubStatus> {
    this.publish();
    return this.hub();
  }

  publish(): void {
    const snap = this.snapshot();
    const key = JSON.stringify({ ...snap, hub: { ...snap.hub, checkedAt: null, latencyMs: null } });
    if (key === this.lastSent) return;
    this.lastSent = key;
    this.bus.emit('system.status', snap);
  }

  /** Publishes the first status; later ones follow the link's changes (no polling). */
  start(): void {
    this.publish();
  }

  stop(): void {}
}
