import type { HubStatus, StatusSnapshot } from '../../preload/contract/system';
import type { EventBus } from './events';

export interface StatusSources {
  hubUrl(): string | null;
  hubMode(): HubStatus['mode'];
  devices(): StatusSnapshot['devices'];
  syncBacklog(): number;
}

/**
 * What the status bar shows: hub reachability (checked against the hub's /health), devices,
 * and the sync backlog. Pushes `system.status` only when something changed, so an idle
 * workstation sends nothing.
 */
export class StatusMonitor {
  private hub: HubStatus;
  private timer: NodeJS.Timeout | undefined;
  private lastSent = '';

  constructor(private readonly bus: EventBus, private readonly sources: StatusSources, private readonly timeoutMs = 2000) {
    this.hub = { url: sources.hubUrl(), mode: sources.hubMode(), reachable: false, checkedAt: null, latencyMs: null, error: null };
  }

  snapshot(): StatusSnapshot {
    return { hub: this.hub, devices: this.sources.devices(), syncBacklog: this.sources.syncBacklog() };
  }

  async checkHub(): Promise<HubStatus> {
    const url = this.sources.hubUrl();
    const mode = this.sources.hubMode();
    const checkedAt = new Date().toISOString();
    if (!url) {
      this.hub = { url: null, mode, reachable: false, checkedAt, latencyMs: null, error: '未配置大厅服务地址' };
    } else {
      const started = performance.now();
      try {
        const res = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(this.timeoutMs) });
        const body = (await res.json().catch(() => null)) as { ok?: boolean } | null;
        const ok = res.ok && body !== null && body.ok === true;
        this.hub = { url, mode, reachable: ok, checkedAt, latencyMs: Math.round(performance.now() - started), error: ok ? null : `大厅服务应答异常（HTTP ${res.status}）` };
      } catch (e) {
        this.hub = { url, mode, reachable: false, checkedAt, latencyMs: null, error: `无法连接大厅服务：${(e as Error).name === 'TimeoutError' ? '超时' : (e as Error).message}` };
      }
    }
    this.publish();
    return this.hub;
  }

  publish(): void {
    const snap = this.snapshot();
    const key = JSON.stringify({ ...snap, hub: { ...snap.hub, checkedAt: null, latencyMs: null } });
    if (key === this.lastSent) return;
    this.lastSent = key;
    this.bus.emit('system.status', snap);
  }

  start(intervalMs = 5000): void {
    void this.checkHub();
    this.timer = setInterval(() => void this.checkHub(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
