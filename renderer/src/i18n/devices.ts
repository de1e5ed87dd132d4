/** zh-CN strings of the devices screens; merged into the one dictionary by zh-CN.ts. Keys start with 'devices.'. */
export const devicesMessages = {} as const;
