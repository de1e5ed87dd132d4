import https from 'node:https';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { dispatch } from '../../../main/api/dispatch';
import type { Connection } from '../../../main/api/context';
import { createWorkstation, type Workstation } from '../../../main/api/workstation';
import { MemorySettings } from '../../../main/core/settings';
import type { RunningHub, StartHubOptions } from '../../../main/hub/index';
import { enrolWithRunningHub } from '../../../main/hub/trust/self-enrol';
import { startTestHub, testHubAt, tlsFor } from '../hub/helpers';
import { atHallTime, hallDay } from '../../../common/hall-time';
import { tempDir } from '../../fixtures/workstation';
import { DEMO_STAFF } from '../../../main/core/demo/seed';
import { hashPassword } from '../../../main/core/staff/passwords';

/** A hub whose clock stands at 10:00 hall time today (inside the demo booking day), movable by the test. */
export async function hallAt10(opts: { dataDir?: string; port?: number; clock?: { now: number } } = {}) {
  const clock = opts.clock ?? { now: atHallTime(hallDay(Date.now()), '10:00') };
  const { hub } = await startTestHub({ port: opts.port ?? 0, dataDir: opts.dataDir ?? ':memory:', demo: true, now: () => clock.now });
  return { hub, clock };
}

/** A secure test hub (HTTPS, enrolled devices only); its workstations are enrolled by workstationFor. */
export async function startQueueHub(opts: Partial<StartHubOptions>): Promise<RunningHub> {
  return (await startTestHub({ port: 0, dataDir: ':memory:', ...opts })).hub;
}

/** A workstation for a test hub, enrolled with it (as an administrator's code would) for every counter of the hall. */
export async function workstationFor(hubUrl: string, hub: RunningHub | null = testHubAt(hubUrl)): Promise<Workstation> {
  const dataDir = tempDir();
  const hubCredential = hub ? await enrolIn(hub, dataDir) : null;
  if (hub) await registerDemoSupervisors(hub);
  return createWorkstation({
    dataDir, demo: true, shell: 'browser', settings: new MemorySettings(), version: 'test',
    hubUrl, hubMode: 'remote', hubCredential, log: { info: () => {}, error: () => {} },
  });
}

let demoHashes: Promise<{ staffNo: string; name: string; passwordHash: string }[]> | undefined;
/** The demo hall's supervisors registered at the hub, as its administrator does with `npm run hub -- staff-add` (same passwords as their workstation accounts). */
export async function registerDemoSupervisors(hub: RunningHub): Promise<void> {
  demoHashes ??= Promise.all(DEMO_STAFF.filter((s) => s.role === 'supervisor' || s.role === 'admin').map(async (s) => ({ staffNo: s.staffNo, name: s.name, passwordHash: await hashPassword(s.password) })));
  for (const s of await demoHashes) await hub.trust!.staff.register(s);
}

/** Enrols a workstation for every counter of the hall into `dataDir` (its credential then loads from there). */
export function enrolIn(hub: RunningHub, dataDir: string) {
  return enrolWithRunningHub(hub, dataDir, { role: 'workstation', counters: hub.hub.queue.hall.counters.map((c) => c.number), name: '测试工作站' });
}

export async function until(cond: () => boolean | Promise<boolean>, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

let n = 0;
export async function signIn(ws: Workstation, staffNo = '1001', counterId: string | null = 'counter-3'): Promise<Connection> {
  const conn: Connection = { id: `c${++n}`, transport: 'ws', session: null, citizenCounterId: null };
  const r = await dispatch(ws, conn, 'session.login', { staffNo, password: `demo${staffNo}`, counterId });
  if (!r.ok) throw new Error(r.error.message);
  return conn;
}

/** Calls through the contract and returns the value, or throws the `{code, message}` error. */
export function caller(ws: Workstation, conn: Connection) {
  return async <T = any>(name: string, input: unknown): Promise<T> => {
    const r = await dispatch(ws, conn, name, input);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as T;
  };
}

export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code: string }).code;
  }
  throw new Error('expected an error');
}

/**
 * A TCP-level stand-in for a flaky network between workstation and hub: forwards HTTP and the
 * /push WebSocket; while `dropCallAnswers` is set it forwards a call-next request to the hub but
 * cuts the connection instead of returning the answer (the hub claimed; the workstation never heard).
 */
export async function flakyProxy(target: string) {
  const t = new URL(target);
  const state = { dropCallAnswers: false };
  // TLS ends here (a certificate of the hall CA) and starts again upstream with the hub's test workstation credential.
  const own = await testHubAt(target).trust!.ca.issueServer({ dns: ['localhost'], ips: ['127.0.0.1'] });
  const server = https.createServer({ key: own.keyPem, cert: own.certPem }, (req, res) => {
    const up = https.request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers, ...tlsFor(target) }, (ur) => {
      if (state.dropCallAnswers && /call-next/.test(req.url ?? '')) {
        ur.resume();
        ur.on('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(ur.statusCode ?? 500, ur.headers);
      ur.pipe(res);
    });
    up.on('error', () => req.socket.destroy());
    req.pipe(up);
  });
  server.on('upgrade', (req, socket, head) => {
    const up = tls.connect({ port: Number(t.port), host: t.hostname, ...tlsFor(target) }, () => {
      up.write(`${req.method} ${req.url} HTTP/1.1\r\n${Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
      up.write(head);
      up.pipe(socket).pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, state, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

export type { RunningHub };
