// npm run backup  -- [--hub] [--data DIR] [--out DIR] [--pin-file F | --recovery-file F]
// npm run restore -- --from BACKUP_DIR [--hub] [--data DIR] [--pin-file F | --recovery-file F]
// npm run keys    -- reset-pin [--hub] [--data DIR] [--recovery-file F] [--pin-file NEW_PIN_FILE]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DeskError } from '../../common/errors';
import { createBackup, HUB_BACKUP, restoreBackup, verifyBackup, WORKSTATION_BACKUP } from '../db/backup';
import { DEMO_KEY_FILE, KEYRING_FILE, resetPinWithRecoveryKey, unlockKeyRing } from '../db/keys/keystore';
import { pinSource, promptHidden } from '../db/keys/pin';

const { values, positionals } = parseArgs({
  args: process.argv.slice(3),
  options: {
    hub: { type: 'boolean', default: false },
    data: { type: 'string' },
    out: { type: 'string' },
    from: { type: 'string' },
    'pin-file': { type: 'string' },
    'recovery-file': { type: 'string' },
  },
  allowPositionals: true,
});
const command = process.argv[2];

const kind = values.hub ? HUB_BACKUP : WORKSTATION_BACKUP;
const dataDir = path.resolve(values.data ?? (values.hub ? process.env.HUB_DATA ?? './hub-data' : path.join(process.env.HOME ?? '.', '.windowdesk')));
/** An embedded hub (`<workstation data>/hub`) shares the workstation's key ring, one folder up. */
const keyringDir = values.hub && !fs.existsSync(path.join(dataDir, KEYRING_FILE)) && fs.existsSync(path.join(dataDir, '..', KEYRING_FILE)) ? path.dirname(dataDir) : dataDir;

async function recoveryKey(): Promise<string | undefined> {
  if (values['recovery-file']) return fs.readFileSync(values['recovery-file'], 'utf8').trim();
  return undefined;
}

async function unlock(dir: string) {
  const rk = await recoveryKey();
  return (await unlockKeyRing(dir, { demo: false, mustExist: true, pin: pinSource({ pinFile: values['pin-file'] }), recoveryKey: rk })).ring;
}

async function main(): Promise<void> {
  process.umask(0o077);
  if (command === 'backup') {
    const keys = await unlock(keyringDir);
    const outRoot = path.resolve(values.out ?? path.join(dataDir, 'backups'));
    const { dir, manifest } = createBackup({ dataDir, outRoot, kind, keys, keyringDir });
    const demo = manifest.entries.some((e) => e.name === DEMO_KEY_FILE);
    console.log(`备份完成并已校验（还原到临时目录、integrity_check 通过）：${dir}\n共 ${manifest.entries.length} 个文件，${demo ? '数据为密文；这是演示数据，备份中含演示密钥 demo.key，不要当作真实数据的保护' : '均为密文'}。还原：npm run restore -- --from ${dir}${values.hub ? ' --hub' : ''} --data ${dataDir}`);
  } else if (command === 'restore') {
    if (!values.from) throw new DeskError('BAD_ARGUMENT', '请用 --from 指定备份目录。');
    const from = path.resolve(values.from);
    // The backup's own key ring: a backup restores on a new machine with its PIN or recovery key.
    const keys = await unlock(from);
    const { tables } = verifyBackup(from, keys, kind);
    const { movedAside } = restoreBackup({ backupDir: from, dataDir, kind, keys, withKeyring: keyringDir === dataDir });
    console.log(`已从备份恢复（${tables} 张表，校验通过）到 ${dataDir}。${movedAside ? `原有数据已移到 ${movedAside}，确认无误后可删除。` : ''}`);
  } else if (command === 'keys' && positionals[0] === 'reset-pin') {
    const rk = (await recoveryKey()) ?? (process.stdin.isTTY ? await promptHidden({ input: process.stdin, output: process.stderr }, '请输入恢复密钥：') : undefined);
    if (!rk) throw new DeskError('KEY_RECOVERY_REQUIRED', '请在终端输入恢复密钥，或用 --recovery-file 指定。');
    const pin = await pinSource({ pinFile: values['pin-file'] })('new');
    resetPinWithRecoveryKey(keyringDir, rk, pin);
    console.log('操作员 PIN 已重设。下次启动请使用新 PIN。');
  } else {
    console.log('用法：npm run backup -- [--hub] [--data DIR] [--out DIR]\n      npm run restore -- --from 备份目录 [--hub] [--data DIR]\n      npm run keys -- reset-pin [--hub] [--data DIR] [--recovery-file F]');
    process.exit(command ? 2 : 0);
  }
}

main().catch((e: Error & { code?: string }) => {
  console.error(`失败：${e.message}`);
  if (e.code) console.error(`(${e.code})`);
  process.exit(1);
});
