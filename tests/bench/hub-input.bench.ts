// Hub input guards (issue 9): how fast the hub refuses the JSON bomb (2 MB nested 10⁶ deep) —
// on an ordinary route (413 by the body cap, from Content-Length) and on the import route whose
// cap is 4 MB (400 by the streaming depth scan, never parsed) — beside a tiny valid request measured in
// the same run; and what parsing that bomb costs, which is what the hub used to do (0.9 s).
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub } from '../../main/hub/index';
import type { BenchFigure, BenchSuite } from './types';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function post(url: string, body: Buffer): Promise<{ status: number; ms: number }> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function timed(url: string, body: Buffer, runs: number, expect: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await post(url, body);
    if (r.status !== expect) throw new Error(`bench: expected ${expect}, got ${r.status}`);
    ms.push(r.ms);
  }
  return median(ms);
}

const suite: BenchSuite = {
  name: 'hub input guards',
  async run(): Promise<BenchFigure[]> {
    const running = await startHub({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'hub-bench-input-')), demo: true, limits: { perMinute: 1_000_000, issuesPerMinute: 1_000_000 }, secure: false });
    try {
      const depth = 1_000_000;
      const bomb = Buffer.from('{"stream":"A","x":' + '['.repeat(depth) + ']'.repeat(depth) + '}');
      const tiny = Buffer.from('{"stream":"A"}');
      const tinyReject = Buffer.from('{"appointments":[]}');
      await timed(`${running.url}/tickets`, tiny, 20, 200); // warm-up
      const baseline = await timed(`${running.url}/tickets`, tiny, 50, 200);
      const importBaseline = await timed(`${running.url}/appointments/import`, tinyReject, 50, 200);
      const capped = await timed(`${running.url}/tickets`, bomb, 15, 413);
      const scanned = await timed(`${running.url}/appointments/import`, bomb, 15, 400);
      const t = performance.now();
      let parsed = 'parsed';
      try {
        JSON.parse(bomb.toString());
      } catch (e) {
        parsed = `threw ${(e as Error).name}`;
      }
      const parse = performance.now() - t;
      const base = { name: 'tiny valid POST /tickets (median)', value: baseline };
      return [
        { name: 'JSON bomb → 413 on POST /tickets (median of 15)', value: capped, unit: 'ms', baseline: base, note: `${(bomb.length / 1e6).toFixed(1)} MB, refused from Content-Length; issue 9 asks < 50 ms` },
        { name: 'JSON bomb → 400 on import (4 MB cap, depth scan)', value: scanned, unit: 'ms', baseline: { name: 'tiny valid POST /appointments/import (median)', value: importBaseline }, note: 'refused at its 17th bracket as it streams, never parsed' },
        { name: 'JSON.parse of the same bomb (what the hub did before)', value: parse, unit: 'ms', baseline: base, note: parsed },
      ];
    } finally {
      await running.close();
    }
  },
};
export default suite;
