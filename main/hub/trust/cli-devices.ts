/**
 * The administrator's device commands (`npm run hub -- enrol-code|devices|revoke`), run beside a
 * running hub on the same data directory: they open its database (WAL: the hub keeps serving) and
 * its CA, so a code made here is redeemed by the running hub, and a revocation takes effect on the
 * device's next request.
 */
import { DeskError } from '../../../common/errors';
import { DEVICE_ROLES, type DeviceRole } from '../../core/trust/claims';
import type { KeyRing } from '../../db/keys/keyring';
import { openCliTrust } from './cli-open';
import { DeviceRegistry, type DeviceRecord } from './registry';

const ROLE_NAMES: Record<DeviceRole, string> = { workstation: '窗口工作站', kiosk: '取号机', display: '大厅叫号屏' };
const time = (ms: number) => new Date(ms).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export const DEVICE_COMMANDS = ['enrol-code', 'devices', 'revoke'] as const;
export type DeviceCommand = (typeof DEVICE_COMMANDS)[number];

export interface DeviceCommandArgs {
  role?: string;
  counters?: string;
  name?: string;
  ttlMinutes?: number;
  id?: string;
  reason?: string;
  /** The hub's `--db` (PostgreSQL: the hall's shared registry and CA). */
  db?: string;
}

/** Runs one command and returns what to print. */
export async function runDeviceCommand(cmd: DeviceCommand, dataDir: string, keys: KeyRing | null, a: DeviceCommandArgs): Promise<string> {
  const trust = await openCliTrust(dataDir, keys, a.db);
  try {
    const registry = new DeviceRegistry(trust.store, await trust.ca());
    if (cmd === 'enrol-code') return await enrolCode(registry, a);
    if (cmd === 'devices') return listDevices(await registry.list());
    if (!a.id) throw new DeskError('BAD_ARGUMENT', '用法：npm run hub -- revoke <设备编号> [--reason 原因]');
    const d = await registry.revoke(a.id, a.reason ?? '管理员撤销');
    return `已撤销 ${d.id}（${d.name}），该设备的下一次请求即被拒绝。`;
  } finally {
    await trust.close();
  }
}

export async function enrolCode(registry: DeviceRegistry, a: DeviceCommandArgs): Promise<string> {
  const role = a.role as DeviceRole;
  if (!DEVICE_ROLES.includes(role)) throw new DeskError('BAD_ARGUMENT', `--role 应为 ${DEVICE_ROLES.join('、')} 之一（收到“${a.role ?? ''}”）。`);
  const counters = (a.counters ?? '').split(/[,，]/).filter(Boolean).map((s) => {
    if (!/^[1-9]\d{0,3}$/.test(s.trim())) throw new DeskError('BAD_ARGUMENT', `--counters 应为窗口号列表，如 3,4（收到“${a.counters}”）。`);
    return Number(s);
  });
  const name = a.name?.trim() || `${ROLE_NAMES[role]}${counters.length ? ` ${counters.join('、')}号窗口` : ''}`;
  const c = await registry.createCode({ role, counters, name: name.slice(0, 60), ttlMinutes: a.ttlMinutes });
  return [
    `登记码（一次有效）：${c.code}`,
    `设备：${name}（${ROLE_NAMES[role]}${counters.length ? `，窗口 ${counters.join('、')}` : ''}）`,
    `有效期至：${time(c.expiresAt)}`,
    `大厅证书指纹（SHA-256）：${c.caFingerprint}`,
  ].join('\n');
}

function listDevices(list: DeviceRecord[]): string {
  if (list.length === 0) return '尚未登记任何设备。';
  return list.map((d) => [
    d.id.padEnd(22),
    ROLE_NAMES[d.role].padEnd(6),
    (d.counters.length ? `窗口 ${d.counters.join('、')}` : '—').padEnd(12),
    d.name + (d.credential === 'cookie' ? '（浏览器凭据）' : ''),
    `登记于 ${time(d.enrolledAt)}`,
    d.revokedAt ? `已撤销（${time(d.revokedAt)}，${d.revokedReason ?? ''}）` : `有效至 ${time(d.notAfter)}`,
  ].join('  ')).join('\n');
}
