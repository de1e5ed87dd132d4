import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { fakeClock, pushUrl, startTestHub, tlsFor } from './helpers';

/** What a hall TV receives on connecting: the first message of each public type. */
function tvConnect(url: string): Promise<Map<string, any>> {
  return new Promise((resolve, reject) => {
    const got = new Map<string, any>();
    const ws = new WebSocket(pushUrl(url), tlsFor(url));
    ws.on('message', (d) => {
      const e = JSON.parse(String(d));
      got.set(e.type, e);
      if (got.has('calls.recent') && got.has('queue.changed')) {
        ws.close();
        resolve(got);
      }
    });
    ws.on('error', reject);
    setTimeout(() => reject(new Error(`only got ${[...got.keys()]}`)), 5000).unref();
  });
}

describe('hall TV (/display) after a reload', () => {
  it('gets the day’s latest calls at once, newest first, numbers and counters only', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    const a = await client.issue({ stream: 'A', note: '张三 代办' });
    const b = await client.issue({ stream: 'A' });
    await client.callNext(1);
    clock.advance(1);
    await client.callNext(2);
    await client.issue({ stream: 'A' }); // waiting, never called: not listed

    const got = await tvConnect(hub.url);
    const recent = got.get('calls.recent');
    expect(recent.calls.map((c: any) => [c.number, c.counter])).toEqual([[b.number, 2], [a.number, 1]]);
    expect(recent.calls[0].counterName).toMatch(/窗口/);
    expect(JSON.stringify(recent)).not.toContain('张三');
    await hub.close();
  });
});
