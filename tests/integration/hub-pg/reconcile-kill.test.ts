/**
 * The reconcile kill test (hub/security-reconcile.test.ts) on PostgreSQL: a hub process killed with
 * -9 between applying an offline operation and recording it, and again at a random moment, never
 * leaves a ticket without its record nor a record without its ticket; the resent batch completes.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { unlockKeyRing } from '../../../main/db/keys/keystore';
import { HubClient } from '../../../main/hub/client';
import type { OfflineOp } from '../../../main/hub/protocol';
import { PgQueueStore } from '../../../main/hub/store/pg/queue-store';
import { PG_SKIP_REASON, PG_URL, pgSchema, pgSpec } from '../../fixtures/pg';
import { hubProcessCode, redeemAt, tempDir } from '../hub/helpers';
import { json } from '../hub/security-helpers';
import { PIN, startPgHubProcess, stopAll } from './spawn';

describe.skipIf(!PG_URL)(`the reconcile kill test on PostgreSQL${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const children: ChildProcess[] = [];
  afterAll(() => stopAll(children));

  const ops: OfflineOp[] = Array.from({ length: 1000 }, (_, i) => ({ opId: `op-kill-${String(i).padStart(5, '0')}`, type: 'issue', at: Date.now() - 2000 + i, number: `A-3-${String(i + 1).padStart(4, '0')}`, stream: 'A' }));
  const body = { workstationId: 'ws-3', counter: 3, ops };

  it('kill -9 between applying an op and recording it, then at random: tickets and records stay together; the resent batch completes with no number refused', async () => {
    const schema = pgSchema();
    const dataDir = tempDir();
    const keys = (await unlockKeyRing(dataDir, { demo: false, pin: async () => PIN })).ring;
    const store = await PgQueueStore.open({ url: PG_URL, schema });
    const code = await hubProcessCode(dataDir, keys, 'workstation', [3]);
    let credential: Awaited<ReturnType<typeof redeemAt>> | null = null;
    const q = store.db.q;
    const together = async (): Promise<number> => {
      const recorded = await q.all(`SELECT op_id, result FROM offline_ops`);
      const tickets = (await q.all(`SELECT number FROM tickets WHERE series = 'offline'`)).map((t) => t.number as string);
      expect(recorded.every((r) => (JSON.parse(r.result as string) as { outcome: string }).outcome === 'applied')).toBe(true);
      expect(tickets.sort()).toEqual(recorded.map((r) => ops[Number((r.op_id as string).slice(8))].number).sort());
      return recorded.length;
    };
    const killDuring = async (opts: { fault?: string; until?: (n: number) => boolean }) => {
      const { child, url } = await startPgHubProcess(dataDir, pgSpec(schema), { HUB_FAULT: opts.fault ?? '' });
      children.push(child);
      credential ??= await redeemAt(url, code);
      const exited = new Promise((r) => child.once('exit', r));
      const sent = json(url, 'POST', '/offline/reconcile', body, {}, credential).catch(() => null);
      if (opts.until) {
        for (let i = 0; i < 20_000; i++) {
          if (opts.until(((await q.one('SELECT COUNT(*) AS n FROM offline_ops'))!.n as number))) break;
          await new Promise((r) => setTimeout(r, 5));
        }
        child.kill('SIGKILL');
      }
      await exited;
      expect(await sent).toBeNull();
    };
    try {
      await killDuring({ fault: 'kill@offline.applied#300' });
      const killedAt = [await together()];
      expect(killedAt[0]).toBe(299);
      await killDuring({ until: (n) => n >= killedAt[0] + 200 });
      killedAt.push(await together());
      expect(killedAt[1]).toBeLessThan(ops.length);

      const { child, url } = await startPgHubProcess(dataDir, pgSpec(schema));
      children.push(child);
      const r = await json(url, 'POST', '/offline/reconcile', body, {}, credential);
      const results = r.json!.value as { outcome: string }[];
      expect(results.filter((x) => x.outcome === 'rejected')).toEqual([]);
      expect(results.filter((x) => x.outcome === 'replayed')).toHaveLength(killedAt[1]);
      expect(await new HubClient({ url, credential }).tickets()).toHaveLength(ops.length);
    } finally {
      await store.close();
    }
  }, 600_000);
});
