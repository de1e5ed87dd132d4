/**
 * `--db`: which store the hub keeps its queue in. `sqlite:<file>` (default `sqlite:<data>/hub.sqlite`)
 * or `postgres://user:pass@host:port/db` (also `postgresql://`; `?schema=name` works in a schema of
 * its own, created if missing).
 */
import { join } from 'node:path';
import { DeskError } from '../../../common/errors';
import { PgQueueStore } from './pg/queue-store';
import { SqliteQueueStore } from './sqlite';
import type { QueueStore } from './types';

export type DbSpec = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string };

export function parseDbSpec(spec: string | undefined, dataDir: string): DbSpec {
  const defaultFile = dataDir === ':memory:' ? ':memory:' : join(dataDir, 'hub.sqlite');
  if (!spec) return { kind: 'sqlite', file: defaultFile };
  if (spec.startsWith('sqlite:')) return { kind: 'sqlite', file: spec.slice('sqlite:'.length) || defaultFile };
  if (/^postgres(ql)?:\/\//.test(spec)) {
    let url: URL;
    try {
      url = new URL(spec);
    } catch {
      throw new DeskError('BAD_ARGUMENT', `--db 的 PostgreSQL 地址无法解析：${spec.replace(/:[^:@/]*@/, ':***@')}`);
    }
    const schema = url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    return { kind: 'postgres', url: url.toString(), schema };
  }
  throw new DeskError('BAD_ARGUMENT', `--db 应为 sqlite:<文件> 或 postgres://…（收到“${spec.slice(0, 60)}”）。`);
}

/** `identityKey`: the root of the appointment ID match hash (store/identity-key.ts), the same for every process of a hall. */
export async function openQueueStore(spec: DbSpec, key?: Buffer, identityKey?: Buffer): Promise<QueueStore> {
  if (spec.kind === 'postgres') return PgQueueStore.open({ url: spec.url, schema: spec.schema, identityKey });
  return new SqliteQueueStore(spec.file, key, identityKey);
}
