import type { CallInput, CallName, CallOutput } from '../../../preload/contract';
import type { z } from 'zod';
import type { Calls } from '../../../preload/contract';
import type { Connection } from '../context';
import type { Workstation } from '../workstation';

/**
 * A handler receives the already-validated input (zod output type) and its domain's context:
 * the calling connection plus the few services that domain's handlers use — never the whole
 * workstation.
 */
export type Handler<N extends CallName, C extends { conn: Connection }> = (input: z.output<Calls[N]['input']>, ctx: C) => CallOutput<N> | Promise<CallOutput<N>>;
export type HandlerMap<K extends CallName, C extends { conn: Connection }> = { [N in K]: Handler<N, C> };
export type { CallInput };

/** What dispatch runs: the handler with its domain's context already chosen. */
export type BoundHandler = (input: unknown, conn: Connection, ws: Workstation) => unknown;

/**
 * Gives a domain's handlers their context: `select` picks the domain's services from the
 * composition root, and the context (those services plus the connection) is built once per
 * connection and reused for its every call — a call allocates nothing for it.
 */
export function bindHandlers<K extends CallName, S extends object>(map: HandlerMap<K, S & { conn: Connection }>, select: (ws: Workstation) => S): Record<K, BoundHandler> {
  const contexts = new WeakMap<Connection, { ws: Workstation; ctx: S & { conn: Connection } }>();
  const contextOf = (conn: Connection, ws: Workstation): S & { conn: Connection } => {
    let c = contexts.get(conn);
    if (!c || c.ws !== ws) contexts.set(conn, (c = { ws, ctx: { ...select(ws), conn } }));
    return c.ctx;
  };
  const out = {} as Record<K, BoundHandler>;
  for (const name of Object.keys(map) as K[]) {
    const h = map[name] as (input: unknown, ctx: S & { conn: Connection }) => unknown;
    out[name] = (input, conn, ws) => h(input, contextOf(conn, ws));
  }
  return out;
}
