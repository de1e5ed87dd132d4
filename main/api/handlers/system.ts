import type { HallService } from '../../core/hall/service';
import type { StatusMonitor } from '../../core/status';
import type { Connection } from '../context';
import type { HandlerMap } from './types';

export interface SystemContext {
  conn: Connection;
  app: { version: string; shell: 'electron' | 'browser'; demo: boolean };
  hall: Pick<HallService, 'hall' | 'counters'>;
  status: Pick<StatusMonitor, 'snapshot'>;
}

export const systemHandlers: HandlerMap<'system.info' | 'system.status', SystemContext> = {
  'system.info'(_input, ctx) {
    return {
      product: 'WindowDesk 综合窗口工作台',
      version: ctx.app.version,
      shell: ctx.app.shell,
      demo: ctx.app.demo,
      hall: ctx.hall.hall(),
      counters: ctx.hall.counters(),
    };
  },
  'system.status'(_input, ctx) {
    return ctx.status.snapshot();
  },
};
