import type { Role } from '../../preload/contract/define';
import type { Workstation } from './workstation';

export interface ConnectionSession {
  id: string;
  token: string;
  staff: { id: string; staffNo: string; name: string; role: Role };
  counterId: string | null;
  startedAt: string;
}

/** One renderer attached to main: a WebSocket connection or an Electron webContents. */
export interface Connection {
  readonly id: string;
  readonly transport: 'ws' | 'ipc';
  session: ConnectionSession | null;
  /** Set when this connection is a counter's citizen screen. */
  citizenCounterId: string | null;
}

/** The wide context (the whole workstation) the queue handlers still take; other domains have their own. */
export interface HandlerContext {
  conn: Connection;
  ws: Workstation;
}

/** The session a handler can rely on: handlers whose access is not `public` are only reached with one. */
export function sessionOf(ctx: { conn: Connection }): ConnectionSession {
  if (!ctx.conn.session) throw new Error('handler reached without a session');
  return ctx.conn.session;
}
