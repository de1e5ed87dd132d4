import type { CallName } from '../../../preload/contract';

/**
 * What the audit viewer calls each action: every contract call (any of them can be refused and so
 * appear in the log — the Record type makes a new call without a label a compile error) plus the
 * few events main records itself.
 */
export const callLabels: Record<CallName, string> = {
  'assist.request': '求助', 'assist.cancel': '撤回求助', 'assist.live': '查看求助', 'assist.accept': '帮办接单', 'assist.arrive': '帮办到窗',
  'assist.close': '帮办办结', 'assist.walkUp': '登记现场帮办', 'assist.ledger': '查看帮办台账', 'assist.export': '导出帮办台账',
  'assist.settings': '查看帮办设置', 'assist.setSettings': '修改帮办设置', 'assist.setCapacity': '设置帮办身份',
  'unresolved.take': '受理办不成事反映', 'unresolved.list': '查看办不成事反映', 'unresolved.advance': '推进办不成事反映', 'unresolved.notice': '打印一次性告知书',
  'session.login': '登录', 'session.resume': '恢复会话', 'session.logout': '退出登录', 'session.current': '查看当前会话',
  'session.lock': '锁屏', 'session.unlock': '解锁屏幕', 'session.activity': '操作活动', 'session.changePassword': '修改密码',
  'system.info': '查看系统信息', 'system.status': '查看运行状态',
  'audit.recent': '查看审计日志', 'audit.verify': '校验审计日志',
  'staff.list': '查看工作人员', 'staff.unlock': '解锁账号',
  'settings.get': '查看设置', 'settings.set': '修改设置', 'hub.enrolment': '查看大厅登记', 'hub.enrol': '登记到大厅服务', 'kiosk.enrolment': '取号机查看登记', 'kiosk.enrol': '取号机登记到大厅服务',
  'citizen.attach': '连接群众屏', 'citizen.openScreen': '打开群众屏', 'citizen.sign': '群众屏签名', 'citizen.show': '群众屏显示',
  'citizen.pairingCode': '获取群众屏配对码', 'citizen.pair': '群众屏配对',
  'queue.state': '查看叫号队列', 'queue.callNext': '叫号', 'queue.callTicket': '指定叫号', 'queue.recall': '重呼', 'queue.noShow': '过号',
  'queue.start': '开始办理', 'queue.finish': '结束办理', 'queue.park': '挂起', 'queue.resume': '恢复挂起号', 'queue.transfer': '转移',
  'queue.setPaused': '暂停/恢复窗口', 'queue.issue': '现场取号', 'queue.checkIn': '预约签到', 'queue.sync': '同步离线记录',
  'queue.supervisor': '查看大厅监控', 'queue.setSkills': '调整窗口业务', 'queue.moveUp': '号码提前',
  'queue.kioskStreams': '取号机查看队列', 'queue.kioskIssue': '取号机取号', 'queue.kioskCheckIn': '取号机预约签到', 'queue.kioskReader': '取号机查看读卡器', 'queue.kioskCard': '取号机读身份证',
  'intake.catalogSearch': '搜索事项', 'intake.companyLookup': '查询企业信息', 'intake.createDraft': '开始收件', 'intake.case': '查看办件', 'intake.serving': '读取当前叫号的预约信息', 'intake.ticketCase': '查看号对应的办件',
  'intake.elicenceLookup': '查询电子证照', 'intake.applyElicences': '调用电子证照', 'intake.setMaterial': '设置材料状态',
  'intake.setApplicable': '设置材料适用', 'intake.requestSignature': '请求群众签名', 'intake.accept': '受理',
  'intake.acceptWithDeficiency': '容缺受理', 'intake.requestCorrection': '一次性告知补正', 'intake.reject': '不予受理',
  'intake.startReview': '开始审查', 'intake.complete': '办结', 'intake.issueResult': '出件', 'intake.notice': '查看通知书',
  'intake.progress': '查询办件进度', 'intake.cases': '查看办件列表', 'intake.due': '查看临期超期办件',
  'calendar.status': '查看节假日安排', 'calendar.import': '导入放假安排',
  'devices.list': '查看设备', 'devices.test': '测试设备', 'devices.diagnostics': '查看设备日志', 'devices.readIdCard': '读身份证',
  'devices.watchIdCard': '自动读身份证', 'devices.simulateCard': '模拟放卡', 'devices.watchBarcode': '监听扫码枪',
  'devices.simulateBarcode': '模拟扫码', 'devices.reconfigure': '更改设备配置', 'devices.scan': '扫描材料',
  'devices.uploadCapture': '上传拍摄材料', 'devices.printers': '查看打印机', 'devices.print': '打印', 'files.read': '读取文件',
  'reports.daily': '查看日动态', 'reports.monthly': '查看月动态', 'reports.export': '导出报表',
  'hallDevices.list': '查看大厅设备', 'hallDevices.code': '生成设备登记码', 'hallDevices.revoke': '撤销大厅设备',
  'rating.submit': '群众屏评价', 'rating.skip': '群众屏暂不评价', 'rating.mine': '查看本人评价统计', 'rating.figures': '查看评价指标',
  'rating.followUps': '查看差评回访整改', 'rating.recordStep': '记录差评回访整改', 'rating.closeFollowUp': '办结差评回访整改', 'rating.appeal': '受理差评申诉复核',
  'sync.list': '查看同步队列', 'sync.resend': '重新发送同步操作', 'sync.withdrawFile': '撤回办件附件', 'sync.pushNow': '立即同步', 'sync.findCase': '查询全厅办件',
  'sync.takeCase': '调取办件到本机', 'sync.restoreOpen': '从大厅服务恢复办件', 'sync.quality': '查看办件质量',
};

export const eventLabels: Record<string, string> = {
  'staff.locked': '账号锁定',
  'demo.passwordsRenewed': '演示历史：演示账号密码日期更新为今天',
  'audit.started': '审计日志启用密钥签名',
  'audit.rekeyed': '审计日志改用密钥签名',
  'session.takeover': '接管窗口',
  'host.connection': '拒绝外部连接',
  'ipc.sender': '拒绝不受信任的窗口',
  'devices.idcardRead': '读取身份证',
  'archive.packaged': '生成归档信息包',
  'archive.received': '大厅服务接收归档',
  'archive.refused': '归档被拒收',
  'archive.purged': '归档后清除个人信息',
};
