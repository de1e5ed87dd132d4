/**
 * A hall with N queue panels open: a real hub (every HTTP request it receives is counted), a real
 * workstation on its Node host, and N WebSocket contract clients — each signed in at its own
 * counter with its 叫号 panel open (queue.state once, then only what is pushed). Shared by the
 * fan-out test and the queue bench.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { QueueState } from '../../../preload/contract/queue';
import type { Workstation } from '../../../main/api/workstation';
import { startHost, type Host } from '../../../main/host/server';
import type { RunningHub } from '../../../main/hub/index';
import { testClient } from '../hub/helpers';
import { atHallTime, hallDay } from '../../../common/hall-time';
import { signInCookie } from '../../fixtures/host';
import { startQueueHub, until, workstationFor } from './helpers';

export interface Panel {
  counter: number;
  /** The last state pushed to this panel (queue.changed) or loaded when it opened. */
  state: QueueState | null;
  pushes: number;
  call<T = unknown>(name: string, input: unknown): Promise<T>;
  close(): void;
}

async function openPanel(host: Host, counter: number): Promise<Panel> {
  const sock = new WebSocket(`${host.url.replace('http', 'ws')}/desk`, { origin: host.url, headers: { cookie: await signInCookie(host) } });
  await new Promise((r, j) => sock.once('open', r).once('error', j));
  let next = 0;
  const waiting = new Map<number, (r: { ok: boolean; value?: unknown; error?: { code: string; message: string } }) => void>();
  const panel: Panel = {
    counter, state: null, pushes: 0,
    call: (name, input) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        waiting.set(id, (r) => (r.ok ? resolve(r.value as never) : reject(Object.assign(new Error(r.error!.message), { code: r.error!.code }))));
        sock.send(JSON.stringify({ id, call: name, input }));
      }),
    close: () => sock.close(),
  };
  sock.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.event === 'queue.changed') {
      panel.state = m.payload as QueueState;
      panel.pushes++;
    } else if (m.id != null) waiting.get(m.id)?.(m.result);
  });
  await panel.call('session.login', { staffNo: '1001', password: 'demo1001', counterId: `counter-${counter}` });
  panel.state = await panel.call<QueueState>('queue.state', {});
  return panel;
}

export interface Hall {
  hub: RunningHub;
  ws: Workstation;
  host: Host;
  panels: Panel[];
  /** Hub HTTP requests received so far, and their lines (`POST /counters/1/call-next`). */
  requests: string[];
  close(): Promise<void>;
}

/** `waiting` walk-in tickets are issued first (before counting starts). */
export async function hallWithPanels(n: number, opts: { waiting?: number } = {}): Promise<Hall> {
  const requests: string[] = [];
  const clock = { now: atHallTime(hallDay(Date.now()), '10:00') };
  const hub = await startQueueHub({ demo: true, now: () => clock.now, onRequest: (m, u) => requests.push(`${m} ${u}`) });
  const client = testClient(hub.url);
  for (let i = 0; i < (opts.waiting ?? 40); i++) await client.issue({ stream: 'A' });
  const ws = await workstationFor(hub.url);
  await until(() => ws.queue.link.online);
  const host = await startHost({ ws, rendererDir: mkdtempSync(join(tmpdir(), 'wd-renderer-')), port: 0 });
  const panels: Panel[] = [];
  for (let c = 1; c <= n; c++) panels.push(await openPanel(host, c));
  return {
    hub, ws, host, panels, requests,
    async close() {
      for (const p of panels) p.close();
      await host.close();
      await ws.close();
      await hub.close();
    },
  };
}

/**
 * One F1 press at the first panel; resolves when every panel shows the result (the presser has
 * the ticket, every other panel no longer lists it), with the hub requests made meanwhile.
 */
export async function pressF1(hall: Hall, requestId: string): Promise<{ ticket: string; requests: string[] }> {
  const from = hall.requests.length;
  const [presser] = hall.panels;
  const r = await presser.call<{ ticket: { ref: string; number: string } | null }>('queue.callNext', { requestId });
  if (!r.ticket) throw new Error('the queue ran dry');
  const ref = r.ticket.ref;
  await until(() => hall.panels.every((p) => (p === presser ? p.state?.current?.ref === ref : p.state !== null && !p.state.waiting.some((t) => t.ref === ref))), 5000);
  return { ticket: r.ticket.number, requests: hall.requests.slice(from) };
}
