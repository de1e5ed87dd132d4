import { chromium, type Browser } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';
import { spawnHost, stopSpawnedHost, type SpawnOptions } from '../fixtures/spawn-host';
import type { BenchFigure, BenchSuite } from './types';
import { percentile, round } from './stats';

const ROUND_TRIPS = 5000;
const WARM_UP = 1000;
const STARTS = 5;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

const median = (xs: number[]) => percentile(xs, 50);

interface Start {
  /** Spawn → the host printed its address (listening, workstation and hub up). */
  ready: number;
  /** Chromium's launch, as the host's openBrowser does after it is ready. */
  browser: number;
  /** Page load → the login form's 工号 field is visible and accepts input. */
  interactive: number;
  total: number;
  /** The host's own phases (WINDOWDESK_BOOT_TIMINGS): modules, database, demoSeed, embeddedHub, host… */
  phases: Record<string, number>;
}

/** One start as `npm start -- --demo` runs it, measured from spawning the process to the login form accepting input. */
async function oneStart(opts: SpawnOptions): Promise<Start> {
  const t0 = performance.now();
  const host = await spawnHost({ ...opts, env: { ...opts.env, WINDOWDESK_BOOT_TIMINGS: '1' } });
  const t1 = performance.now();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const t2 = performance.now();
    const page = await browser.newPage();
    await page.goto(host.launchUrl);
    await page.getByLabel('工号').waitFor({ state: 'visible' });
    await page.getByLabel('工号').fill('1001');
    const t3 = performance.now();
    const phases = JSON.parse(/\[boot-timings\] (.*)/.exec(host.output)?.[1] ?? '{}') as Record<string, number>;
    return { ready: t1 - t0, browser: t2 - t1, interactive: t3 - t2, total: t3 - t0, phases };
  } finally {
    await browser?.close();
    await stopSpawnedHost(host);
  }
}

async function startUp(): Promise<BenchFigure[]> {
  // `npm start` runs the host's esbuild bundle; build it as start.mjs would.
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-host.mjs')], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`host bundle did not build:\n${built.stdout}${built.stderr}`);
  // The host serves dist/renderer and refuses to start without it (a fresh clone has none).
  const { ensureRendererBuilt } = await import('../fixtures/host');
  ensureRendererBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-bench-start-'));
  try {
    const first = await oneStart({ dataDir, bundle: true }); // creates and seeds the data directory
    const runs: Start[] = [];
    for (let i = 0; i < STARTS; i++) runs.push(await oneStart({ dataDir, bundle: true }));
    const tsx: Start[] = [];
    for (let i = 0; i < 3; i++) tsx.push(await oneStart({ dataDir }));
    const phase = (name: string, from: Start[] = runs) => round(median(from.map((r) => r.phases[name] ?? NaN)), 1);
    const ms = (x: number) => Math.round(x);
    const total = median(runs.map((r) => r.total));
    return [
      {
        name: 'host cold start → login page interactive',
        value: ms(total),
        unit: 'ms',
        baseline: { name: 'target', value: 1500 },
        note: `existing data dir, median of ${STARTS}: spawn → 工号 field filled in Chromium (npm start's bundle; host launches Chromium after it is ready)`,
      },
      { name: '  · process start → modules loaded', value: phase('modules'), unit: 'ms' },
      { name: '  · database open + migrations', value: phase('database'), unit: 'ms' },
      { name: '  · demo seeding (data present: checked, not redone)', value: phase('demoSeed'), unit: 'ms' },
      { name: '  · embedded hub start', value: phase('embeddedHub'), unit: 'ms' },
      { name: '  · domains (queue link, intake catalog, devices)', value: phase('domains'), unit: 'ms' },
      { name: '  · renderer serving (host listening)', value: phase('host'), unit: 'ms' },
      { name: '  · spawn → host ready (address printed)', value: ms(median(runs.map((r) => r.ready))), unit: 'ms' },
      { name: '  · Chromium launch', value: ms(median(runs.map((r) => r.browser))), unit: 'ms' },
      { name: '  · page load → login form interactive', value: ms(median(runs.map((r) => r.interactive))), unit: 'ms' },
      {
        name: 'host first start → login page interactive',
        value: ms(first.total),
        unit: 'ms',
        note: `fresh data dir: demo seeding ${Math.round(first.phases.demoSeed ?? NaN)} ms (scrypt for 5 demo accounts), migrations ${Math.round(first.phases.database ?? NaN)} ms`,
      },
      {
        name: 'host start → ready through tsx (how npm start ran before)',
        value: ms(median(tsx.map((r) => r.ready))),
        unit: 'ms',
        baseline: { name: 'bundle', value: median(runs.map((r) => r.ready)) },
        note: `modules ${phase('modules', tsx)} ms (TypeScript transpiled at every start)`,
      },
    ];
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A client socket with no compression offered, timed one request → one reply at a time. */
async function openClient(url: string, origin?: string, cookie?: string): Promise<{ once(msg: string): Promise<number>; close(): void; reply: () => string }> {
  const ws = new WebSocket(url, { perMessageDeflate: false, ...(origin ? { origin } : {}), ...(cookie ? { headers: { cookie } } : {}) });
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  if (ws.extensions !== '') throw new Error(`compression negotiated (${ws.extensions}): the comparison would not be bare`);
  let last = '';
  return {
    once(msg) {
      return new Promise((resolve) => {
        const t = performance.now();
        ws.once('message', (m) => {
          const dt = performance.now() - t;
          last = String(m);
          resolve(dt);
        });
        ws.send(msg);
      });
    },
    close: () => ws.close(),
    reply: () => last,
  };
}

async function listening(server: WebSocketServer): Promise<string> {
  await new Promise((r) => server.once('listening', r));
  return `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
}

export async function wire(): Promise<BenchFigure[]> {
  // The contract: system.info through the real host (session cookie, origin, zod in and out, handler, JSON).
  const { demoWorkstation } = await import('../fixtures/workstation');
  const { startHost } = await import('../../main/host/server');
  const { ensureRendererBuilt, rendererDir, signInCookie } = await import('../fixtures/host');
  ensureRendererBuilt();
  const ws = await demoWorkstation();
  const host = await startHost({ ws, rendererDir, port: 0 });
  const contract = await openClient(`${host.url.replace('http', 'ws')}/desk`, host.url, await signInCookie(host));
  const request = (i: number) => JSON.stringify({ id: i, call: 'system.info', input: {} });
  await contract.once(request(0));
  const answer = contract.reply();
  if (!answer.includes('"ok":true')) throw new Error(`system.info failed: ${answer}`);
  const answerBytes = Buffer.byteLength(answer);

  // Baselines, on the same loopback with the same client and the same request bytes, no compression:
  // a bare echo of the same sizes (the request out, a reply of the contract's answer size back, no
  // work at all on the server), and the classic echo (the small request back) for reference.
  const sized = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  const pad = Buffer.alloc(answerBytes, 'x');
  sized.on('connection', (s) => s.on('message', () => s.send(pad)));
  const echo = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  echo.on('connection', (s) => s.on('message', (m) => s.send(m)));
  const [sizedUrl, echoUrl] = await Promise.all([listening(sized), listening(echo)]);
  const bareSized = await openClient(sizedUrl);
  const bareEcho = await openClient(echoUrl);

  // Interleaved: each round times one of each, in a rotating order, so that machine noise (other
  // processes, GC, CPU frequency) falls on all three alike; warm-up rounds are not kept.
  const samples = { contract: [] as number[], sized: [] as number[], echo: [] as number[] };
  const clients = [['contract', contract], ['sized', bareSized], ['echo', bareEcho]] as const;
  for (let i = 0; i < WARM_UP + ROUND_TRIPS; i++) {
    for (let k = 0; k < clients.length; k++) {
      const [name, client] = clients[(i + k) % clients.length];
      const dt = await client.once(request(i));
      if (i >= WARM_UP) samples[name].push(dt);
    }
  }
  for (const [, c] of clients) c.close();
  sized.close();
  echo.close();
  await host.close();
  await ws.close();

  const p = (name: keyof typeof samples, q: number) => percentile(samples[name], q);
  const sizes = `${Buffer.byteLength(request(ROUND_TRIPS))} B out, ${answerBytes} B back`;
  return [
    {
      name: 'contract round trip over WebSocket p50 (system.info)',
      value: round(p('contract', 50), 5),
      unit: 'ms',
      baseline: { name: 'bare ws echo p50', value: p('sized', 50) },
      note: `target ratio ≤ 1.5×; ${ROUND_TRIPS} interleaved samples each after ${WARM_UP} warm-up; same sizes (${sizes}), no compression`,
    },
    { name: 'contract round trip over WebSocket p99 (system.info)', value: round(p('contract', 99), 5), unit: 'ms', baseline: { name: 'bare ws echo p99', value: p('sized', 99) } },
    {
      name: '  · small echo p50 (request bytes echoed back)',
      value: round(p('echo', 50), 5),
      unit: 'ms',
      baseline: { name: 'bare ws echo p50', value: p('sized', 50) },
      note: `the ${answerBytes}-byte reply's own transport cost is the difference`,
    },
  ];
}

const suite: BenchSuite = {
  name: 'foundation: host start and contract latency',
  async run() {
    return [...(await startUp()), ...(await wire())];
  },
};

export default suite;
