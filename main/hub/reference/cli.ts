/**
 * The administrator's reference-data commands, run beside a running hub on the same data
 * directory (and, for a PostgreSQL hub, the same `--db`), like the device and staff commands:
 *   npm run hub -- catalog-publish <file.json> [--by 工号] [--data D] [--db …]
 *   npm run hub -- calendar-publish <file.json> [--by 工号] [--data D] [--db …]
 *   npm run hub -- reference-list [--data D] [--db …]
 * A publication goes to the hall's database (every hub process answers it at once) and the hub's
 * audit log; the workstations take it at their next pull (within a minute while online).
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { DeskError } from '../../../common/errors';
import type { KeyRing } from '../../db/keys/keyring';
import { createHubAudit } from '../audit';
import { defaultAuditKey, openNodeDatabase, referenceOf } from '../index';
import { hubIdentityKey } from '../store/identity-key';
import { openQueueStore, parseDbSpec } from '../store/open';
import { SqliteQueueStore } from '../store/sqlite';

export const REFERENCE_COMMANDS = ['catalog-publish', 'calendar-publish', 'reference-list'] as const;
export type ReferenceCommand = (typeof REFERENCE_COMMANDS)[number];

const KIND_NAMES = { catalog: '事项目录', calendar: '节假日日历' } as const;
const time = (ms: number) => new Date(ms).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

function readJson(file: string | undefined, cmd: ReferenceCommand): unknown {
  if (!file) throw new DeskError('BAD_ARGUMENT', `用法：npm run hub -- ${cmd} <文件.json> [--by 工号]`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DeskError('BAD_ARGUMENT', `无法读取文件 ${file}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}），未发布。`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new DeskError('BAD_ARGUMENT', `文件 ${file} 不是有效的 JSON，未发布；大厅现有数据未改变。`);
  }
}

export async function runReferenceCommand(cmd: ReferenceCommand, dataDir: string, keys: KeyRing | null, a: { file?: string; db?: string; by?: string }): Promise<string> {
  // Read and parse the file before opening anything: a bad file changes nothing, not even the audit.
  const json = cmd === 'reference-list' ? null : readJson(a.file, cmd);
  const identityKey = hubIdentityKey(dataDir, keys);
  const store = await openQueueStore(parseDbSpec(a.db, dataDir), keys?.databaseKey('hub'), identityKey);
  const nodeDb = store instanceof SqliteQueueStore ? null : openNodeDatabase(dataDir, keys?.databaseKey('hub'), identityKey);
  const audit = createHubAudit(store instanceof SqliteQueueStore ? store.db : nodeDb!, defaultAuditKey(dataDir, keys), Date.now);
  try {
    const reference = referenceOf(store, audit, Date.now);
    if (!reference) throw new DeskError('INTERNAL', '该大厅数据库不支持事项目录发布。');
    await reference.seed();
    if (cmd === 'reference-list') {
      const list = await reference.list();
      return list.map((p) => `${String(p.seq).padStart(4)}  ${KIND_NAMES[p.kind]}  ${p.version}  ${time(p.publishedAt)}  ${p.publishedBy}`).join('\n');
    }
    const by = a.by?.trim() || `cli:${userInfo().username}`;
    const p = cmd === 'catalog-publish' ? await reference.publishCatalog(json, by) : await reference.publishCalendar(json, by);
    const what = `${KIND_NAMES[p.kind]}${p.kind === 'catalog' ? `版本 ${p.version}` : ''}`;
    return p.unchanged
      ? `${what}与已发布的内容相同（序号 ${p.seq}），未作改动。`
      : `已发布${what}（序号 ${p.seq}）；各窗口工作站联网时一分钟内取得，此前按旧版本起草的办件不受影响。`;
  } finally {
    audit.close();
    nodeDb?.close();
    await store.close();
  }
}
