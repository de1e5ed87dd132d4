/**
 * The PostgreSQL store itself, with two stores on one schema standing for two hub processes (each
 * its own pool): the schema ledger, atomic ticket numbers, idempotent issue, exactly-once claims,
 * and push fanned out across hubs by LISTEN/NOTIFY.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DeskError } from '../../../common/errors';
import WebSocket from 'ws';
import { demoHall } from '../../../main/hub/config';
import { startHub, type RunningHub } from '../../../main/hub/index';
import { HallConfig, type PushEvent, type Ticket } from '../../../main/hub/protocol';
import { PgDb } from '../../../main/hub/store/pg/db';
import { migratePg, pgHubMigrations } from '../../../main/hub/store/pg/migrations';
import { PgQueueStore } from '../../../main/hub/store/pg/queue-store';
import { IdentityHasher } from '../../../main/core/queue/match-hash';
import { randomBytes } from 'node:crypto';
import type { NewTicket, WaitingRow } from '../../../main/hub/store/types';
import { PG_SKIP_REASON, PG_URL, pgSchema, pgSpec } from '../../fixtures/pg';
import { tempDir } from '../hub/helpers';

const DAY = '2026-03-02';
const walkIn = (i: number): NewTicket => ({
  day: DAY, stream: 'A', kind: 'walkin', series: 'hub', source: 'kiosk', status: 'waiting', itemCode: null, note: null,
  targetCounter: null, dueAt: 1_000 + i, issuedAt: 1_000 + i, appointmentId: null,
});
const fmt = (n: number) => `A${String(n).padStart(3, '0')}`;
const firstCome = (w: WaitingRow[]) => w.reduce<WaitingRow | null>((a, b) => (!a || b.issuedSeq < a.issuedSeq ? b : a), null);

describe.skipIf(!PG_URL)(`hub store on PostgreSQL${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of opened) await s.close();
  });
  async function twoStores(): Promise<[PgQueueStore, PgQueueStore]> {
    const schema = pgSchema();
    // Started at once, as two processes on a fresh database would: the ledger is applied once.
    const pair = await Promise.all([PgQueueStore.open({ url: PG_URL, schema }), PgQueueStore.open({ url: PG_URL, schema })]);
    opened.push(...pair);
    const hall = HallConfig.parse({ ...demoHall(), counters: Array.from({ length: 12 }, (_, i) => ({ number: i + 1, name: `${i + 1}号窗口`, streams: ['A'] })) });
    await pair[0].saveHall(hall);
    return pair;
  }

  it('creates the schema once through a ledger, even when two processes start at once, and refuses a database a newer release migrated', async () => {
    const [a] = await twoStores();
    const ledger = await a.db.q.all('SELECT version, name FROM hub_schema_migrations ORDER BY version');
    expect(ledger).toEqual(pgHubMigrations.map((m) => ({ version: m.version, name: m.name })));
    expect(await migratePg(a.db, { ids: new IdentityHasher(randomBytes(32)) })).toEqual([]);
    await a.db.q.run(`INSERT INTO hub_schema_migrations (version, name) VALUES (9999, 'from-the-future')`);
    const later = new PgDb({ url: PG_URL, schema: a.db.schema });
    opened.push(later);
    await expect(migratePg(later, { ids: new IdentityHasher(randomBytes(32)) })).rejects.toMatchObject({ code: 'DB_FROM_FUTURE' });
  });

  it('step 10 (appointment-identity) replaces each plain ID number by its keyed match hash and mask, under the hub\'s key', async () => {
    const db = new PgDb({ url: PG_URL, schema: pgSchema() });
    opened.push(db);
    await db.connect();
    const key = randomBytes(32);
    const ids = new IdentityHasher(key);
    await migratePg(db, { ids }, pgHubMigrations.filter((m) => m.version < 10));
    await db.q.run(`INSERT INTO appointments (id, day, code, id_number, name, phone, slot_start, slot_end, status) VALUES ('a1', ?, 'YY0001', '11010519491231002X', '王芳', '13900001111', 1, 2, 'booked')`, [DAY]);
    expect(await migratePg(db, { ids }, pgHubMigrations.filter((m) => m.version <= 10))).toEqual(['appointment-identity']);
    expect(await db.q.all('SELECT id, id_hash, id_masked, name, phone FROM appointments')).toEqual([
      { id: 'a1', id_hash: ids.hash(DAY, '11010519491231002x'), id_masked: '1101**********002X', name: '王芳', phone: '13900001111' },
    ]);
    const cols = (await db.q.all(`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'appointments'`)).map((r) => r.c);
    expect(cols).not.toContain('id_number');
    const store = await PgQueueStore.open({ url: PG_URL, schema: db.schema, identityKey: key });
    opened.push(store);
    expect((await store.findAppointments({ day: DAY, idNumber: '11010519491231002X' })).map((a) => a.id)).toEqual(['a1']);
  });

  it('numbers of one (day, series) are never given twice, issuing through two processes at once', async () => {
    const [a, b] = await twoStores();
    const issued = await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 2 ? a : b).issueTicket(walkIn(i), 'A', fmt)));
    const numbers = issued.map((r) => r.ticket.number).sort();
    expect(new Set(numbers).size).toBe(300);
    expect(numbers[0]).toBe('A001');
    expect(numbers[299]).toBe('A300');
  });

  it('an idempotency key sent to both processes at once issues one ticket; the other answer replays it', async () => {
    const [a, b] = await twoStores();
    const idem = { key: 'kiosk-1:press-42', request: '{"stream":"A"}' };
    const [x, y] = await Promise.all([a.issueTicket(walkIn(1), 'A', fmt, idem), b.issueTicket(walkIn(1), 'A', fmt, idem)]);
    expect(x.ticket.id).toBe(y.ticket.id);
    expect([x.replayed, y.replayed].sort()).toEqual([false, true]);
    expect(await a.listTickets({ day: DAY })).toHaveLength(1);
    await expect(b.issueTicket(walkIn(2), 'A', fmt, { ...idem, request: '{"stream":"B"}' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('12 counters calling through two processes at once claim every ticket exactly once, in first-come order per claim', async () => {
    const [a, b] = await twoStores();
    for (let i = 0; i < 240; i++) await a.issueTicket(walkIn(i), 'A', fmt);
    const claimed: Ticket[] = [];
    let rid = 0;
    const loop = async (counter: number) => {
      for (;;) {
        const store = (counter + claimed.length) % 2 ? a : b;
        const out = await store.claim({ counter, requestId: `r-${counter}-${rid++}`, day: DAY, now: 5_000, pick: firstCome });
        if (!out.ticket) return;
        claimed.push(out.ticket);
        const done = await (store === a ? b : a).transition(out.ticket.id, { statuses: ['called'], counter }, { status: 'finished', finishedAt: 6_000 }, { type: 'finished', counter, at: 6_000 });
        expect(done?.status).toBe('finished');
      }
    };
    await Promise.all(Array.from({ length: 12 }, (_, i) => loop(i + 1)));
    expect(claimed).toHaveLength(240);
    expect(new Set(claimed.map((t) => t.id)).size).toBe(240);
    const doubles = await a.db.q.all(`SELECT ticket_id FROM ticket_events WHERE type = 'called' GROUP BY ticket_id HAVING COUNT(*) > 1`);
    expect(doubles).toEqual([]);
    // The lock serialises choosing: claims are in first-come order across both processes.
    const order = (await a.db.q.all(`SELECT ticket_id FROM ticket_events WHERE type = 'called' ORDER BY seq`)).map((r) => r.ticket_id as number);
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('a call request id replays on the other process, and a counter busy on one is busy on both', async () => {
    const [a, b] = await twoStores();
    for (let i = 0; i < 3; i++) await a.issueTicket(walkIn(i), 'A', fmt);
    const first = await a.claim({ counter: 1, requestId: 'same', day: DAY, now: 1, pick: firstCome });
    const again = await b.claim({ counter: 1, requestId: 'same', day: DAY, now: 2, pick: firstCome });
    expect(again).toEqual({ ticket: first.ticket, replayed: true });
    await expect(b.claim({ counter: 1, requestId: 'other', day: DAY, now: 3, pick: firstCome })).rejects.toMatchObject({ code: 'COUNTER_BUSY' });
    await expect(b.claim({ counter: 2, requestId: 'same', day: DAY, now: 3, pick: firstCome })).rejects.toMatchObject({ code: 'REQUEST_ID_REUSED' });
  });

  it('an offline operation refused inside its transaction leaves nothing but its recorded refusal', async () => {
    const [a, b] = await twoStores();
    const rec = { opId: 'op-1', workstation: 'ws-1', counter: 1, at: 10 };
    const out = await a.reconcileOp(rec, async (tx) => {
      await tx.insertNumberedTicket({ ...walkIn(1), number: 'A-1-001', series: 'offline' });
      throw new DeskError('OFFLINE_CONFLICT', '不行');
    }, () => ({ opId: 'op-1', outcome: 'rejected', ticket: null, warning: null, error: { code: 'OFFLINE_CONFLICT', message: '不行' } }));
    expect(out).toMatchObject({ prior: null, result: { outcome: 'rejected', error: { code: 'OFFLINE_CONFLICT' } } });
    const again = await b.reconcileOp(rec, async () => {
      throw new Error('must not run: the answer is recorded');
    }, () => {
      throw new Error('must not run');
    });
    expect(again.prior?.workstation).toBe('ws-1');
    expect(await b.getTicketByNumber(DAY, 'A-1-001')).toBeNull();
  });
});

describe.skipIf(!PG_URL)(`push across hub processes on one PostgreSQL${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const hubs: RunningHub[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.close();
  });

  it('a call made through hub A reaches a push subscriber of hub B (LISTEN/NOTIFY)', async () => {
    const db = pgSpec();
    // Plain HTTP (secure: false) keeps this to the fan-out; the suites in hub/ cover the device checks on PostgreSQL.
    const a = await startHub({ port: 0, dataDir: tempDir(), db, secure: false });
    hubs.push(a);
    const b = await startHub({ port: 0, dataDir: tempDir(), db, secure: false });
    hubs.push(b);
    const ws = new WebSocket(`${b.url.replace('http', 'ws')}/push`, { headers: { origin: b.url } });
    const events: PushEvent[] = [];
    ws.on('message', (d) => events.push(JSON.parse(String(d)) as PushEvent));
    await new Promise((r) => ws.once('open', r));
    const t = await a.hub.queue.issue({ stream: 'A', source: 'kiosk' });
    const counter = a.hub.queue.hall.counters.find((c) => c.streams.includes('A'))!.number;
    await a.hub.queue.callNext(counter, 'rid-fanout-1');
    const deadline = Date.now() + 10_000;
    while (!events.some((e) => e.type === 'ticket.called') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const called = events.find((e) => e.type === 'ticket.called') as Extract<PushEvent, { type: 'ticket.called' }> | undefined;
    expect(called?.ticket.id).toBe(t.id);
    expect(called?.counter).toBe(counter);
    // And B's own waiting counts moved with it (queue.changed from A, then B's own recount).
    expect(events.some((e) => e.type === 'queue.changed')).toBe(true);
    ws.close();
  });
});
