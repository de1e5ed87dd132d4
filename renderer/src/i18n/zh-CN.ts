import { assistMessages } from './assist';
import { calendarMessages } from './calendar';
import { reportsMessages } from './reports';
import { ratingMessages } from './rating';
import { hubMessages } from './hub';
import { kioskEnrolMessages } from './kiosk-enrol';
import { hallDevicesMessages } from './hall-devices';
import { syncMessages } from './sync';
import { devicesMessages } from './devices';
import { forecastMessages } from './forecast';
import { intakeMessages } from './intake';
import { queueMessages } from './queue';
import { sessionMessages } from './session';

/** Every string the UI shows. One locale today; keys are English, grouped by screen. */
export const zhCN = {
  'app.title': '综合窗口工作台',
  'app.demoBadge': '演示环境',
  'app.noToken': '请使用启动时打印的一次性地址打开工作台（在运行工作台的终端按回车键可获取新地址）。',
  'app.connecting': '正在连接工作台服务…',

  'login.heading': '工作人员登录',
  'login.staffNo': '工号',
  'login.password': '密码',
  'login.counter': '窗口',
  'login.noCounter': '不在窗口（值班长 / 帮办 / 管理）',
  'login.submit': '登录',
  'login.submitting': '正在登录…',
  'login.hint': '按 Enter 登录；Tab 切换输入框。',
  'login.needStaffNo': '请输入工号。',
  'login.needPassword': '请输入密码。',

  'nav.label': '主导航',
  'nav.queue': '叫号',
  'nav.intake': '受理',
  'nav.assist': '帮办',
  'nav.monitor': '大厅监控',
  'nav.settings': '设置',
  'nav.logout': '退出登录',
  'nav.shortcut': 'Alt+{n}',

  'role.clerk': '窗口工作人员',
  'role.assistant': '帮办员',
  'role.supervisor': '值班长',
  'role.admin': '系统管理员',

  'status.label': '状态栏',
  'status.hub': '大厅服务',
  'status.hubOk': '已连接',
  'status.hubDown': '未连接',
  'status.hubEmbedded': '本机托管',
  'status.hubNone': '未配置',
  'status.devices': '设备',
  'status.devicesNone': '无',
  'status.simulated': '模拟',
  'status.kind.idcard': '读卡器',
  'status.kind.barcode': '扫码枪',
  'status.kind.scanner': '扫描仪',
  'status.kind.printer': '打印机',
  'status.sync': '待同步',
  'status.staff': '当前人员',
  'status.counter': '窗口',
  'status.noCounter': '未选窗口',
  'status.host': '工作台服务',
  'status.hostDown': '连接中断，正在重连…',

  'citizen.welcome': '欢迎办事',
  'citizen.welcomeSub': '请在叫号后到本窗口办理，工作人员将竭诚为您服务',
  'citizen.counter': '{n} 号窗口',
  'citizen.called': '请 {ticket} 号到 {n} 号窗口办理',
  'citizen.clerk': '工作人员：{name}',
  'citizen.serving': '{ticket} 号，正在为您办理',
  'citizen.servingClerk': '为您服务的是：{name}（工号 {no}）',
  'citizen.finished': '办理完毕，感谢您的耐心',
  'citizen.finishedSub': '请带好您的证件和材料。欢迎对本次服务提出意见和建议。',
  'citizen.detached': '群众屏未绑定窗口。请从工作人员界面打开。',
  'citizen.checklist': '{item} — 材料清单',

  'queue.heading': '叫号',
  'queue.currentCounter': '当前窗口：{name}',
  'queue.noCounter': '登录时未选择窗口。叫号需要在窗口登录。',
  'queue.openCitizen': '打开群众屏',
  'queue.citizenWelcome': '群众屏显示欢迎',

  'monitor.heading': '大厅监控',
  'settings.heading': '设置',
  'settings.audit': '审计日志',
  'settings.auditVerify': '校验审计日志完整性',
  'settings.auditOk': '审计日志完整：共 {n} 条，签名链未被篡改。',
  'settings.auditBroken': '审计日志在第 {n} 条处被改动或缺失（{reason}）。',
  'settings.auditTruncated': '审计日志被截断：第 {n} 条及以后的记录已缺失（{reason}）。',
  'settings.auditRehashed': '审计日志被整体重算：第 {n} 条与大厅服务留存的锚点不一致，日志已被改写。',
  'settings.auditAnchorHub': '已对照大厅服务保存的锚点（第 {seq} 条，{at}）。',
  'settings.auditAnchorLocal': '大厅服务无法连接：已对照本机记录的最近一次锚点（第 {seq} 条，{at}）。',
  'settings.auditNoAnchor': '大厅服务尚无本机的锚点，仅校验了签名链。',
  'settings.auditNoHub': '未连接大厅服务且本机没有锚点记录，仅校验了签名链。',
  'settings.auditCount': '（合并：同一来源一分钟内另 {n} 次）',
  'settings.auditReason.missing-row': '记录缺失',
  'settings.auditReason.chain-broken': '前后记录接不上',
  'settings.auditReason.row-altered': '记录内容被改动',
  'settings.auditReason.key-mismatch': '签名密钥与日志不符，密钥文件可能被替换',
  'settings.auditReason.unkeyed-row': '出现未签名的记录',
  'settings.auditReason.no-keyed-row': '全部记录已被删除',
  'settings.auditReason.behind-counter': '最新的记录被删除',
  'settings.auditReason.behind-anchor': '落后于大厅服务保存的锚点',
  'settings.auditReason.anchor-mac': '与大厅服务保存的锚点不符',
  'settings.staff': '工作人员',
  'settings.unlock': '解锁',
  'settings.locked': '已锁定',
  'settings.active': '正常',
  'settings.hub': '大厅服务地址',
  'settings.save': '保存',
  'settings.saved': '已保存',
  'settings.col.time': '时间',
  'settings.col.action': '操作',
  'settings.col.actor': '人员',
  'settings.col.outcome': '结果',
  'settings.col.staffNo': '工号',
  'settings.col.name': '姓名',
  'settings.col.role': '角色',
  'settings.col.state': '状态',
  'settings.col.assistCapacity': '帮办身份',
  'settings.capacityOf': '{name}的帮办身份',
  'settings.capacitySaved': '已将{name}的帮办身份设为{capacity}。',
  'outcome.ok': '成功',
  'outcome.refused': '拒绝',
  'outcome.failed': '失败',


  'placeholder.pending': '{name}功能将在后续版本接入，当前仅显示状态。',

  'settings.noActor': '—（未登录）',
  'action.unknown': '其他操作（{code}）',
  ...queueMessages,
  ...intakeMessages,
  ...devicesMessages,
  ...calendarMessages,
  ...reportsMessages,
  ...assistMessages,
  ...hubMessages,
  ...kioskEnrolMessages,
  ...hallDevicesMessages,
  ...sessionMessages,
  ...ratingMessages,
  ...syncMessages,
  ...forecastMessages,
} as const;

export type MessageKey = keyof typeof zhCN;
