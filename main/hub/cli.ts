// `npm run hub -- enrol-code --role workstation|kiosk|display [--counters 3,4] [--name "3号窗口"] [--ttl-minutes 30] [--data D]`
// `npm run hub -- devices [--data D]` · `npm run hub -- revoke <device id> [--reason 原因] [--data D]`
// `npm run hub -- staff-add <工号> --name 姓名 [--data D]` (password on stdin) · `staff-list` · `staff-disable <工号>`
// `npm run hub -- catalog-publish|calendar-publish <file.json> [--by 工号] [--data D] [--db …]` · `reference-list` (reference/cli.ts)
// `npm run hub -- [--port 7300] [--data ./hub-data] [--demo] [--host 0.0.0.0] [--allow-host hall-hub.local]
//   [--db sqlite:<data>/hub.sqlite | postgres://user:pass@host:5432/db]
//   [--public-port 7380] [--public-url http://hall-hub.local:7380]
//   [--requests-per-minute 1200] [--issues-per-minute 120] [--push-per-client 16] [--pin-file F] [--backup-dir D] [--backup-keep N]
//   [--contact-retention-days 0] [--city-platform https://…]` (appointment holders' names and phones kept this many days after their day;
//   the city platform gets every changed case and every stored archive package: docs/city-platform.md)
import { DeskError } from '../../common/errors';
import { unlockKeyRing, DEMO_KEY_FILE } from '../db/keys/keystore';
import { pinSource } from '../db/keys/pin';
import { ensurePrivateDir } from '../db/keys/private-files';
import type { HubLimits } from './guard';
import { startHub } from './index';
import { redactUrl } from './store/pg/db';
import { DEVICE_COMMANDS, enrolCode, runDeviceCommand, type DeviceCommand } from './trust/cli-devices';
import { readFirstLine, runStaffCommand, STAFF_COMMANDS, type StaffCommand } from './trust/cli-staff';
import { DEMO_STAFF } from '../core/demo/seed';
import { REFERENCE_COMMANDS, runReferenceCommand, type ReferenceCommand } from './reference/cli';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function all(name: string): string[] {
  return process.argv.flatMap((a, i) => (a === name && process.argv[i + 1] ? [process.argv[i + 1]] : []));
}
function count(name: string): number | undefined {
  const v = arg(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`${name} 应为正整数（收到“${v}”）。\n`);
    process.exit(2);
  }
  return n;
}

const limits: Partial<HubLimits> = {};
const perMinute = count('--requests-per-minute');
const issuesPerMinute = count('--issues-per-minute');
const pushPerClient = count('--push-per-client');
if (perMinute) limits.perMinute = perMinute;
if (issuesPerMinute) limits.issuesPerMinute = issuesPerMinute;
if (pushPerClient) limits.pushPerClient = pushPerClient;
if (all('--allow-host').length) limits.hosts = all('--allow-host');

async function main(): Promise<void> {
  // hub.sqlite, its WAL, the key ring and the backups are for this OS user only (0700/0600).
  process.umask(0o077);
  const port = Number(arg('--port') ?? process.env.HUB_PORT ?? 7300);
  const dataDir = arg('--data') ?? process.env.HUB_DATA ?? './hub-data';
  const demo = process.argv.includes('--demo');
  const keep = Number(arg('--backup-keep') ?? process.env.HUB_BACKUP_KEEP ?? 7);
  if (!Number.isInteger(keep) || keep < 1) throw new DeskError('BAD_ARGUMENT', `--backup-keep 需要正整数，收到 "${arg('--backup-keep')}"。`);
  const retention = arg('--contact-retention-days') ?? process.env.HUB_CONTACT_RETENTION_DAYS;
  const contactRetentionDays = retention === undefined ? undefined : Number(retention);
  if (contactRetentionDays !== undefined && !(Number.isInteger(contactRetentionDays) && contactRetentionDays >= 0 && contactRetentionDays <= 365)) {
    throw new DeskError('BAD_ARGUMENT', `--contact-retention-days 需要 0–365 的整数，收到 "${retention}"。`);
  }
  ensurePrivateDir(dataDir);
  const unlocked = await unlockKeyRing(dataDir, {
    demo,
    pin: pinSource({ pinFile: arg('--pin-file') }),
    onRecoveryKey: (key, file) => process.stdout.write(`${'='.repeat(64)}\n大厅服务恢复密钥（只显示这一次，请抄写后妥善保管）：\n\n    ${key}\n\n忘记 PIN 时：npm run keys -- reset-pin --hub --data ${dataDir}\n密钥文件：${file}\n${'='.repeat(64)}\n`),
  });
  if (unlocked.mode === 'demo') process.stdout.write(`演示模式：大厅数据加密密钥保存在 ${dataDir}/${DEMO_KEY_FILE}（仅本用户可读），不受 PIN 保护，仅供演示。\n`);
  const cmd = process.argv[2] as DeviceCommand;
  if (DEVICE_COMMANDS.includes(cmd)) {
    const ttl = arg('--ttl-minutes');
    const out = await runDeviceCommand(cmd, dataDir, unlocked.ring, {
      role: arg('--role'), counters: arg('--counters'), name: arg('--name'), ttlMinutes: ttl ? Number(ttl) : undefined, id: process.argv[3], reason: arg('--reason'), db: arg('--db') ?? process.env.HUB_DB,
    });
    process.stdout.write(`${out}\n`);
    return;
  }
  const staffCmd = process.argv[2] as StaffCommand;
  if (STAFF_COMMANDS.includes(staffCmd)) {
    if (staffCmd === 'staff-add' && process.stdin.isTTY) process.stdout.write('请输入该值班主任的密码（与其工作站账号相同），回车结束：');
    const out = await runStaffCommand(staffCmd, dataDir, unlocked.ring, { staffNo: process.argv[3], name: arg('--name'), db: arg('--db') ?? process.env.HUB_DB }, () => readFirstLine());
    process.stdout.write(`${out}\n`);
    return;
  }
  const refCmd = process.argv[2] as ReferenceCommand;
  if (REFERENCE_COMMANDS.includes(refCmd)) {
    process.stdout.write(`${await runReferenceCommand(refCmd, dataDir, unlocked.ring, { file: process.argv[3], db: arg('--db') ?? process.env.HUB_DB, by: arg('--by') })}\n`);
    return;
  }
  const db = arg('--db') ?? process.env.HUB_DB;
  // The phones' follow page: its own listener (follow/public.ts), only when asked for.
  const publicPort = arg('--public-port') ?? process.env.HUB_PUBLIC_PORT;
  if (publicPort !== undefined && !/^\d{1,5}$/.test(publicPort)) throw new DeskError('BAD_ARGUMENT', `--public-port 需要端口号，收到 "${publicPort}"。`);
  const publicListener = publicPort !== undefined ? { port: Number(publicPort), url: arg('--public-url') ?? process.env.HUB_PUBLIC_URL } : undefined;
  const cityPlatform = arg('--city-platform') ?? process.env.HUB_CITY_PLATFORM;
  if (cityPlatform !== undefined && !/^https?:\/\/[^\s/]+/.test(cityPlatform)) throw new DeskError('BAD_ARGUMENT', `--city-platform 需要 http(s):// 开头的市级平台地址，收到 "${cityPlatform}"。`);
  const running = await startHub({ port, dataDir, demo, db, host: arg('--host'), limits, keys: unlocked.ring, backup: { dir: arg('--backup-dir') ?? process.env.HUB_BACKUP_DIR, keep }, secure: true, contactRetentionDays, publicListener, cityPlatform });
  const where = running.hub.store.backend === 'postgres'
    ? `队列与办件数据库 PostgreSQL ${redactUrl(db ?? '')}（备份由数据库管理员负责），本机数据目录 ${dataDir}`
    : `数据目录 ${dataDir}，数据已加密，每日自动备份保留 ${keep} 份`;
  process.stdout.write(`大厅服务已启动：${running.url}  （叫号屏 ${running.url}/display，${where}）\n`);
  if (running.publicUrl) process.stdout.write(`群众手机查询排队进度（号票二维码）：${running.publicUrl}/follow/…（只提供此页面）\n`);
  if (running.trust) {
    process.stdout.write(`大厅证书指纹（SHA-256）：${running.trust.ca.fingerprint}\n`);
    if (demo) {
      const counters = running.hub.queue.hall.counters.map((c) => c.number).join(',');
      process.stdout.write(`演示：一台窗口工作站的登记码（窗口 ${counters}）——\n${await enrolCode(running.trust.registry, { role: 'workstation', counters, name: '演示工作站' })}\n`);
      process.stdout.write(`演示：叫号屏登记码（在电视浏览器打开 ${running.url}/display 后输入）——\n${await enrolCode(running.trust.registry, { role: 'display', name: '演示叫号屏' })}\n`);
      // The demo workstation's supervisor, so its supervisor actions verify here too (demo password, README).
      for (const s of DEMO_STAFF.filter((x) => x.role === 'supervisor' || x.role === 'admin')) {
        if (!(await running.trust.staff.list()).some((k) => k.staffNo === s.staffNo)) await running.trust.staff.registerPassword(s.staffNo, s.name, s.password);
      }
    }
  }
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: Error & { code?: string }) => {
  const cmd = process.argv[2] as DeviceCommand & StaffCommand & ReferenceCommand;
  console.error(DEVICE_COMMANDS.includes(cmd) || STAFF_COMMANDS.includes(cmd) || REFERENCE_COMMANDS.includes(cmd) ? `${cmd} 失败：${e.message}` : `无法启动大厅服务：${e.message}`);
  if (e.code) console.error(`(${e.code})`);
  process.exit(1);
});
