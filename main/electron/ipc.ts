import { ipcMain, type WebContents } from 'electron';
import { randomUUID } from 'node:crypto';
import type { Connection } from '../api/context';
import { dispatch } from '../api/dispatch';
import { shouldDeliver } from '../api/events';
import type { Workstation } from '../api/workstation';
import { isTrustedSender } from './security';

export const CALL_CHANNEL = 'desk:call';
export const EVENT_CHANNEL = 'desk:event';

/**
 * The IPC transport: one channel carries every contract call to the same dispatcher the
 * WebSocket host uses. Each webContents is one Connection; a sender that is not our own
 * top-level page is refused before anything is parsed.
 */
export function registerIpc(ws: Workstation): { attach(contents: WebContents, citizenCounterId?: string): void } {
  const connections = new Map<number, Connection>();

  ipcMain.handle(CALL_CHANNEL, async (event, name: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame)) {
      ws.audit.refusal({ action: 'ipc.sender', source: (event.senderFrame?.origin ?? 'unknown').slice(0, 200), details: { url: event.senderFrame?.url ?? null } });
      return { ok: false, error: { code: 'FORBIDDEN', message: '来源不受信任。' } };
    }
    const conn = connections.get(event.sender.id);
    if (!conn) return { ok: false, error: { code: 'FORBIDDEN', message: '窗口未注册。' } };
    return dispatch(ws, conn, String(name), input);
  });

  return {
    attach(contents, citizenCounterId) {
      const conn: Connection = { id: randomUUID(), transport: 'ipc', session: null, citizenCounterId: citizenCounterId ?? null };
      connections.set(contents.id, conn);
      const off = ws.bus.subscribe((d) => {
        if (!contents.isDestroyed() && shouldDeliver(d, conn)) contents.send(EVENT_CHANNEL, d.name, d.payload);
      });
      contents.once('destroyed', () => {
        off();
        connections.delete(contents.id);
      });
    },
  };
}
