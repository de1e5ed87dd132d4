import { describe, expect, it } from 'vitest';
import { hubRoutes, pathOf, type RouteName } from '../../../main/hub/routes';
import { raw, startTestHub } from './helpers';

// The route table is the hub's one description of its HTTP API: the server serves exactly it and
// the client is built from it.
describe('hub route table', () => {
  it('the server serves every route of the table (and the test clock only when enabled)', async () => {
    const { hub } = await startTestHub({ demo: true });
    try {
      for (const name of Object.keys(hubRoutes) as RouteName[]) {
        const r = hubRoutes[name];
        const path = pathOf(r.path, { id: 1, number: 1, requestId: 'no-such-request', digest: 'a'.repeat(64) });
        const res = await raw(hub.url, r.method, path, r.method === 'GET' ? undefined : '{}');
        const code = res.json.ok ? null : res.json.error.code;
        if (name === 'testClock') expect(code).toBe('NOT_FOUND');
        else expect(code, `${r.method} ${r.path}`).not.toBe('NOT_FOUND');
      }
    } finally {
      await hub.close();
    }
  });

  it('parses counter numbers and ticket ids in paths as integers, refusing anything else with a Chinese message', async () => {
    const { hub } = await startTestHub({ demo: true });
    try {
      for (const path of ['/counters/3x/pause', '/counters/1.5/pause', '/counters/0/pause', '/counters/-2/pause']) {
        const res = await raw(hub.url, 'POST', path, '{}');
        expect(res.status, path).toBe(400);
        expect(res.json.error.code).toBe('INVALID_INPUT');
        expect(res.json.error.message).toMatch(/请求格式不正确/);
      }
      expect((await raw(hub.url, 'POST', '/counters/3/pause', '{}')).json.ok).toBe(true);
      expect((await raw(hub.url, 'GET', '/tickets?status=waiting,nonsense')).json.error.code).toBe('INVALID_INPUT');
      expect((await raw(hub.url, 'GET', '/views?counters=3,x')).json.error.code).toBe('INVALID_INPUT');
    } finally {
      await hub.close();
    }
  });
});
