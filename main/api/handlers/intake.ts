import type { HandlerMap } from './types';

/** Handlers for the calls in preload/contract/intake.ts. */
export const intakeHandlers: HandlerMap<never> = {};
