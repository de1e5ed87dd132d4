import type { Connection } from '../context';
import type { QueueDomain } from '../domains/queue';
import { connectedHub } from './connected-hub';
import type { HandlerMap } from './types';

/** 设置 → 大厅设备: forwarded to the hub with the signed-in supervisor's assertion (the hub decides). */
export interface HallDevicesContext {
  conn: Connection;
  queue: QueueDomain;
}

const hubOf = (ctx: HallDevicesContext) => connectedHub(ctx.queue, {
  notConfigured: '本机未连接大厅服务；设备登记由大厅服务管理。',
  unreachable: '大厅服务未连接，暂时无法管理设备；恢复连接后重试。',
});

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
