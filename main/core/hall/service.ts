import { randomUUID } from 'node:crypto';
import type { Counter } from '../../../preload/contract/session';
import type { Db } from '../../db/connection';

export interface Hall {
  id: string;
  name: string;
}

/** The hall this workstation belongs to, and its counters (a local copy of the hub's configuration). */
export class HallService {
  constructor(private readonly db: Db) {}

  hall(): Hall | null {
    return (this.db.prepare('SELECT id, name FROM hall LIMIT 1').get() as Hall | undefined) ?? null;
  }

  createHall(name: string, district = ''): Hall {
    const id = randomUUID();
    this.db.prepare('INSERT INTO hall (id, name, district, created_at) VALUES (?, ?, ?, ?)').run(id, name, district, new Date().toISOString());
    return { id, name };
  }

  addCounter(hallId: string, number: number, name: string, dedication: string | null = null): Counter {
    const id = `counter-${number}`;
    this.db.prepare('INSERT INTO counters (id, hall_id, number, name, dedication) VALUES (?, ?, ?, ?, ?)').run(id, hallId, number, name, dedication);
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
    this.db.transaction(() => {
      for (const c of list) changed += put.run(`counter-${c.number}`, hall.id, c.number, c.name, c.dedication).changes;
    })();
    return changed;
  }

  counters(): Counter[] {
    return this.db.prepare('SELECT id, number, name, dedication FROM counters WHERE active = 1 ORDER BY number').all() as Counter[];
  }

  counter(id: string): Counter | undefined {
    return this.db.prepare('SELECT id, number, name, dedication FROM counters WHERE id = ?').get(id) as Counter | undefined;
  }
}
