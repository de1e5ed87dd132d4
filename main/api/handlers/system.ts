import type { HandlerMap } from './types';

export const systemHandlers: HandlerMap<'system.info' | 'system.status'> = {
  'system.info'(_input, ctx) {
    return {
      product: 'WindowDesk 综合窗口工作台',
      version: ctx.ws.opts.version,
      shell: ctx.ws.opts.shell,
      demo: ctx.ws.opts.demo,
      hall: ctx.ws.hall.hall(),
      counters: ctx.ws.hall.counters(),
    };
  },
  'system.status'(_input, ctx) {
    return ctx.ws.status.snapshot();
  },
};
