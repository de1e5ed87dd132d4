/**
 * Issue 9, offline reconciliation: each operation is applied and recorded in one transaction
 * (a hub killed with -9 mid-batch never leaves a ticket without its record, nor a record without
 * its ticket), answered on its own (a bad operation never fails the batch), and the workstation
 * sets refused operations aside in its dead-letter list and moves on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskError } from '../../../common/errors';
import type { HubPort } from '../../../main/core/queue/hub-port';
import { HubLink } from '../../../main/core/queue/link';
import { OfflineStore } from '../../../main/core/queue/offline-store';
import { openDatabase, openRaw } from '../../../main/db/connection';
import type { KeyRing } from '../../../main/db/keys/keyring';
import { unlockKeyRing } from '../../../main/db/keys/keystore';
import { workstationMigrations } from '../../../main/db/migrations';
import { HubClient } from '../../../main/hub/client';
import type { RunningHub } from '../../../main/hub/index';
import type { OfflineOp } from '../../../main/hub/protocol';
import { fakeClock, hubProcessCode, redeemAt, startTestHub, tempDir } from './helpers';
import type { DeviceCredential } from '../../../main/core/trust/device';
import { json } from './security-helpers';

const MIN = 60_000;

describe('reconciliation answers each operation on its own', () => {
  const clock = fakeClock();
  let hub: RunningHub;
  afterEach(() => hub.close());

  it('a bad operation in the middle is rejected with a code and a Chinese reason; the ones after it are applied', async () => {
    let c: HubClient;
    ({ hub, client: c } = await startTestHub({ now: clock.now, demo: true }));
    const t0 = clock.now() - 20 * MIN;
    const ops: OfflineOp[] = [
      { opId: 'op-mid-0001', type: 'issue', at: t0, number: 'A-3-001', stream: 'A' },
      { opId: 'op-mid-0002', type: 'issue', at: t0 + MIN, number: 'Q-3-001', stream: 'Q' }, // no such stream at the hub
      { opId: 'op-mid-0003', type: 'issue', at: t0 - 24 * 60 * MIN, number: 'A-3-002', stream: 'A' }, // yesterday
      { opId: 'op-mid-0004', type: 'call', at: t0 + 2 * MIN, number: 'A-3-001' },
      { opId: 'op-mid-0005', type: 'finish', at: t0 + 5 * MIN, number: 'A-3-001' },
    ];
    const res = await c.reconcile({ workstationId: 'ws-3', counter: 3, ops });
    expect(res.map((r) => r.outcome)).toEqual(['applied', 'rejected', 'rejected', 'applied', 'applied']);
    expect(res[1].error).toMatchObject({ code: 'UNKNOWN_STREAM' });
    expect(res[2].error).toMatchObject({ code: 'OFFLINE_OUT_OF_WINDOW' });
    for (const r of res.filter((x) => x.error)) expect(r.error!.message).toMatch(/[\u4e00-\u9fa5]/);
    const tickets = await c.tickets();
    expect(tickets.map((t) => [t.number, t.status])).toEqual([['A-3-001', 'finished']]);
    // The refusal was recorded with it: the same batch again replays every answer, applies nothing twice.
    const again = await c.reconcile({ workstationId: 'ws-3', counter: 3, ops });
    expect(again.map((r) => r.outcome)).toEqual(Array(5).fill('replayed'));
    expect(again[1].error).toMatchObject({ code: 'UNKNOWN_STREAM' });
    expect(await c.tickets()).toHaveLength(1);
  });

  it('the workstation sets refused operations aside with their reason, and an operation the hub keeps failing on after three tries; the outbox never jams', async () => {
    let c: HubClient;
    ({ hub, client: c } = await startTestHub({ now: clock.now, demo: true }));
    const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations, label: '测试工作站数据库' });
    const store = new OfflineStore(db);
    const now = clock.now() - 30 * MIN;
    const a1 = store.issue({ counter: 3, stream: 'A', prefix: 'A', kind: 'walkin', itemCode: null, now });
    store.issue({ counter: 3, stream: 'Q', prefix: 'Q', kind: 'walkin', itemCode: null, now: now + MIN }); // the hub has no stream Q
    const poison = store.issue({ counter: 3, stream: 'A', prefix: 'A', kind: 'walkin', itemCode: null, now: now + 2 * MIN });
    store.step(3, a1.number, 'call', now + 3 * MIN);
    const poisonOp = store.pending().find((r) => r.number === poison.number && r.type === 'issue')!.opId;
    // The hub faults (500) on any batch holding the poison op: a fault, not a refusal.
    const faulty: HubPort = new Proxy(c, {
      get(target, prop, recv) {
        if (prop === 'reconcile') {
          return async (req: Parameters<HubPort['reconcile']>[0]) => {
            if (req.ops.some((o) => o.opId === poisonOp)) throw new DeskError('INTERNAL', '大厅服务内部错误，请稍后重试；若持续出现请联系管理员。', { httpStatus: 500 });
            return target.reconcile(req);
          };
        }
        return Reflect.get(target, prop, recv) as unknown;
      },
    });
    const link = new HubLink(faulty, store, hub.url);
    await expect(link.upload(faulty)).rejects.toMatchObject({ code: 'INTERNAL' });
    // Sent op by op: everything before the poison is up; the refused Q op is already set aside.
    expect(store.deadLetters().map((d) => d.code)).toEqual(['UNKNOWN_STREAM']);
    await expect(link.upload(faulty)).rejects.toMatchObject({ code: 'INTERNAL' });
    const third = await link.upload(faulty);
    expect(third).toEqual({ uploaded: 1, rejected: 1 });
    expect(store.backlog()).toBe(0);
    const dead = store.deadLetters();
    expect(dead.map((d) => [d.number, d.code])).toEqual([['Q-3-001', 'UNKNOWN_STREAM'], [poison.number, 'INTERNAL']]);
    expect(dead[0].message).toMatch(/没有“Q”队列/);
    expect(dead[1].message).toMatch(/已尝试 3 次/);
    expect((await c.tickets()).map((t) => [t.number, t.status])).toEqual([[a1.number, 'called']]);
    db.close();
  });
});

/** The hub's data is encrypted under an operator PIN, which a service gives through the environment. */
const PIN = '271828';
const rings = new Map<string, KeyRing>();
/** The hub.sqlite of `dataDir`, opened with the key its hub process uses. */
function hubFile(dataDir: string, options?: { readonly?: boolean }) {
  return openRaw(path.join(dataDir, 'hub.sqlite'), rings.get(dataDir)!.databaseKey('hub'), options);
}

const credentials = new Map<string, DeviceCredential>();
/** `npm run hub` as a child process on `dataDir`; resolves with its URL once it listens, and the test workstation of counter 3 enrolled with it. */
async function hubProcess(dataDir: string, fault?: string): Promise<{ child: ChildProcess; url: string; credential: DeviceCredential }> {
  const started = await spawnHub(dataDir, fault);
  if (!credentials.has(dataDir)) credentials.set(dataDir, await redeemAt(started.url, await hubProcessCode(dataDir, rings.get(dataDir)!, 'workstation', [3])));
  return { ...started, credential: credentials.get(dataDir)! };
}

async function spawnHub(dataDir: string, fault?: string): Promise<{ child: ChildProcess; url: string }> {
  if (!rings.has(dataDir)) rings.set(dataDir, (await unlockKeyRing(dataDir, { demo: false, pin: async () => PIN })).ring);
  const root = path.resolve(__dirname, '../../..');
  const env = { ...process.env, HUB_FAULT: fault ?? '', WINDOWDESK_PIN: PIN };
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/hub/cli.ts', '--port', '0', '--data', dataDir], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`hub process did not start: ${out}`)), 30_000);
    const read = (b: Buffer) => {
      out += b.toString();
      const m = /https:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0] });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
  });
}

describe('the reconcile kill test', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const ch of children) if (ch.exitCode === null) ch.kill('SIGKILL');
  });

  const ops: OfflineOp[] = Array.from({ length: 2000 }, (_, i) => ({ opId: `op-kill-${String(i).padStart(5, '0')}`, type: 'issue', at: Date.now() - 2000 + i, number: `A-3-${String(i + 1).padStart(4, '0')}`, stream: 'A' }));
  const body = { workstationId: 'ws-3', counter: 3, ops };

  /** What the hub file holds: the recorded ops and the offline tickets. */
  function onDisk(dataDir: string) {
    const db = hubFile(dataDir);
    const recorded = (db.prepare(`SELECT op_id, result FROM offline_ops`).all() as { op_id: string; result: string }[]).map((r) => ({ opId: r.op_id, outcome: (JSON.parse(r.result) as { outcome: string }).outcome }));
    const tickets = (db.prepare(`SELECT number FROM tickets WHERE series = 'offline'`).all() as { number: string }[]).map((t) => t.number);
    db.close();
    return { recorded, tickets };
  }
  /** The invariant the two transactions broke: a ticket exactly for each applied record. */
  function expectTogether(dataDir: string): number {
    const { recorded, tickets } = onDisk(dataDir);
    expect(recorded.every((r) => r.outcome === 'applied')).toBe(true);
    expect(tickets.sort()).toEqual(recorded.map((r) => ops[Number(r.opId.slice(8))].number).sort());
    return recorded.length;
  }
  /** Sends the whole batch to a fresh hub process on `dataDir` and kills it with -9 once `until` says so (or the fault point does). */
  async function killDuring(dataDir: string, opts: { fault?: string; until?: (recorded: number) => boolean }): Promise<void> {
    const { child, url, credential } = await hubProcess(dataDir, opts.fault);
    children.push(child);
    const exited = new Promise((r) => child.once('exit', r));
    const sent = json(url, 'POST', '/offline/reconcile', body, {}, credential).catch(() => null);
    if (opts.until) {
      const watch = hubFile(dataDir, { readonly: true });
      const count = () => (watch.prepare('SELECT count(*) AS n FROM offline_ops').get() as { n: number }).n;
      for (let i = 0; i < 5000 && !opts.until(count()); i++) await new Promise((r) => setTimeout(r, 2));
      watch.close();
      child.kill('SIGKILL');
    }
    await exited;
    expect(await sent).toBeNull(); // the answer never came: the workstation will resend the batch
  }

  it('kill -9 between applying an op and recording it, then twice more at random: every ticket has its record and every record its ticket; the resent batch completes with no number refused', async () => {
    const dataDir = tempDir();
    // Exactly where the old code had committed the ticket but not yet its record.
    await killDuring(dataDir, { fault: 'kill@offline.applied#500' });
    expect(expectTogether(dataDir)).toBe(499);
    const killedAt = [499];
    for (const more of [150, 400]) {
      await killDuring(dataDir, { until: (n) => n >= killedAt[killedAt.length - 1] + more });
      killedAt.push(expectTogether(dataDir));
    }
    console.log(`[kill] killed with ${killedAt.join(', ')} of ${ops.length} ops recorded`);
    expect(killedAt[2]).toBeLessThan(ops.length); // each kill landed inside the batch

    const { child, url, credential } = await hubProcess(dataDir);
    children.push(child);
    const r = await json(url, 'POST', '/offline/reconcile', body, {}, credential);
    const results = r.json!.value as { outcome: string; error: { code: string } | null }[];
    // Before: the op killed between its two transactions came back OFFLINE_NUMBER_TAKEN for a ticket that was in the queue.
    expect(results.filter((x) => x.outcome === 'rejected')).toEqual([]);
    expect(results.filter((x) => x.outcome === 'replayed')).toHaveLength(killedAt[2]);
    expect(await new HubClient({ url, credential }).tickets()).toHaveLength(ops.length);
    child.kill('SIGTERM');
  }, 120_000);
});
