import { mkdtempSync } from 'node:fs';
import WebSocket from 'ws';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubClient } from '../../../main/hub/client';
import { PgQueueStore, startHub, type RunningHub, type StartHubOptions } from '../../../main/hub/index';
import type { DeviceRole } from '../../../main/core/trust/claims';
import type { DeviceCredential } from '../../../main/core/trust/device';
import { enrolDevice } from '../../../main/core/trust/device';
import { networkEnrolTransport, send, type TlsCredential } from '../../../main/core/trust/transport';
import type { KeyRing } from '../../../main/db/keys/keyring';
import { runDeviceCommand } from '../../../main/hub/trust/cli-devices';
import { STAFF_ASSERTION_HEADER, STAFF_HEADER } from '../../../main/hub/protocol';
import { hashPassword } from '../../../main/core/staff/passwords';
import { STAFF_ROLE_HEADER } from '../../../main/hub/trust/access';
import { enrolWithRunningHub } from '../../../main/hub/trust/self-enrol';
import { HUB_BACKEND, pgSpec } from '../../fixtures/pg';

/** A movable clock: tests never sleep; they advance time. Monday 2026-03-02, 10:00 Shanghai. */
export function fakeClock(start = Date.parse('2026-03-02T10:00:00+08:00')) {
  let t = start;
  return { now: () => t, advance: (min: number) => (t += min * 60_000), set: (ms: number) => (t = ms) };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hub-test-'));
}

/** The test workstation's supervisor, registered at every test hub (the hub verifies supervisors itself). */
export const TEST_SUPERVISOR = { staffNo: 'test-supervisor', name: '测试主任', password: 'Test-supervisor-1' };
/** The supervisor's forwarded word (audit only) and the assertion the test hub issued the test workstation for them, by hub URL. */
const staffHeaders = new Map<string, Record<string, string>>();

/** What the test workstation sends: its supervisor's name and role, and the hub's assertion for them (so the suites can use every route; security-auth tests the refusals). */
export function testStaffHeaders(url: string): Record<string, string> {
  return staffHeaders.get(url) ?? {};
}

let supervisorHash: Promise<string> | undefined;
/**
 * Registers the test supervisor at a running hub and asks it for an assertion as `credential`
 * (through the hub's own route, as a workstation does at a supervisor's sign-in).
 */
export async function assertSupervisor(hub: RunningHub, credential: DeviceCredential): Promise<string> {
  supervisorHash ??= hashPassword(TEST_SUPERVISOR.password);
  await hub.trust!.staff.register({ staffNo: TEST_SUPERVISOR.staffNo, name: TEST_SUPERVISOR.name, passwordHash: await supervisorHash });
  const c = new HubClient({ url: hub.url, credential });
  try {
    return (await c.staffAssert(TEST_SUPERVISOR.staffNo, TEST_SUPERVISOR.password)).assertion;
  } finally {
    c.close();
  }
}

/** Credentials of the devices tests enrolled, by hub URL: `raw` presents the hub's test workstation's. */
const credentials = new Map<string, TlsCredential>();

/**
 * A secure hub (HTTPS, enrolled devices only) and a client for it: a test workstation enrolled
 * through the hub's own /trust routes for every counter of the hall, forwarding a supervisor.
 */
export async function startTestHub(opts: Partial<StartHubOptions> = {}): Promise<{ hub: RunningHub; client: HubClient; credential: DeviceCredential }> {
  const dataDir = opts.dataDir ?? tempDir();
  const hub = await startHub({ port: 0, secure: true, ...opts, dataDir, db: opts.store ? undefined : opts.db ?? backendFor(dataDir) });
  const counters = hub.hub.queue.hall.counters.map((c) => c.number);
  const credential = await enrolWithRunningHub(hub, tempDir(), { role: 'workstation', counters, name: '测试工作站' });
  credentials.set(hub.url, credential);
  running.set(hub.url, hub);
  const assertion = await assertSupervisor(hub, credential);
  staffHeaders.set(hub.url, { [STAFF_HEADER]: TEST_SUPERVISOR.staffNo, [STAFF_ROLE_HEADER]: 'supervisor', [STAFF_ASSERTION_HEADER]: assertion });
  return { hub, client: new HubClient({ url: hub.url, credential, headers: () => testStaffHeaders(hub.url) }), credential };
}

const running = new Map<string, RunningHub>();

/**
 * The same suites run on PostgreSQL in the `hub-pg` vitest project: a hub on a fresh schema, and a
 * hub restarted on the same data directory back on that directory's schema (as on its hub.sqlite).
 */
const schemaOf = new Map<string, string>();
/** The `--db` of the test hub on `dataDir` (undefined on SQLite), for the CLI commands an administrator runs beside it. */
export function backendFor(dataDir: string): string | undefined {
  if (HUB_BACKEND === 'sqlite') return undefined;
  if (dataDir === ':memory:') return pgSpec();
  if (!schemaOf.has(dataDir)) schemaOf.set(dataDir, pgSpec());
  return schemaOf.get(dataDir);
}

/** The test hub at this URL (started by startTestHub). */
export function testHubAt(url: string): RunningHub {
  const h = running.get(url);
  if (!h) throw new Error(`no test hub at ${url}`);
  return h;
}

/** A client of the hub's test workstation (every counter, a supervisor forwarded). */
export function testClient(url: string): HubClient {
  return new HubClient({ url, credential: credentials.get(url) ?? null, headers: () => testStaffHeaders(url) });
}

/** Enrols another device with a running test hub (a kiosk, a TV, a workstation of some counters). */
export function enrolTestDevice(hub: RunningHub, role: DeviceRole, counters: number[] = []): Promise<DeviceCredential> {
  return enrolWithRunningHub(hub, tempDir(), { role, counters, name: `测试${role}` });
}

/**
 * A device enrolled with a hub running as its own process (`npm run hub`) on `dataDir`: the code
 * made by the CLI's `enrol-code` (its function, on the same data directory), redeemed over the network.
 * Make the code before the first hub process starts when several start at once on a fresh directory
 * (it creates the hall CA; `code` alone does that), then redeem it once one listens.
 */
export async function hubProcessCode(dataDir: string, keys: KeyRing | null, role: DeviceRole, counters: number[]): Promise<string> {
  const out = await runDeviceCommand('enrol-code', dataDir, keys, { role, counters: counters.join(',') });
  return /登记码（一次有效）：(\S+)/.exec(out)![1];
}

export function redeemAt(url: string, code: string): Promise<DeviceCredential> {
  return enrolDevice(tempDir(), code, networkEnrolTransport(url));
}

export type RawAnswer = {
  status: number;
  json: { ok: boolean; value?: any; error: { code: string; message: string } };
  text: string;
  headers: Record<string, string | string[] | undefined>;
};

/**
 * Raw HTTP(S), for malformed-request tests the typed client would never send. Presents the hub's
 * test workstation credential (and its supervisor headers) unless `as` names another, or null for none.
 */
export async function raw(url: string, method: string, path: string, body?: string, as?: TlsCredential | null, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const cred = as === undefined ? credentials.get(url) ?? null : as;
  const tls = url.startsWith('https:') ? tlsFor(url, cred) : undefined;
  const res = await send(url + path, {
    method, timeoutMs: 10_000, tls, body,
    headers: { ...(cred && as === undefined ? testStaffHeaders(url) : {}), ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  });
  let json: RawAnswer['json'];
  try {
    json = JSON.parse(res.text) as RawAnswer['json'];
  } catch {
    json = { ok: false, error: { code: 'NOT_JSON', message: res.text.slice(0, 200) } };
  }
  return { status: res.status, json, text: res.text, headers: res.headers };
}

/** TLS options for a raw request or a raw push socket: the hall CA, and the credential presented (the test workstation's by default, null for none). */
export function tlsFor(url: string, as?: TlsCredential | null): { ca: string[]; key?: string; cert?: string } {
  const cred = as === undefined ? credentials.get(url) ?? null : as;
  return { ca: [cred?.caPem ?? caOf(url)], ...(cred ? { key: cred.keyPem, cert: cred.certPem } : {}) };
}

/** The /push URL of a hub (ws: or wss:). */
export const pushUrl = (url: string) => `${url.replace(/^http/, 'ws')}/push`;

function caOf(url: string): string {
  const c = credentials.get(url);
  if (!c) throw new Error(`no test credential for ${url}`);
  return c.caPem;
}

export async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err?.code !== code) throw new Error(`expected ${code}, got ${err?.code}: ${err?.message}`);
    return;
  }
  throw new Error(`expected ${code}, but it succeeded`);
}

/**
 * A statement on the hub's trust tables (devices, codes, supervisors, assertions) where they live:
 * the hub's SQLite file, or on PostgreSQL the hall's shared schema (step 26), not the node file.
 */
export async function trustSql<T = Record<string, unknown>>(hub: RunningHub, sql: string, ...params: unknown[]): Promise<T[]> {
  const store = hub.hub.store;
  if (store instanceof PgQueueStore) return (await store.db.q.all(sql, params)) as T[];
  const st = hub.localDb.prepare(sql);
  return (st.reader ? st.all(...params) : (st.run(...params), [])) as T[];
}

/**
 * A push socket of an enrolled device that keeps every event it receives; `subscribe`: as a
 * workstation does (TVs and kiosks never subscribe).
 */
export function listenPush(url: string, cred: DeviceCredential, subscribe: boolean) {
  const got: Array<{ type: string; what?: string }> = [];
  const ws = new WebSocket(pushUrl(url), tlsFor(url, cred));
  const open = new Promise<void>((resolve, reject) => {
    ws.on('open', () => {
      if (subscribe) ws.send(JSON.stringify({ type: 'subscribe', counters: [], supervisor: false }));
      resolve();
    });
    ws.on('error', reject);
  });
  ws.on('message', (d) => got.push(JSON.parse(String(d)) as { type: string; what?: string }));
  return { open, got, types: () => got.map((e) => e.type), close: () => ws.close() };
}
