/**
 * Refusals aggregated per source: a flood of refused connections or calls must not bury the log
 * (nor let an attacker grow it without bound). Per (action, source) and window (one minute), the
 * FIRST refusal is written at once — a single refusal is never lost to a crash — and the rest are
 * counted and written as ONE row when the window closes (`count`, first and last time). The log
 * is append-only, so a count cannot be updated in place.
 */
export interface Refusal {
  action: string;
  /** Who was refused, as far as it is known: an origin, an address, a connection. */
  source: string;
  actorStaffId?: string | null;
  actorRole?: string | null;
  counterId?: string | null;
  target?: string | null;
  details?: Record<string, unknown>;
}

interface Window {
  first: Refusal;
  last: Refusal;
  count: number;
  firstAt: Date;
  lastAt: Date;
  timer: NodeJS.Timeout;
}

export const REFUSAL_WINDOW_MS = 60_000;

export class RefusalAggregator {
  private readonly open = new Map<string, Window>();

  constructor(
    /** Writes one row: `count` refusals of `r` (1 for the first of a window). */
    private readonly write: (r: Refusal, extra: Record<string, unknown>) => void,
    private readonly now: () => Date,
    private readonly windowMs = REFUSAL_WINDOW_MS,
  ) {}

  add(r: Refusal): void {
    const k = JSON.stringify([r.action, r.source, r.actorStaffId ?? null]);
    const w = this.open.get(k);
    if (w) {
      w.count++;
      w.last = r;
      w.lastAt = this.now();
      return;
    }
    const at = this.now();
    this.write(r, { count: 1 });
    const timer = setTimeout(() => this.flush(k), this.windowMs);
    timer.unref();
    this.open.set(k, { first: r, last: r, count: 0, firstAt: at, lastAt: at, timer });
  }

  /** Closes every open window now (shutdown). */
  flushAll(): void {
    for (const k of [...this.open.keys()]) this.flush(k);
  }

  private flush(k: string): void {
    const w = this.open.get(k);
    if (!w) return;
    clearTimeout(w.timer);
    this.open.delete(k);
    if (w.count > 0) this.write(w.last, { count: w.count, from: w.firstAt.toISOString(), to: w.lastAt.toISOString(), aggregated: true });
  }
}
