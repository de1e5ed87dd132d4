import { DeskError } from '../../../common/errors';
import type { Connection } from '../context';
import type { QueueDomain } from '../domains/queue';
import type { HandlerMap } from './types';

/** 设置 → 大厅设备: forwarded to the hub with the signed-in supervisor's assertion (the hub decides). */
export interface HallDevicesContext {
  conn: Connection;
  queue: QueueDomain;
}

async function hubOf(ctx: HallDevicesContext) {
  const hub = ctx.queue.link.hub;
  if (!hub) throw new DeskError('HUB_NOT_CONFIGURED', '本机未连接大厅服务；设备登记由大厅服务管理。');
  if (!(await ctx.queue.link.ensure())) throw new DeskError('HUB_UNREACHABLE', '大厅服务未连接，暂时无法管理设备；恢复连接后重试。');
  return hub;
}

export const hallDevicesHandlers: HandlerMap<'hallDevices.list' | 'hallDevices.code' | 'hallDevices.revoke', HallDevicesContext> = {
  async 'hallDevices.list'(_input, ctx) {
    return (await hubOf(ctx)).hallDevices();
  },
  async 'hallDevices.code'(input, ctx) {
    return (await hubOf(ctx)).hallDevicesCode(input);
  },
  async 'hallDevices.revoke'({ id, reason }, ctx) {
    return (await hubOf(ctx)).hallDevicesRevoke(id, reason);
  },
};
