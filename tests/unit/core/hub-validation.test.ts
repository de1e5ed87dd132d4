import { describe, expect, it } from 'vitest';
import { raw, startTestHub } from '../../integration/hub/helpers';

// Its own file, importing the hub alone: the workstation contract (which also installs the plain
// Chinese messages) is not loaded here, so this shows the hub installs them itself.
const latinWord = /[A-Za-z]{2,}/;

describe('the hall hub\'s validation messages', () => {
  it('the hall hub answers a malformed request in the same plain Chinese', async () => {
    const { hub } = await startTestHub({ demo: true });
    try {
      const res = await raw(hub.url, 'POST', '/tickets', JSON.stringify({ stream: '', source: 'counter' }));
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('INVALID_INPUT');
      expect(res.json.error.message).toMatch(/^请求格式不正确（.+）/);
      expect(res.json.error.message).not.toMatch(latinWord);
    } finally {
      await hub.close();
    }
  });
});
