import type { HallService } from '../../core/hall/service';
import type { StatusMonitor } from '../../core/status';
import type { SystemInfo } from '../../../preload/contract/system';
import type { Connection } from '../context';
import { freezeAnswer } from '../frozen';
import type { HandlerMap } from './types';

export interface SystemContext {
  conn: Connection;
  app: { version: string; shell: 'electron' | 'browser'; demo: boolean };
  hall: Pick<HallService, 'hall' | 'counters'>;
  status: Pick<StatusMonitor, 'snapshot'>;
}

type Hall = ReturnType<HallService['hall']>;
type Counters = ReturnType<HallService['counters']>;
interface Built { hall: Hall; counters: Counters; version: string; shell: string; demo: boolean; answer: SystemInfo }

// Asked by every page at load and by the citizen screen, and built only from immutable data: the
// hall service's cached hall and counters (frozen, replaced on every write) and the app's options.
// So the answer is built once per hall service and rebuilt when any of them is a different value;
// it is frozen and recorded (frozen.ts), so dispatch validates and serialises it once too.
const built = new WeakMap<object, Built>();

function systemInfo(ctx: SystemContext): SystemInfo {
  const hall = ctx.hall.hall();
  const counters = ctx.hall.counters();
  const { version, shell, demo } = ctx.app;
  const b = built.get(ctx.hall);
  if (b && b.hall === hall && b.counters === counters && b.version === version && b.shell === shell && b.demo === demo) return b.answer;
  const answer = freezeAnswer({ product: 'WindowDesk 综合窗口工作台', version, shell, demo, hall, counters });
  built.set(ctx.hall, { hall, counters, version, shell, demo, answer });
  return answer;
}

export const systemHandlers: HandlerMap<'system.info' | 'system.status', SystemContext> = {
  'system.info'(_input, ctx) {
    return systemInfo(ctx);
  },
  'system.status'(_input, ctx) {
    return ctx.status.snapshot();
  },
};
