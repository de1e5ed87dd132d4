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

const ROUND_TRIPS = 2000;
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

async function roundTrips(send: (ws: WebSocket, i: number) => void, url: string, origin?: string): Promise<number[]> {
  const ws = new WebSocket(url, origin ? { origin } : {});
  await new Promise((r) => ws.once('open', r));
  const samples: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const t = performance.now();
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve());
      send(ws, i);
    });
    samples.push(performance.now() - t);
  }
  ws.close();
  return samples.slice(100); // drop warm-up
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

async function wire(): Promise<BenchFigure[]> {
  // Baseline: a bare ws echo server on loopback, same message size, same client.
  const echo = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  echo.on('connection', (s) => s.on('message', (m) => s.send(m)));
  await new Promise((r) => echo.once('listening', r));
  const echoPort = (echo.address() as { port: number }).port;
  const bare = await roundTrips((ws, i) => ws.send(JSON.stringify({ id: i, call: 'system.info', input: {} })), `ws://127.0.0.1:${echoPort}`);
  echo.close();

  // The contract: system.info through the real host (token, origin, zod in and out, SQLite reads).
  const { demoWorkstation } = await import('../fixtures/workstation');
  const { startHost } = await import('../../main/host/server');
  const { ensureRendererBuilt, rendererDir } = await import('../fixtures/host');
  ensureRendererBuilt();
  const ws = await demoWorkstation();
  const host = await startHost({ ws, rendererDir, port: 0 });
  const contract = await roundTrips((sock, i) => sock.send(JSON.stringify({ id: i, call: 'system.info', input: {} })), `${host.url.replace('http', 'ws')}/desk?token=${host.token}`, host.url);
  await host.close();

  // Where the difference goes: an echo that answers with system.info's own answer, computed once —
  // the transport's cost for a reply of that size, without the work (validation, handler, JSON).
  const { dispatch } = await import('../../main/api/dispatch');
  const answer = JSON.stringify({ id: 1, result: await dispatch(ws, { id: 'bench', transport: 'ws', session: null, citizenCounterId: null }, 'system.info', {}) });
  await ws.close();
  const sized = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  sized.on('connection', (s) => s.on('message', (m) => {
    JSON.parse(String(m));
    s.send(answer);
  }));
  await new Promise((r) => sized.once('listening', r));
  const floor = await roundTrips((sock, i) => sock.send(JSON.stringify({ id: i, call: 'system.info', input: {} })), `ws://127.0.0.1:${(sized.address() as { port: number }).port}`);
  sized.close();

  const bareP50 = percentile(bare, 50);
  const bareP99 = percentile(bare, 99);
  return [
    { name: 'contract round trip over WebSocket p50 (system.info)', value: round(percentile(contract, 50)), unit: 'ms', baseline: { name: 'bare ws echo p50', value: bareP50 }, note: 'target ratio ≤ 1.5×' },
    { name: 'contract round trip over WebSocket p99 (system.info)', value: round(percentile(contract, 99)), unit: 'ms', baseline: { name: 'bare ws echo p99', value: bareP99 } },
    {
      name: '  · same-size answer echo p50 (transport floor)',
      value: round(percentile(floor, 50)),
      unit: 'ms',
      baseline: { name: 'bare ws echo p50', value: bareP50 },
      note: `a precomputed ${Buffer.byteLength(answer)}-byte system.info answer; the rest of the contract's p50 is dispatch (zod in/out, handler) and JSON`,
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
