import type { CallInput, CallName, CallOutput } from '../../../preload/contract';
import type { z } from 'zod';
import type { Calls } from '../../../preload/contract';
import type { HandlerContext } from '../context';

/** A handler receives the already-validated input (zod output type) and returns the call's output. */
export type Handler<N extends CallName> = (input: z.output<Calls[N]['input']>, ctx: HandlerContext) => CallOutput<N> | Promise<CallOutput<N>>;
export type HandlerMap<K extends CallName = CallName> = { [N in K]: Handler<N> };
export type { CallInput };
