// The demo hall's working parts for the history generator: a workstation and its embedded hub on
// one moving clock, composed as the demo host composes them (main/boot), so every row the history
// writes goes through the real services.
import path from 'node:path';
import { createWorkstation, type Workstation } from '../../api/workstation';
import { unlockDataKeys } from '../../boot/keys';
import { ConfSettings } from '../../core/settings/conf';
import { HubClient } from '../../hub/client';
import { startHub, type RunningHub } from '../../hub/index';
import { enrolWithRunningHub } from '../../hub/trust/self-enrol';

export interface DemoHall {
  ws: Workstation;
  hub: RunningHub;
  client: HubClient;
  clock: { set(ms: number): void; now(): number };
  close(): Promise<void>;
}

export async function openDemoHall(dataDir: string, start: number, log: (s: string) => void): Promise<DemoHall> {
  let t = start;
  const clock = { set: (ms: number) => void (t = ms), now: () => t };
  process.umask(0o077);
  const keys = await unlockDataKeys({ dataDir, demo: true, log: { info: log } });
  // A day passes in seconds here, so the per-device rate limits (real-time windows) would refuse a
  // working day's calls; the limits stay what they are for every other start.
  const hub = await startHub({ port: 0, dataDir: path.join(dataDir, 'hub'), demo: false, keys, secure: true, now: clock.now, limits: { perMinute: 1e9, issuesPerMinute: 1e9 } });
  const counters = hub.hub.queue.hall.counters.map((c) => c.number);
  const credential = await enrolWithRunningHub(hub, dataDir, { role: 'workstation', counters, name: '本机工作站（内置大厅服务）' });
  const settings = new ConfSettings(dataDir);
  const ws = await createWorkstation({
    dataDir, auditKey: { key: () => keys.subKey('audit') }, demo: true, shell: 'browser', settings, version: 'history',
    hubUrl: hub.url, hubMode: 'embedded', hubCredential: credential, keys, now: () => new Date(t),
  });
  const client = new HubClient({ url: hub.url, credential, timeoutMs: 10_000 });
  return {
    ws, hub, client, clock,
    async close() {
      client.close();
      await ws.close();
      await hub.close();
    },
  };
}
