import type { HandlerMap } from './types';
import { adminHandlers } from './admin';
import { citizenHandlers } from './citizen';
import { sessionHandlers } from './session';
import { systemHandlers } from './system';

/** One handler per call in the contract; the type makes a missing handler a compile error. */
export const handlers: HandlerMap = {
  ...sessionHandlers,
  ...systemHandlers,
  ...adminHandlers,
  ...citizenHandlers,
};
