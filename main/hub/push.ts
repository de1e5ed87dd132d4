import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkHostAndOrigin, clientKeyOf } from './guard';
import type { Hub } from './hub';
import { deviceOfRequest } from './trust/access';
import type { DeviceRecord, DeviceRegistry } from './trust/registry';
import { PushRequest, type PushEvent, type ViewSubscription, type ViewsFrame } from './protocol';
import type { ViewSink } from './publisher';

type Socket = WebSocket & { alive?: boolean; sink?: ViewSink; client?: string; subscribes?: number[]; device?: DeviceRecord | null; assertion?: string; handled?: Promise<void> };

export interface PushOptions {
  /** Open sockets per client (guard.ts clientKeyOf); the next upgrade is answered 429. */
  perClient: number;
  /** Host names the hub serves (guard.ts servedHostNames). */
  served: ReadonlySet<string>;
  /** With device authentication: only an enrolled, unrevoked device's connection may upgrade. */
  registry?: DeviceRegistry;
  /** With device authentication: whether an assertion is a supervisor's the hub issued to this device (trust/staff.ts). */
  verifySupervisor?: (assertion: string | undefined, deviceId: string) => Promise<boolean>;
}

/**
 * What a device may watch (with device authentication on): a workstation its own counters' panels
 * (other counters are dropped, not refused, so a clerk signed in at a counter this machine is not
 * enrolled for costs that panel only) and the board; a kiosk or a TV nothing beyond the public
 * events every socket gets. The board only with a supervisor's assertion the hub verified for this
 * device (dropped, not refused, like a counter the device is not enrolled for). Without
 * authentication (`device` null and no registry) as asked.
 */
async function allowedViews(device: DeviceRecord | null, asked: ViewSubscription & { assertion?: string }, opts: PushOptions): Promise<ViewSubscription | null> {
  const { assertion, ...sub } = asked;
  if (!device) return sub;
  if (device.role !== 'workstation') return null;
  const own = new Set(device.counters);
  const supervisor = sub.supervisor && (!opts.verifySupervisor || (await opts.verifySupervisor(assertion, device.id)));
  return { ...sub, supervisor, counters: sub.counters.filter((n) => own.has(n)), staff: sub.staff?.filter((s) => own.has(s.counter)) };
}

/**
 * Whether a socket hears calls with the whole ticket (a clerk's note, the booking and follow-up
 * references): only a workstation that subscribed to its views. A TV, a kiosk, or a socket that has
 * not subscribed gets the public projection — a number and where to go, no note that may name someone.
 */
function seesTickets(ws: Socket, opts: PushOptions): boolean {
  if (!ws.sink) return false;
  return opts.registry ? ws.device?.role === 'workstation' : true;
}

/** The public form of an event: a called ticket without its note, booking link or follow code. */
export function publicEvent(e: PushEvent): PushEvent {
  if (e.type !== 'ticket.called') return e;
  return { ...e, ticket: { ...e.ticket, note: null, appointmentId: null, followCode: null } };
}

/** Subscribes a socket may send per minute: a workstation re-subscribes when its counters or staff change, a few times a day. */
const SUBSCRIBES_PER_MINUTE = 30;
/** How often open sockets' devices are checked against the registry (revocation). */
const REVOCATION_CHECK_MS = 1000;

function refuseUpgrade(socket: Duplex, status: string, headers: string[] = []): void {
  socket.end([`HTTP/1.1 ${status}`, 'Connection: close', 'Content-Length: 0', ...headers, '', ''].join('\r\n'));
  socket.destroy();
}

/**
 * WebSocket push at /push. A socket that sends `{type:'subscribe', counters, supervisor}` gets
 * the versioned views it asked for (at once, then one frame per change) and `ticket.called`;
 * its counters count as present while it lives. A socket that never subscribes (the hall TV)
 * gets the public events only: `ticket.called` and the waiting counts (`queue.changed`).
 * A new socket gets its initial state alone: connecting or subscribing never re-pushes anything
 * to the other sockets (a counter that comes online reaches the boards in the next coalesced
 * presence push, at most one a second however many sockets arrive).
 */
export function attachPush(hub: Hub, server: import('node:http').Server | import('node:https').Server, opts: PushOptions): { close(): Promise<void>; clients(): number } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  const perClient = new Map<string, number>();
  const onUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/push') {
      socket.destroy();
      return;
    }
    try {
      checkHostAndOrigin(req.headers, opts.served);
    } catch {
      refuseUpgrade(socket, '403 Forbidden');
      return;
    }
    const device = opts.registry ? await deviceOfRequest(req, opts.registry).catch(() => null) : null;
    if (socket.destroyed) return;
    if (opts.registry && !device) {
      refuseUpgrade(socket, '401 Unauthorized');
      return;
    }
    const client = clientKeyOf(req);
    if ((perClient.get(client) ?? 0) >= opts.perClient) {
      refuseUpgrade(socket, '429 Too Many Requests', ['Retry-After: 30']);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: Socket) => {
      // Counted once the handshake succeeded (a failed one never calls back, so never leaks a slot).
      perClient.set(client, (perClient.get(client) ?? 0) + 1);
      ws.client = client;
      ws.device = device;
      wss.emit('connection', ws, req);
    });
  };
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => void onUpgrade(req, socket, head).catch(() => socket.destroy());
  const release = (ws: Socket) => {
    if (!ws.client) return;
    const n = (perClient.get(ws.client) ?? 1) - 1;
    if (n > 0) perClient.set(ws.client, n);
    else perClient.delete(ws.client);
    ws.client = undefined;
  };
  server.on('upgrade', upgrade);

  const send = (ws: WebSocket, e: PushEvent) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(e));
  };
  const off = hub.bus.on((e) => {
    const pub = publicEvent(e);
    for (const ws of wss.clients as Set<Socket>) {
      // 求助 and `pull.due` reach the hall's workstations (an enrolled one, or a subscribed one on an unauthenticated hub), never a TV or a kiosk.
      if (e.type === 'assist.changed' || e.type === 'pull.due') {
        if (ws.device ? ws.device.role === 'workstation' : ws.sink) send(ws, e);
      } else if (e.type === 'ticket.called' || !ws.sink) send(ws, seesTickets(ws, opts) ? e : pub);
    }
  });
  const staffOf = (ws: Socket) => new Map((ws.sink?.sub.staff ?? []).map(({ counter, ...s }) => [counter, s]));
  const present = (ws: Socket) => {
    const staff = staffOf(ws);
    for (const n of ws.sink?.sub.counters ?? []) void hub.queue.heartbeat(n, staff.get(n), { coalesce: true }).catch(() => {});
  };
  /** The counters `ws` signed staff in at, less those in `keep`, are signed out unless another live socket still signs someone in there. */
  const signOut = (ws: Socket, keep: ReadonlySet<number>) => {
    for (const n of staffOf(ws).keys()) {
      if (keep.has(n)) continue;
      const elsewhere = [...(wss.clients as Set<Socket>)].some((o) => o !== ws && o.readyState === o.OPEN && staffOf(o).has(n));
      if (!elsewhere) void hub.queue.signOut(n).catch(() => {});
    }
  };

  wss.on('connection', (ws: Socket) => {
    ws.alive = true;
    ws.on('pong', () => (ws.alive = true));
    ws.on('error', () => ws.terminate());
    ws.on('close', (code) => {
      release(ws);
      if (!ws.sink) return;
      hub.views.remove(ws.sink);
      // 1000/1001/1005: the workstation closed the link itself (quit, shutdown): nobody is signed in
      // there any more. Anything else (a drop, a ping timeout) keeps the staff: 离线 once silent.
      if (code === 1000 || code === 1001 || code === 1005) signOut(ws, new Set());
    });
    ws.on('message', (data) => {
      const now = Date.now();
      ws.subscribes = (ws.subscribes ?? []).filter((t) => now - t < 60_000);
      if (ws.subscribes.length >= SUBSCRIBES_PER_MINUTE) {
        ws.close(1008, 'too many subscribes');
        return;
      }
      ws.subscribes.push(now);
      let parsed;
      try {
        parsed = PushRequest.safeParse(JSON.parse(String(data)));
      } catch {
        return;
      }
      if (!parsed.success) return;
      const { type: _t, ...asked } = parsed.data;
      // One subscribe at a time per socket (checking it reads the registry): the last one sent wins.
      ws.handled = (ws.handled ?? Promise.resolve()).then(async () => {
        const sub = await allowedViews(ws.device ?? null, asked, opts);
        if (!sub || ws.readyState !== ws.OPEN) return;
        ws.assertion = asked.assertion;
        if (ws.sink) {
          hub.views.remove(ws.sink);
          signOut(ws, new Set((sub.staff ?? []).map((s) => s.counter)));
        }
        ws.sink = { sub, send: (f: ViewsFrame) => send(ws, { type: 'views', ...f }) };
        hub.views.add(ws.sink);
        present(ws);
        void hub.views.snapshot(sub).then((f) => send(ws, { type: 'views', ...f })).catch(() => {});
      }).catch(() => {});
    });
    void hub.queue.waitingEvent().then((e) => !ws.sink && send(ws, e)).catch(() => {});
    // A TV that reloads would otherwise show an empty 最近叫号 until the next call.
    void hub.queue.recentCalls().then((e) => !ws.sink && send(ws, e)).catch(() => {});
  });

  // Dead TVs and unplugged workstations are dropped by ping/pong rather than left to pile up;
  // a live subscribed socket keeps its counters shown as present (no HTTP heartbeats needed).
  const ping = setInterval(() => {
    for (const ws of wss.clients as Set<Socket>) {
      if (ws.alive === false) {
        ws.terminate();
        continue;
      }
      ws.alive = false;
      ws.ping();
      present(ws);
    }
  }, 30_000);
  ping.unref();
  // A revocation reaches an open socket within a second (requests are checked one by one; a socket
  // is checked here): the device is gone from the registry, its socket is closed with 4401.
  const registry = opts.registry;
  let checking = false;
  const recheckOnce = async (reg: DeviceRegistry) => {
    const sockets = [...(wss.clients as Set<Socket>)].filter((ws) => ws.device);
    if (sockets.length === 0) return;
    // One query for every connected device (on PostgreSQL: a revocation made through another host).
    const valid = await reg.validAmong([...new Set(sockets.map((ws) => ws.device!.id))]);
    for (const ws of sockets) {
      if (!valid.has(ws.device!.id)) ws.close(4401, 'device revoked');
      // The supervisor logged out (or the assertion lapsed unrenewed): the board stops here too.
      else if (ws.sink?.sub.supervisor && opts.verifySupervisor && !(await opts.verifySupervisor(ws.assertion, ws.device!.id))) {
        const sink = ws.sink;
        hub.views.remove(sink);
        ws.sink = { sub: { ...sink.sub, supervisor: false }, send: sink.send };
        hub.views.add(ws.sink);
      }
    }
  };
  const recheck = registry
    ? setInterval(() => {
        // A slow database never stacks checks: the next tick waits for this one.
        if (checking) return;
        checking = true;
        void recheckOnce(registry).catch(() => {}).finally(() => (checking = false));
      }, REVOCATION_CHECK_MS)
    : null;
  recheck?.unref();

  return {
    clients: () => wss.clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        off();
        clearInterval(ping);
        if (recheck) clearInterval(recheck);
        server.off('upgrade', upgrade);
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
