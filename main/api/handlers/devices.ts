import type { HandlerMap } from './types';

/** Handlers for the calls in preload/contract/devices.ts. */
export const devicesHandlers: HandlerMap<never> = {};
