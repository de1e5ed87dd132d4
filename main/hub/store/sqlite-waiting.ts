/**
 * The SQLite hub's waiting set, mirrored in memory. Reading every waiting row from SQLite on each
 * call was the dominant cost; every ticket write returns its row, which `track` applies, and
 * writes by other hub processes on the same file are caught up by `catchUp`. The database stays
 * authoritative: the claim is still the conditional UPDATE, and any failed transaction reloads
 * the mirror from disk.
 */
import type Database from 'better-sqlite3';
import { toWaiting, type Row } from './rows';
import type { WaitingRow } from './types';

export class WaitingMirror {
  private readonly waiting = new Map<number, WaitingRow & { day: string }>();
  /** Last `data_version` seen (it changes when ANOTHER connection commits) and last ticket event applied. */
  private dataVersion = -1;
  private eventSeq = 0;

  constructor(private readonly db: Database.Database, private readonly st: (sql: string) => Database.Statement) {
    this.reload();
  }

  values(): IterableIterator<WaitingRow & { day: string }> {
    return this.waiting.values();
  }

  track(r: Row): void {
    if (r.status === 'waiting') this.waiting.set(r.id, { ...toWaiting(r), day: r.day });
    else this.waiting.delete(r.id);
  }

  /** This connection wrote ticket event `seq` (its ticket is tracked already). */
  applied(seq: number): void {
    this.eventSeq = seq;
  }

  reload(): void {
    this.waiting.clear();
    this.dataVersion = this.db.pragma('data_version', { simple: true }) as number;
    this.eventSeq = (this.st('SELECT COALESCE(MAX(seq), 0) AS s FROM ticket_events').get() as Row).s;
    for (const r of this.st(`SELECT * FROM tickets WHERE status = 'waiting'`).all() as Row[]) this.track(r);
  }

  /**
   * Several hub processes may share one hub.sqlite (WAL). Every ticket write appends a ticket
   * event, so when another connection has committed, the tickets named by events after the last
   * one applied are re-read into the mirror. Called inside the IMMEDIATE transaction before a
   * write decides anything, where no other process can commit in between.
   */
  catchUp(): void {
    const v = this.db.pragma('data_version', { simple: true }) as number;
    if (v === this.dataVersion) return;
    this.dataVersion = v;
    const events = this.st('SELECT seq, ticket_id FROM ticket_events WHERE seq > ? ORDER BY seq').all(this.eventSeq) as Row[];
    if (events.length === 0) return;
    this.eventSeq = events[events.length - 1].seq;
    const one = this.st('SELECT * FROM tickets WHERE id = ?');
    for (const id of new Set(events.map((e) => e.ticket_id as number))) {
      const r = one.get(id) as Row | undefined;
      if (r) this.track(r);
      else this.waiting.delete(id);
    }
  }
}
