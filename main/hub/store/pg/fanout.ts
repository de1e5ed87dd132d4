/**
 * Push across hub processes: every event a process puts on its bus (a call, the waiting counts)
 * is sent with NOTIFY on the hall's channel, and every process LISTENs and puts the events of the
 * OTHER processes on its own bus — so a board subscribed to process B sees a call made through
 * process A. Views are not sent: each process recomputes them from the database when an event
 * arrives (hub.ts makes every bus event a view change). NOTIFY is delivered only after the sending
 * transaction commits, in commit order per sender.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { EventBus } from '../../bus';
import type { PushEvent } from '../../protocol';
import type { PgDb } from './db';

/** NOTIFY payloads are capped at 8000 bytes; a larger event is sent as a bare "something changed". */
const MAX_PAYLOAD = 7900;
const RECONNECT_MS = [250, 1000, 5000];

type Message = { origin: string; event?: PushEvent };

export interface FanOut {
  close(): Promise<void>;
}

export async function fanOut(db: PgDb, bus: EventBus, onRemoteChange: () => void): Promise<FanOut> {
  const origin = randomUUID();
  const channel = `windowdesk_hub_${db.schema ?? 'public'}`;
  const fromElsewhere = new WeakSet<PushEvent>();
  let listener: pg.Client | null = null;
  let closed = false;
  let attempt = 0;

  const onNotification = (n: pg.Notification) => {
    let m: Message;
    try {
      m = JSON.parse(n.payload ?? '') as Message;
    } catch {
      return;
    }
    if (m.origin === origin) return;
    if (m.event) {
      fromElsewhere.add(m.event);
      bus.emit(m.event);
    } else {
      onRemoteChange();
    }
  };

  const listen = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: db.opts.url });
    c.on('notification', onNotification);
    c.on('error', () => reconnect(c));
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    listener = c;
    attempt = 0;
  };
  // A lost listening connection (database restart, network) is re-made; until then this process's
  // boards miss other processes' events, and catch up on the next local change or ticker push.
  const reconnect = (c: pg.Client) => {
    if (listener === c) listener = null;
    void c.end().catch(() => {});
    if (closed) return;
    const wait = RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)];
    setTimeout(() => {
      if (!closed) listen().then(onRemoteChange, () => reconnect(c));
    }, wait).unref();
  };
  await listen();

  const off = bus.on((e) => {
    if (e.type === 'views' || fromElsewhere.has(e)) return;
    let payload = JSON.stringify({ origin, event: e } satisfies Message);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) payload = JSON.stringify({ origin } satisfies Message);
    void db.pool.query('SELECT pg_notify($1, $2)', [channel, payload]).catch(() => {});
  });

  return {
    async close() {
      closed = true;
      off();
      const c = listener;
      listener = null;
      await c?.end().catch(() => {});
    },
  };
}
