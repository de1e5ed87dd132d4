import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubClient } from '../../../main/hub/client';
import { startHub, type RunningHub, type StartHubOptions } from '../../../main/hub/index';

/** A movable clock: tests never sleep; they advance time. Monday 2026-03-02, 10:00 Shanghai. */
export function fakeClock(start = Date.parse('2026-03-02T10:00:00+08:00')) {
  let t = start;
  return { now: () => t, advance: (min: number) => (t += min * 60_000), set: (ms: number) => (t = ms) };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hub-test-'));
}

export async function startTestHub(opts: Partial<StartHubOptions> = {}): Promise<{ hub: RunningHub; client: HubClient }> {
  const hub = await startHub({ port: 0, dataDir: opts.dataDir ?? tempDir(), ...opts });
  return { hub, client: new HubClient({ url: hub.url }) };
}

/** Raw HTTP, for malformed-request tests the typed client would never send. */
export async function raw(url: string, method: string, path: string, body?: string) {
  const res = await fetch(url + path, { method, headers: body === undefined ? undefined : { 'content-type': 'application/json' }, body });
  return { status: res.status, json: (await res.json()) as { ok: boolean; value?: unknown; error: { code: string; message: string } } };
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
