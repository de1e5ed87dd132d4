/** zh-CN strings of the kiosk enrolling itself from its own screen; merged by zh-CN.ts. */
export const kioskEnrolMessages = {
  'kiosk.enrol.heading': '本取号机尚未登记到大厅服务',
  'kiosk.enrol.hint': '登记后才能取号和签到。请向大厅服务管理员索取取号机登记码（工作站 设置 → 大厅设备登记，或 npm run hub -- enrol-code --role kiosk），在此输入。',
  'kiosk.enrol.address': '大厅服务地址',
  'kiosk.enrol.code': '取号机登记码',
  'kiosk.enrol.submit': '登记本取号机',
  'kiosk.enrol.busy': '正在登记…',
  'kiosk.enrol.done': '登记成功，本取号机已连接大厅服务。',
} as const;
