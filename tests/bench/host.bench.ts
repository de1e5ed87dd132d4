import { chromium } from '@playwright/test';
import { WebSocket, WebSocketServer } from 'ws';
import { spawnHost, stopSpawnedHost } from '../fixtures/spawn-host';
import type { BenchSuite } from './types';
import { percentile, round } from './stats';

const ROUND_TRIPS = 2000;

/** From spawning the host (`--demo`, fresh data dir, embedded hub) to the login form accepting input in Chromium. */
async function coldStartMs(): Promise<number> {
  const t0 = performance.now();
  const host = await spawnHost({ prefix: 'wd-bench-' });
  const url = host.launchUrl;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const page = await browser.newPage();
  await page.goto(url);
  await page.getByLabel('工号').waitFor({ state: 'visible' });
  const elapsed = performance.now() - t0;
  await browser.close();
  await stopSpawnedHost(host);
  return elapsed;
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
  await ws.close();
  return samples.slice(100); // drop warm-up
}

const suite: BenchSuite = {
  name: 'foundation: host start and contract latency',
  async run() {
    const cold = await coldStartMs();

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
    await ws.close();

    const bareP50 = percentile(bare, 50);
    const bareP99 = percentile(bare, 99);
    return [
      { name: 'host cold start → login page interactive', value: Math.round(cold), unit: 'ms', note: 'spawn to 工号 field visible in Chromium, incl. demo seeding and embedded hub' },
      { name: 'contract round trip over WebSocket p50 (system.info)', value: round(percentile(contract, 50)), unit: 'ms', baseline: { name: 'bare ws echo p50', value: bareP50 } },
      { name: 'contract round trip over WebSocket p99 (system.info)', value: round(percentile(contract, 99)), unit: 'ms', baseline: { name: 'bare ws echo p99', value: bareP99 } },
    ];
  },
};

export default suite;
