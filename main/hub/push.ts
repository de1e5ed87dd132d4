import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Hub } from './hub';
import { PushRequest, type PushEvent, type ViewsFrame } from './protocol';
import type { ViewSink } from './publisher';

type Socket = WebSocket & { alive?: boolean; sink?: ViewSink };

/**
 * WebSocket push at /push. A socket that sends `{type:'subscribe', counters, supervisor}` gets
 * the versioned views it asked for (at once, then one frame per change) and `ticket.called`;
 * its counters count as present while it lives. A socket that never subscribes (the hall TV)
 * gets the public events only: `ticket.called` and the waiting counts (`queue.changed`).
 */
export function attachPush(hub: Hub, server: import('node:http').Server): { close(): Promise<void>; clients(): number } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/push') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  const send = (ws: WebSocket, e: PushEvent) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(e));
  };
  const off = hub.bus.on((e) => {
    for (const ws of wss.clients as Set<Socket>) {
      if (e.type === 'ticket.called' || !ws.sink) send(ws, e);
    }
  });
  const present = (ws: Socket) => {
    for (const n of ws.sink?.sub.counters ?? []) void hub.queue.heartbeat(n).catch(() => {});
  };

  wss.on('connection', (ws: Socket) => {
    ws.alive = true;
    ws.on('pong', () => (ws.alive = true));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => ws.sink && hub.views.remove(ws.sink));
    ws.on('message', (data) => {
      let parsed;
      try {
        parsed = PushRequest.safeParse(JSON.parse(String(data)));
      } catch {
        return;
      }
      if (!parsed.success) return;
      const { type: _t, ...sub } = parsed.data;
      if (ws.sink) hub.views.remove(ws.sink);
      ws.sink = { sub, send: (f: ViewsFrame) => send(ws, { type: 'views', ...f }) };
      hub.views.add(ws.sink);
      present(ws);
      void hub.views.snapshot(sub).then((f) => send(ws, { type: 'views', ...f })).catch(() => {});
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

  return {
    clients: () => wss.clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        off();
        clearInterval(ping);
        server.off('upgrade', onUpgrade);
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
