import type { DomainBase } from './base';

/** The devices domain's services as handlers reach them (ws.devices). Built once per workstation. */
export type DevicesDomain = Record<string, never>;

export async function createDevicesDomain(_base: DomainBase): Promise<DevicesDomain> {
  return {};
}
