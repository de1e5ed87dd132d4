/** Settings in settings.json: read once and kept until the file changes, on disk or through set(). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfSettings } from '../../../../main/core/settings/conf';

describe('ConfSettings', () => {
  it('reads the file once for many gets, sees set() at once and a hand edit after it lands on disk', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-conf-'));
    const s = new ConfSettings(dir);
    s.set('idleLockMinutes', 7);
    const file = path.join(dir, 'settings.json');
    const reads = { n: 0 };
    const real = fs.readFileSync;
    const spy = ((p: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
      if (String(p) === file) reads.n++;
      return (real as (...a: unknown[]) => unknown)(p, ...rest);
    }) as typeof fs.readFileSync;
    fs.readFileSync = spy;
    try {
      for (let i = 0; i < 50; i++) expect(s.get('idleLockMinutes')).toBe(7);
      expect(reads.n).toBeLessThanOrEqual(1);
      s.set('idleLockMinutes', 9);
      expect(s.get('idleLockMinutes')).toBe(9);
      // Edited by hand (another mtime): read again.
      const json = JSON.parse(real(file, 'utf8')) as Record<string, unknown>;
      fs.writeFileSync(file, JSON.stringify({ ...json, idleLockMinutes: 11 }));
      fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
      expect(s.get('idleLockMinutes')).toBe(11);
      // A bad hand-edited value falls back to its default instead of crashing.
      fs.writeFileSync(file, JSON.stringify({ ...json, idleLockMinutes: 'soon' }));
      fs.utimesSync(file, new Date(), new Date(Date.now() + 10_000));
      expect(typeof s.get('idleLockMinutes')).toBe('number');
    } finally {
      fs.readFileSync = real;
    }
  });
});
