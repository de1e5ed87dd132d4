/** zh-CN strings of the holiday calendar (暂定 deadlines, the import panel); merged by zh-CN.ts. */
export const calendarMessages = {
  'calendar.provisional': '暂定',
  'calendar.heading': '节假日安排',
  'calendar.covered': '已导入：{years} 年',
  'calendar.source': '来源：{s}',
  'calendar.import': '导入放假安排…',
  'calendar.importHint': '选择大厅服务导出的节假日安排文件；导入后自动重算跨入该年的未办结时限。',
  'calendar.imported': '已导入 {years} 年放假安排：核对 {checked} 件未办结办件，{changed} 件时限已重算。',
  'calendar.importedNone': '放假安排已更新，没有新增年份。',
} as const;
