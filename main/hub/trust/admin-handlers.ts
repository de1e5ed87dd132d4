/**
 * The hub's device administration routes (routes.ts `hallDevices*`): the list, a one-time code,
 * a revocation — the same registry the `npm run hub -- enrol-code|devices|revoke` commands use,
 * reached from a workstation by a supervisor or administrator the hub verified itself.
 */
import { DeskError } from '../../../common/errors';
import type { HallDevice } from '../../../common/hall-devices';
import type { RouteHandlers } from '../routes';
import type { DeviceRecord, DeviceRegistry } from './registry';
import { ROLE_NAMES } from './registry';

type AdminRoutes = 'hallDevices' | 'hallDevicesCode' | 'hallDevicesRevoke';

const view = (d: DeviceRecord): HallDevice => ({
  id: d.id, role: d.role, counters: d.counters, name: d.name, credential: d.credential,
  enrolledAt: d.enrolledAt, notAfter: d.notAfter, lastSeen: d.lastSeen, revokedAt: d.revokedAt, revokedReason: d.revokedReason,
});

export function deviceAdminHandlers(registry: DeviceRegistry | null): Pick<RouteHandlers, AdminRoutes> {
  const need = (): DeviceRegistry => {
    if (!registry) throw new DeskError('NOT_FOUND', '该大厅服务未启用设备认证，没有设备登记。');
    return registry;
  };
  return {
    hallDevices: async () => (await need().list()).map(view),
    hallDevicesCode: async ({ body }) => {
      const counters = [...new Set(body.counters)].sort((a, b) => a - b);
      const name = body.name || `${ROLE_NAMES[body.role]}${counters.length ? ` ${counters.join('、')}号窗口` : ''}`;
      const c = await need().createCode({ role: body.role, counters, name, ttlMinutes: body.ttlMinutes });
      return { ...c, name };
    },
    hallDevicesRevoke: async ({ params, body }, ctx) => {
      // The workstation asking would lock itself out of the hub mid-action: another machine revokes it.
      if (ctx.device?.id === params.id) throw new DeskError('INVALID_INPUT', '不能撤销正在使用的本机；请在另一台已登记的工作站上撤销，或用 npm run hub -- revoke。');
      return view(await need().revoke(params.id, body.reason));
    },
  };
}
