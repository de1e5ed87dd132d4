import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRaw } from '../../../main/db/connection';
import type { KeyRing } from '../../../main/db/keys/keyring';
import { unlockKeyRing } from '../../../main/db/keys/keystore';
import { demoHall } from '../../../main/hub/config';
import { HubClient } from '../../../main/hub/client';
import { HallConfig } from '../../../main/hub/protocol';
import { SqliteQueueStore } from '../../../main/hub/store/sqlite';
import { hubProcessCode, redeemAt, tempDir } from './helpers';

/**
 * Two hub PROCESSES on one hub.sqlite (WAL), many counters calling at once through both. Inside one
 * process better-sqlite3 is synchronous, so a select-then-update claim would never interleave and
 * would pass; across processes it double-calls tickets, which this test counts in the database.
 */
const PROCESSES = 2;
const COUNTERS = 20;
const TICKETS = COUNTERS * 100;
const STREAMS = ['A', 'V', 'B', 'C', 'E'];
const PIN = '864201';

/** `COUNTERS` general counters for the race, and two more for the request-id test. */
function hallOf(counters: number): HallConfig {
  const h = demoHall();
  return HallConfig.parse({ ...h, counters: Array.from({ length: counters + 2 }, (_, i) => ({ number: i + 1, name: `${i + 1}号窗口`, streams: ['Y', ...STREAMS] })) });
}

/** `npm run hub` as a child process; resolves with its URL once it listens. */
function startHubProcess(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const root = path.resolve(__dirname, '../../..');
  // One test client plays 20 counters: the per-client limits (guard.ts) are lifted for it. The hub's
  // data is encrypted under an operator PIN: a service gives it through the environment.
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/hub/cli.ts', '--port', '0', '--data', dataDir, '--requests-per-minute', '1000000', '--issues-per-minute', '1000000'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WINDOWDESK_PIN: PIN } });
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
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub process exited (${code}): ${out}`));
    });
  });
}

describe(`${PROCESSES} hub processes on one SQLite file, ${COUNTERS} counters calling through both`, () => {
  const dataDir = tempDir();
  const children: ChildProcess[] = [];
  let hubs: HubClient[] = [];
  let keys: KeyRing;

  beforeAll(async () => {
    keys = (await unlockKeyRing(dataDir, { demo: false, pin: async () => PIN })).ring;
    // The hall is stored first, so both processes start with the same 20 general counters.
    const store = new SqliteQueueStore(path.join(dataDir, 'hub.sqlite'), keys.databaseKey('hub'));
    await store.saveHall(hallOf(COUNTERS));
    await store.close();
    // One test workstation for every counter, its code made (and the hall CA with it) before both processes start.
    const code = await hubProcessCode(dataDir, keys, 'workstation', hallOf(COUNTERS).counters.map((c) => c.number));
    const started = await Promise.all(Array.from({ length: PROCESSES }, () => startHubProcess(dataDir)));
    for (const s of started) children.push(s.child);
    const credential = await redeemAt(started[0].url, code);
    hubs = started.map((s) => new HubClient({ url: s.url, timeoutMs: 30_000, credential }));
  }, 60_000);

  afterAll(async () => {
    for (const c of children) {
      if (c.exitCode === null) {
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        await exited;
      }
    }
  });

  it(`${TICKETS} tickets: every one called exactly once; a retried request id returns the same ticket on either process`, async () => {
    // Issued through both processes, 50 at a time.
    for (let i = 0; i < TICKETS; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, TICKETS - i) }, (_, j) => hubs[(i + j) % PROCESSES].issue({ stream: STREAMS[(i + j) % STREAMS.length], source: 'kiosk' })));
    }

    const calls: { ticketId: number; counter: number; via: number }[] = [];
    const retries = { same: 0, different: 0 };
    const refused: string[] = [];
    const loop = async (counter: number) => {
      // Bounded: a counter can never call more tickets than exist.
      for (let n = 0; n <= TICKETS; n++) {
        const via = (counter + n) % PROCESSES;
        const rid = HubClient.requestId();
        // Every 10th press is "retried" at once on the other process, as after a lost answer.
        const answers = n % 10 === 0 ? await Promise.all([hubs[via].callNext(counter, rid), hubs[(via + 1) % PROCESSES].callNext(counter, rid)]) : [await hubs[via].callNext(counter, rid)];
        const first = answers.find((a) => !a.replayed) ?? answers[0];
        if (!first.ticket) return;
        if (answers.length > 1) {
          if (answers.every((a) => a.ticket?.id === first.ticket!.id) && answers.filter((a) => !a.replayed).length === 1) retries.same++;
          else retries.different++;
        }
        calls.push({ ticketId: first.ticket.id, counter, via });
        // A ticket claimed twice is at the other counter now: recorded, and the database counts below say why.
        await hubs[(via + 1) % PROCESSES].finish(first.ticket.id, counter).catch((e: Error & { code?: string }) => refused.push(`${e.code}: ${e.message}`));
        if (n % 25 === 0) {
          // A late retry of an answered press, after the ticket was finished: still that ticket, not a new one.
          const late = await hubs[(via + 1) % PROCESSES].callNext(counter, rid);
          if (late.ticket?.id === first.ticket.id && late.replayed) retries.same++;
          else retries.different++;
        }
      }
      throw new Error(`counter ${counter} kept calling past ${TICKETS} tickets`);
    };
    await Promise.all(Array.from({ length: COUNTERS }, (_, c) => loop(c + 1)));

    // Counted in the file itself, not only in what the clients saw.
    const db = openRaw(path.join(dataDir, 'hub.sqlite'), keys.databaseKey('hub'), { readonly: true });
    const doubles = db.prepare(`SELECT ticket_id, COUNT(*) AS n FROM ticket_events WHERE type = 'called' GROUP BY ticket_id HAVING n > 1`).all();
    const called = db.prepare(`SELECT COUNT(*) FROM ticket_events WHERE type = 'called'`).pluck().get();
    const states = db.prepare(`SELECT status, call_count, COUNT(*) AS n FROM tickets GROUP BY status, call_count`).all();
    const requests = db.prepare(`SELECT COUNT(*) FROM call_requests`).pluck().get();
    db.close();

    expect(doubles).toEqual([]);
    expect(refused).toEqual([]);
    expect(called).toBe(TICKETS);
    expect(states).toEqual([{ status: 'finished', call_count: 1, n: TICKETS }]);
    expect(requests).toBe(TICKETS);
    expect(calls).toHaveLength(TICKETS);
    expect(new Set(calls.map((c) => c.ticketId)).size).toBe(TICKETS);
    expect(retries.different).toBe(0);
    expect(retries.same).toBeGreaterThan(TICKETS / 10);
    // Both processes and many counters really took part.
    for (let p = 0; p < PROCESSES; p++) expect(calls.filter((c) => c.via === p).length).toBeGreaterThan(TICKETS / 4);
    expect(new Set(calls.map((c) => c.counter)).size).toBe(COUNTERS);
  }, 180_000); // every issue is fsynced (synchronous FULL), on a shared CI machine; a correctness test, not a timing one

  it('a request id used by another counter is refused, not replayed, whichever process is asked', async () => {
    await hubs[0].issue({ stream: 'A', source: 'kiosk' });
    const rid = HubClient.requestId();
    expect((await hubs[0].callNext(COUNTERS + 1, rid)).ticket).not.toBeNull();
    await expect(hubs[1].callNext(COUNTERS + 2, rid)).rejects.toMatchObject({ code: 'REQUEST_ID_REUSED' });
  });
});
