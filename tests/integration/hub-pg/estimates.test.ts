/**
 * The wait forecast kept on each ticket (issue 13) on the PostgreSQL store: a database from before
 * the step keeps its tickets (their estimates NULL), and a ticket issued through one hub process
 * reads back with its estimate through another, as the slip and the phone page need.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { IdentityHasher } from '../../../main/core/queue/match-hash';
import { PgDb } from '../../../main/hub/store/pg/db';
import { migratePg, pgHubMigrations } from '../../../main/hub/store/pg/migrations';
import { PgQueueStore } from '../../../main/hub/store/pg/queue-store';
import type { NewTicket } from '../../../main/hub/store/types';
import { PG_SKIP_REASON, PG_URL, pgSchema } from '../../fixtures/pg';

const DAY = '2026-03-02';
const walkIn = (i: number, estimate?: { estimateAhead: number; estimateMinutes: number }): NewTicket => ({
  day: DAY, stream: 'A', kind: 'walkin', series: 'hub', source: 'kiosk', status: 'waiting', itemCode: null, note: null,
  targetCounter: null, dueAt: 1_000 + i, issuedAt: 1_000 + i, appointmentId: null, ...estimate,
});
const fmt = (n: number) => `A${String(n).padStart(3, '0')}`;

describe.skipIf(!PG_URL)(`ticket estimates on PostgreSQL${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of opened) await s.close();
  });

  it('step 16 adds the estimate columns to a database with tickets; old tickets read back without an estimate', async () => {
    const db = new PgDb({ url: PG_URL, schema: pgSchema() });
    opened.push(db);
    await db.connect();
    const key = randomBytes(32);
    await migratePg(db, { ids: new IdentityHasher(key) }, pgHubMigrations.filter((m) => m.version < 16));
    await db.q.run(
      `INSERT INTO tickets (day, number, stream, kind, series, source, status, due_at, issued_at) VALUES (?, 'A001', 'A', 'walkin', 'hub', 'kiosk', 'waiting', 1, 1)`,
      [DAY],
    );
    const store = await PgQueueStore.open({ url: PG_URL, schema: db.schema, identityKey: key });
    opened.push(store);
    expect((await db.q.all('SELECT version, name FROM hub_schema_migrations WHERE version = 16'))).toEqual([{ version: 16, name: 'ticket-estimate' }]);
    expect(await store.getTicketByNumber(DAY, 'A001')).toMatchObject({ estimateAhead: null, estimateMinutes: null });
  });

  it('an estimate written through one process reads back through another, fractional minutes intact', async () => {
    const schema = pgSchema();
    const [a, b] = await Promise.all([PgQueueStore.open({ url: PG_URL, schema }), PgQueueStore.open({ url: PG_URL, schema })]);
    opened.push(a, b);
    const { ticket } = await a.issueTicket(walkIn(1, { estimateAhead: 3, estimateMinutes: 12.5 }), 'A', fmt, { key: 'k1', request: '{}' });
    expect(ticket).toMatchObject({ estimateAhead: 3, estimateMinutes: 12.5 });
    expect(await b.getTicket(ticket.id)).toMatchObject({ estimateAhead: 3, estimateMinutes: 12.5 });
    // The idempotent replay answers the same figures the first issue printed.
    expect((await b.issueTicket(walkIn(1, { estimateAhead: 9, estimateMinutes: 40 }), 'A', fmt, { key: 'k1', request: '{}' })).ticket).toMatchObject({ estimateAhead: 3, estimateMinutes: 12.5 });
    // A ticket the hub forecast nothing for (an offline upload) keeps NULL, not 0.
    expect(await a.insertNumberedTicket({ ...walkIn(2), number: 'A900' })).toMatchObject({ estimateAhead: null, estimateMinutes: null });
  });

  it('the forecast of a long queue reads only its head: oldestFirst gives the n due first, by due time then issue order', async () => {
    const store = await PgQueueStore.open({ url: PG_URL, schema: pgSchema() });
    opened.push(store);
    // Issued in this order, due in another (an appointment's due time is its slot, not its issue).
    for (const due of [50, 10, 30, 10, 40]) await store.issueTicket({ ...walkIn(0), dueAt: due }, 'A', fmt);
    const head = await store.listTickets({ day: DAY, statuses: ['waiting'], oldestFirst: 3 });
    expect(head.map((t) => [t.number, t.dueAt])).toEqual([['A002', 10], ['A004', 10], ['A003', 30]]);
    expect(await store.listTickets({ day: DAY, statuses: ['waiting'] })).toHaveLength(5);
  });
});
