import type { HandlerMap } from './types';
import { adminHandlers } from './admin';
import { calendarHandlers } from './calendar';
import { citizenHandlers } from './citizen';
import { devicesHandlers } from './devices';
import { intakeHandlers } from './intake';
import { queueHandlers } from './queue';
import { sessionHandlers } from './session';
import { systemHandlers } from './system';

/** One handler per call in the contract; the type makes a missing handler a compile error. */
export const handlers: HandlerMap = {
  ...sessionHandlers,
  ...systemHandlers,
  ...adminHandlers,
  ...citizenHandlers,
  ...queueHandlers,
  ...intakeHandlers,
  ...calendarHandlers,
  ...devicesHandlers,
};
