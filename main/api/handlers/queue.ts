import type { HandlerMap } from './types';

/** Handlers for the calls in preload/contract/queue.ts. */
export const queueHandlers: HandlerMap<never> = {};
