/**
 * The administrator's supervisor commands (`npm run hub -- staff-add|staff-list|staff-disable`),
 * run beside a running hub on the same data directory like the device commands. The hub checks a
 * supervisor's password itself before any supervisor action (trust/staff.ts), so it must know them:
 * `staff-add <工号> --name 姓名` reads the password from standard input (never from the command line,
 * which every `ps` shows) and keeps only its scrypt hash.
 */
import { DeskError } from '../../../common/errors';
import type { KeyRing } from '../../db/keys/keyring';
import { openCliTrust } from './cli-open';
import { HubStaff } from './staff';

export const STAFF_COMMANDS = ['staff-add', 'staff-list', 'staff-disable'] as const;
export type StaffCommand = (typeof STAFF_COMMANDS)[number];

export async function runStaffCommand(cmd: StaffCommand, dataDir: string, keys: KeyRing | null, a: { staffNo?: string; name?: string; db?: string }, readPassword: () => Promise<string>): Promise<string> {
  const trust = await openCliTrust(dataDir, keys, a.db);
  try {
    const staff = new HubStaff(trust.store);
    if (cmd === 'staff-list') {
      const list = await staff.list();
      return list.length === 0 ? '大厅服务尚未登记任何值班主任。' : list.map((s) => `${s.staffNo.padEnd(10)}  ${s.name}  ${s.active ? '有效' : '已停用'}`).join('\n');
    }
    if (!a.staffNo) throw new DeskError('BAD_ARGUMENT', `用法：npm run hub -- ${cmd} <工号>${cmd === 'staff-add' ? ' --name 姓名（密码从标准输入读取）' : ''}`);
    if (cmd === 'staff-disable') {
      await staff.disable(a.staffNo);
      return `已停用值班主任 ${a.staffNo}：其现有核验即刻失效。`;
    }
    const name = a.name?.trim();
    if (!name) throw new DeskError('BAD_ARGUMENT', 'staff-add 需要 --name 姓名。');
    await staff.registerPassword(a.staffNo, name, (await readPassword()).replace(/\r?\n$/, ''));
    return `已在大厅服务登记值班主任 ${a.staffNo}（${name}）。请使用与其工作站账号相同的密码，工作站改密码后须在此重新登记。`;
  } finally {
    await trust.close();
  }
}

/** The first line of standard input (a password piped or typed; nothing echoes it to the command line). */
export function readFirstLine(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer | string) => {
      buf += String(d);
      const i = buf.indexOf('\n');
      if (i >= 0) done(buf.slice(0, i));
    };
    const done = (line: string) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      (stream as NodeJS.ReadStream).pause?.();
      resolve(line);
    };
    const onEnd = () => done(buf);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', reject);
  });
}
