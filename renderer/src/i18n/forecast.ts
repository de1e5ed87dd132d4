/** Wait forecasts (issue 13): the kiosk's estimate and the supervisor's next-hour forecast; merged by zh-CN.ts. */
export const forecastMessages = {
  'forecast.kiosk.eta': '预计等候约 {n} 分钟',
  'queue.monitor.alert.idle-queue': '{counter}：空闲，但 {ticket} 等可办理的号已等 {m} 分钟，请确认窗口是否有人或是否需要暂停。',
  'forecast.heading': '未来一小时预测',
  'forecast.summary': '开放窗口 {open} 个 · 平均办理 {mean} 分钟',
  'forecast.col.stream': '队列',
  'forecast.col.expected': '预计新增',
  'forecast.col.mean': '平均等候',
  'forecast.col.max': '最长等候',
  'forecast.col.bound': '上限',
  'forecast.minutes': '{m} 分钟',
  'forecast.none': '—',
  'forecast.ok': '按当前窗口，未来一小时各队列均不超限。',
  'forecast.warn.appointment-breach': '{stream}：预计 {in} 分钟后预约等候将超过 {bound} 分钟承诺（最长约 {m} 分钟）。',
  'forecast.warn.walkin-bound': '{stream}：预计 {in} 分钟后现场等候将超过 {bound} 分钟（最长约 {m} 分钟）。',
  'forecast.advice': '建议 10 分钟内增开 {n} 个综合窗口',
  'forecast.adviceMore': '增开 3 个综合窗口仍不足，请启动应急预案（分流、延时服务）',
} as const;
