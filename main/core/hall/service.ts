import { randomUUID } from 'node:crypto';
import type { Counter } from '../../../preload/contract/session';
import type { Db } from '../../db/connection';

export interface Hall {
  id: string;
  name: string;
}

/** The hall this workstation belongs to, and its counters (a local copy of the hub's configuration). */
export class HallService {
  // These reads run on nearly every call (session, counter lookups, system.info) and the rows
  // change only through this service (the hub's configuration arriving in syncCounters), so they
  // are kept in memory, frozen, and dropped on every write.
  private cache: { hall?: Hall | null; counters?: readonly Counter[]; byId?: Map<string, Counter> } = {};
  private readonly hallRow;
  private readonly activeCounters;
  private readonly counterById;

  constructor(private readonly db: Db) {
    this.hallRow = db.prepare('SELECT id, name FROM hall LIMIT 1');
    this.activeCounters = db.prepare('SELECT id, number, name, dedication FROM counters WHERE active = 1 ORDER BY number');
    this.counterById = db.prepare('SELECT id, number, name, dedication FROM counters WHERE id = ?');
  }

  hall(): Hall | null {
    if (this.cache.hall === undefined) {
      const row = this.hallRow.get() as Hall | undefined;
      this.cache.hall = row ? Object.freeze(row) : null;
    }
    return this.cache.hall;
  }

  createHall(name: string, district = ''): Hall {
    const id = randomUUID();
    this.db.prepare('INSERT INTO hall (id, name, district, created_at) VALUES (?, ?, ?, ?)').run(id, name, district, new Date().toISOString());
    this.cache = {};
    return { id, name };
  }

  addCounter(hallId: string, number: number, name: string, dedication: string | null = null): Counter {
    const id = `counter-${number}`;
    this.db.prepare('INSERT INTO counters (id, hall_id, number, name, dedication) VALUES (?, ?, ?, ?, ?)').run(id, hallId, number, name, dedication);
    this.cache = {};
    return { id, number, name, dedication };
  }

  /**
   * Keeps the local counters in step with the hub's hall (names, dedications, new counters).
   * Ids stay `counter-<number>` so sessions and citizen screens keep their counter.
   */
  syncCounters(list: { number: number; name: string; dedication: string | null }[]): number {
    const hall = this.hall() ?? this.createHall('大厅');
    const put = this.db.prepare(`INSERT INTO counters (id, hall_id, number, name, dedication) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET name = excluded.name, dedication = excluded.dedication, active = 1
      WHERE counters.name IS NOT excluded.name OR counters.dedication IS NOT excluded.dedication OR counters.active = 0`);
    let changed = 0;
    try {
      this.db.transaction(() => {
        for (const c of list) changed += put.run(`counter-${c.number}`, hall.id, c.number, c.name, c.dedication).changes;
      })();
    } finally {
      this.cache = {};
    }
    return changed;
  }

  counters(): Counter[] {
    this.cache.counters ??= Object.freeze((this.activeCounters.all() as Counter[]).map((c) => Object.freeze(c)));
    return this.cache.counters as Counter[];
  }

  counter(id: string): Counter | undefined {
    const byId = (this.cache.byId ??= new Map());
    let c = byId.get(id);
    if (!c) {
      c = this.counterById.get(id) as Counter | undefined;
      if (c) byId.set(id, Object.freeze(c));
    }
    return c;
  }
}
