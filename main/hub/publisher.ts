import type { ViewSubscription, ViewsFrame } from './protocol';
import type { HallQueue } from './queue';
import { computeViews, frameFor } from './views';

/** A subscriber of views: a /push socket (or a test). The publisher never knows the transport. */
export interface ViewSink {
  sub: ViewSubscription;
  send(frame: ViewsFrame): void;
}

/**
 * Versioned view pushes. Changes within one turn of the event loop coalesce into one version;
 * each version is computed once for the union of the sinks' subscriptions and cut per sink.
 * Publishes and snapshots run one at a time, so versions reach every sink in order.
 */
export class ViewPublisher {
  private version = 0;
  private readonly sinks = new Set<ViewSink>();
  private scheduled = false;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly q: HallQueue) {}

  get current(): number {
    return this.version;
  }

  /** The version that will carry every change made so far (sent with each HTTP answer, so a writer knows which push to wait for). */
  get upcoming(): number {
    return this.scheduled ? this.version + 1 : this.version;
  }

  add(sink: ViewSink): void {
    this.sinks.add(sink);
  }
  remove(sink: ViewSink): void {
    this.sinks.delete(sink);
  }
  subscribers(): number {
    return this.sinks.size;
  }

  /** Something changed: publish the next version once the current operation has finished its writes. */
  changed(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      // Numbered now, so `upcoming` never names a version that is already taken.
      const version = ++this.version;
      void this.serial(() => this.publish(version)).catch(() => {});
    });
  }

  private soon: NodeJS.Timeout | null = null;
  /**
   * A change that may wait up to `ms` (presence from /push subscriptions): however many arrive in
   * that time, one publish. A socket flood then costs one push a second, not one per socket.
   */
  changedSoon(ms = 1000): void {
    if (this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      this.changed();
    }, ms);
    this.soon.unref();
  }

  close(): void {
    if (this.soon) clearTimeout(this.soon);
    this.soon = null;
  }

  /** The current version of the views `sub` asks for (the answer to a subscribe or a GET /views). */
  snapshot(sub: ViewSubscription): Promise<ViewsFrame> {
    return this.serial(async () => frameFor(await computeViews(this.q, this.version, { counters: new Set(sub.counters), supervisor: sub.supervisor }), sub, true));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => {});
    return run;
  }

  private async publish(version: number): Promise<void> {
    if (!this.sinks.size) return;
    const counters = new Set<number>();
    let supervisor = false;
    for (const s of this.sinks) {
      for (const n of s.sub.counters) counters.add(n);
      supervisor ||= s.sub.supervisor;
    }
    const views = await computeViews(this.q, version, { counters, supervisor });
    for (const s of this.sinks) s.send(frameFor(views, s.sub, false));
    // The board's forecast came from the cache: one more push once it is due, with the hall as it is then.
    const cached = supervisor ? this.q.forecast.cachedFor : null;
    if (cached !== null) this.changedSoon(Math.ceil(cached) + 50);
  }
}
