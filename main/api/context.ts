import type { Role } from '../../preload/contract/define';

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
  /**
   * Set when this connection is a counter's citizen screen: by the Electron shell for the window it
   * created, or by `citizen.pair` / `citizen.attach` with a binding from a pairing code (browser shell).
   */
  citizenCounterId: string | null;
}

/** The session a handler can rely on: handlers whose access is not `public` are only reached with one. */
export function sessionOf(ctx: { conn: Connection }): ConnectionSession {
  if (!ctx.conn.session) throw new Error('handler reached without a session');
  return ctx.conn.session;
}
