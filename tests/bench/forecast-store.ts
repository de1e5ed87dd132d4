// The hub's forecast of a ticket about to be issued (HallForecast.forNew: the live hall read from
// the queue store, then the policy replay) on the SQLite store and on PostgreSQL, for
// forecast.bench.ts. The pure replay's cost is measured there; this is what an issue adds on each backend.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '../../main/hub/bus';
import { demoHall } from '../../main/hub/config';
import { HallConfig } from '../../main/hub/protocol';
import { HallQueue } from '../../main/hub/queue';
import { PgQueueStore } from '../../main/hub/store/pg/queue-store';
import { SqliteQueueStore } from '../../main/hub/store/sqlite';
import type { NewTicket, QueueStore } from '../../main/hub/store/types';
import { PG_URL, pgSchema } from '../fixtures/pg';

const T0 = Date.parse('2026-03-02T10:00:00+08:00');
const DAY = '2026-03-02';

async function measure(store: QueueStore, waiting: number, counters: number, minMs: number): Promise<number> {
  const hall = HallConfig.parse({ ...demoHall(), counters: Array.from({ length: counters }, (_, i) => ({ number: i + 1, name: `${i + 1}号窗口`, streams: ['Y', 'A', 'V'] })) });
  await store.saveHall(hall);
  for (let i = 1; i <= counters; i++) await store.updateCounter(i, { lastSeen: T0 });
  const queue = new HallQueue(store, hall, new EventBus(), () => T0);
  for (let i = 0; i < waiting; i++) {
    const t: NewTicket = { day: DAY, stream: 'A', kind: 'walkin', series: 'hub', source: 'kiosk', status: 'waiting', itemCode: null, note: null, targetCounter: null, dueAt: T0 - 3_600_000 + i, issuedAt: T0 - 3_600_000 + i, appointmentId: null };
    await store.issueTicket(t, 'A', (n) => `A${String(n).padStart(4, '0')}`);
  }
  const draft = { stream: 'A', kind: 'walkin' as const, itemCode: null, dueAt: T0 };
  await queue.forecast.forNew(draft); // warm
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    await queue.forecast.forNew(draft);
    n++;
  }
  return (performance.now() - start) / n;
}

/** ms per forNew on each backend; `pg` null (with the reason) when no PostgreSQL is configured. */
export async function forNewPerBackend(waiting: number, counters: number, minMs = 500): Promise<{ sqlite: number; pg: number | null; skipped?: string }> {
  const sqliteStore = new SqliteQueueStore(join(mkdtempSync(join(tmpdir(), 'forecast-bench-')), 'hub.sqlite'));
  let sqlite: number;
  try {
    sqlite = await measure(sqliteStore, waiting, counters, minMs);
  } finally {
    await sqliteStore.close();
  }
  if (!PG_URL) return { sqlite, pg: null, skipped: 'WINDOWDESK_TEST_PG is not set (e.g. node scripts/with-test-pg.mjs npm run bench -- forecast)' };
  const pgStore = await PgQueueStore.open({ url: PG_URL, schema: pgSchema() });
  try {
    return { sqlite, pg: await measure(pgStore, waiting, counters, minMs) };
  } finally {
    await pgStore.close();
  }
}
