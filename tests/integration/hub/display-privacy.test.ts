import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../../common/identity';
import type { RunningHub } from '../../../main/hub';
import { HubClient } from '../../../main/hub/client';
import type { DeviceCredential } from '../../../main/core/trust/device';
import { bookedIdNumber } from '../../fixtures/demo-bookings';
import { enrolTestDevice, fakeClock, pushUrl, raw, startTestHub, tlsFor } from './helpers';

// Issue 9, "Personal data": `/display` and the pushes to hall TVs and kiosks carry no names, notes
// or personal data. A day of activity with named bookings, clerks' notes that name people, ID cards
// read at the kiosk and transfers; then every field a TV and a kiosk received is inspected: its
// path must be one of the public fields below (a new field fails here until reviewed), and no
// value may contain anything personal the hub was told that day.

/** Every field path a non-workstation socket may receive (`[]` an array element, `*` a record key). */
const PUBLIC_FIELDS = new Set([
  'queue.changed:type', 'queue.changed:at', 'queue.changed:waiting.*',
  // The wait forecast per stream (minutes; issue 13): a number about a queue, no one's.
  'queue.changed:estimates.*',
  'calls.recent:type', 'calls.recent:at', 'calls.recent:calls[].number', 'calls.recent:calls[].counter', 'calls.recent:calls[].counterName', 'calls.recent:calls[].calledAt',
  'ticket.called:type', 'ticket.called:at', 'ticket.called:counter', 'ticket.called:counterName', 'ticket.called:recall',
  ...['id', 'day', 'number', 'stream', 'kind', 'series', 'source', 'status', 'itemCode', 'note', 'counter', 'targetCounter', 'dueAt', 'issuedAt', 'calledAt',
    'callCount', 'lastCalledAt', 'startedAt', 'finishedAt', 'movedUpAt', 'appointmentId', 'followCode', 'estimateAhead', 'estimateMinutes'].map((k) => `ticket.called:ticket.${k}`),
]);
/** Public fields that must be empty all the same: free text and the links to a booking or a follow-up page. */
const ALWAYS_NULL = ['ticket.called:ticket.note', 'ticket.called:ticket.appointmentId', 'ticket.called:ticket.followCode'];

function fields(type: string, v: unknown, at = '', out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  if (Array.isArray(v)) v.forEach((x) => fields(type, x, `${at}[]`, out));
  else if (v && typeof v === 'object') {
    const rec = v as Record<string, unknown>;
    const isRecord = at.endsWith('waiting') || at.endsWith('estimates');
    for (const [k, x] of Object.entries(rec)) fields(type, x, at ? `${at}.${isRecord ? '*' : k}` : k, out);
  } else out.push([`${type}:${at}`, v]);
  return out;
}

function listen(url: string, as: DeviceCredential, subscribe = false): { got: any[]; close(): void; ready: Promise<void> } {
  const got: any[] = [];
  const ws = new WebSocket(pushUrl(url), tlsFor(url, as));
  const ready = new Promise<void>((resolve, reject) => {
    ws.on('open', () => {
      // A kiosk that asks for a counter's panel and the board anyway: it must still get the public events only.
      if (subscribe) ws.send(JSON.stringify({ type: 'subscribe', counters: [1, 2, 3], supervisor: true }));
      resolve();
    });
    ws.on('error', reject);
  });
  ws.on('message', (d) => got.push(JSON.parse(String(d))));
  return { got, ready, close: () => ws.close() };
}

describe('what the hall TV and the kiosks receive carries no person', () => {
  const clock = fakeClock();
  let hub: RunningHub;
  let client: HubClient;
  let tv: ReturnType<typeof listen>;
  let kiosk: ReturnType<typeof listen>;
  let kioskClient: HubClient;
  /** Everything personal the hub was told today. */
  const secrets: string[] = [];

  beforeAll(async () => {
    ({ hub, client } = await startTestHub({ now: clock.now, demo: true }));
    const tvCred = await enrolTestDevice(hub, 'display');
    const kioskCred = await enrolTestDevice(hub, 'kiosk');
    tv = listen(hub.url, tvCred);
    kiosk = listen(hub.url, kioskCred, true);
    await Promise.all([tv.ready, kiosk.ready]);
    kioskClient = new HubClient({ url: hub.url, credential: kioskCred });

    // The bookings of the morning: each holder's name, phone and ID number (plain and masked) is personal.
    const appts = await client.appointments();
    for (const a of appts) {
      const id = bookedIdNumber(a);
      secrets.push(a.name!, a.phone!, id, id.slice(6, 14), maskIdNumber(id));
    }
    const open = appts.filter((a) => a.status === 'booked' && Math.abs(a.slotStart - clock.now()) <= 20 * 60_000);
    expect(open.length).toBeGreaterThanOrEqual(3);
    await client.checkIn({ by: 'idNumber', idNumber: bookedIdNumber(open[0]) });
    await kioskClient.checkIn({ by: 'code', code: open[1].code });
    await client.checkIn({ by: 'namePhone', name: open[2].name!, phone: open[2].phone! });

    // Walk-ins: clerks' notes naming people, an ID card read at the kiosk.
    const notes = ['张三代办（其母李四）', '王五 13912345678 回电'];
    secrets.push(...notes, '13912345678', '赵六', '310101199003077777');
    await client.issue({ stream: 'A', source: 'counter', note: notes[0] });
    await kioskClient.issue({ stream: 'A', source: 'kiosk', note: notes[1], holder: { idNumber: '310101199003077777', name: '赵六' } });
    for (let i = 0; i < 4; i++) await client.issue({ stream: 'A', source: 'counter', note: `${notes[0]}#${i}` });

    // The counters' day: calls, recalls, start, transfer, finish, no-show.
    for (let round = 0; round < 3; round++) {
      for (const counter of [1, 2, 3]) {
        clock.advance(1);
        const { ticket } = await client.callNext(counter);
        if (!ticket) continue;
        clock.advance(1);
        if (round === 0) await client.recall(ticket.id, counter);
        if (round === 1 && counter === 1) {
          await client.start(ticket.id, counter);
          await client.transfer(ticket.id, { counter, toCounter: 2, force: true });
          continue;
        }
        if (round === 2 && counter === 3) {
          await client.noShow(ticket.id, counter);
          continue;
        }
        await client.start(ticket.id, counter);
        await client.finish(ticket.id, counter);
      }
    }
    // The last call is the marker: both sockets have everything once they heard it.
    const last = await client.issue({ stream: 'A', source: 'counter', note: notes[0] });
    await client.callTicket(last.id, 1);
    const heard = (s: typeof tv) => s.got.some((e) => e.type === 'ticket.called' && e.ticket.id === last.id);
    for (let i = 0; i < 100 && !(heard(tv) && heard(kiosk)); i++) await new Promise((r) => setTimeout(r, 50));
  });

  afterAll(async () => {
    tv?.close();
    kiosk?.close();
    kioskClient?.close();
    client?.close();
    await hub?.close();
  });

  it('the day was busy and named people (a test that saw nothing would prove nothing)', () => {
    for (const s of [tv, kiosk]) {
      expect(s.got.filter((e) => e.type === 'ticket.called').length).toBeGreaterThanOrEqual(8);
      expect(s.got.some((e) => e.type === 'queue.changed')).toBe(true);
      expect(s.got.some((e) => e.type === 'calls.recent')).toBe(true);
    }
    expect(secrets.length).toBeGreaterThan(20);
  });

  it.each([['hall TV', () => tv], ['kiosk (even one that asks for panels)', () => kiosk]] as const)('%s: only public fields, no views, notes and booking links empty, no personal value', (_n, s) => {
    const got = s().got;
    expect(got.filter((e) => e.type === 'views')).toEqual([]);
    const all = got.flatMap((e) => fields(e.type, e));
    const unexpected = [...new Set(all.map(([p]) => p))].filter((p) => !PUBLIC_FIELDS.has(p));
    expect(unexpected).toEqual([]);
    for (const [p, v] of all) if (ALWAYS_NULL.includes(p)) expect(v, p).toBeNull();
    const text = JSON.stringify(got);
    for (const x of secrets) expect(text, x).not.toContain(x);
  });

  it('/display (the TV page, public) carries no data of the day', async () => {
    const page = await raw(hub.url, 'GET', '/display', undefined, null, { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    for (const x of secrets) expect(page.text, x).not.toContain(x);
  });

  it('a subscribed workstation still hears the whole ticket (the clerk needs the note)', async () => {
    const events: any[] = [];
    const busy = (await client.counters()).find((c) => c.number === 1)?.ticket;
    if (busy) await client.noShow(busy.id, 1);
    const sub = client.subscribe((e) => events.push(e));
    sub.want({ counters: [1], supervisor: false });
    for (let i = 0; i < 100 && !events.some((e) => e.type === 'views'); i++) await new Promise((r) => setTimeout(r, 50));
    const t = await client.issue({ stream: 'A', source: 'counter', note: '需要轮椅' });
    await client.callTicket(t.id, 1);
    for (let i = 0; i < 100 && !events.some((e) => e.type === 'ticket.called' && e.ticket.id === t.id); i++) await new Promise((r) => setTimeout(r, 50));
    expect(events.find((e) => e.type === 'ticket.called' && e.ticket.id === t.id)?.ticket.note).toBe('需要轮椅');
    sub.close();
  });
});
