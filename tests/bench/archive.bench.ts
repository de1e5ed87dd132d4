// 办结即归档: building a case's archive package (five scanned pages → PDF, case record, notice,
// result, signature; metadata XML; SHA-256 and SM3 manifests) and the four-property check, per
// case. Baselines from the same run: the page-to-PDF conversion alone (the build's floor), the
// RFC 8493 check alone (the four-property check's floor), and node's native SM3 against the pure
// JS SM3 Electron's BoringSSL falls back to.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildArchivePackage } from '../../main/core/archive/package/build';
import { imagesToPdf } from '../../main/core/archive/package/pdf';
import { checkArchive } from '../../main/core/archive/checks';
import { digestHex } from '../../main/core/archive/digest';
import { packageInput } from '../fixtures/archive/case';
import { percentile, round } from './stats';
import type { BenchFigure, BenchSuite } from './types';

const CASES = 12;

async function timed(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  return percentile(ms, 50);
}

const suite: BenchSuite = {
  name: 'archive package (BagIt + DA/T 70 check)',
  async run(): Promise<BenchFigure[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-bench-archive-'));
    try {
      const input = await packageInput({ pages: 5 });
      const pages = input.documents[0]!.pages;
      const convert = await timed(CASES, () => imagesToPdf(pages, '居民身份证'));
      const build = await timed(CASES, (i) => buildArchivePackage(path.join(dir, `c${i}`), input));
      const bagitOnly = await timed(CASES, (i) => checkArchive(path.join(dir, `c${i}`), { bagitOnly: true }));
      const full = await timed(CASES, (i) => checkArchive(path.join(dir, `c${i}`), { stage: 'GD' }));
      const bytes = fs.readdirSync(path.join(dir, 'c0', 'data'), { recursive: true }).map(String)
        .reduce((s, f) => s + (fs.statSync(path.join(dir, 'c0', 'data', f)).isFile() ? fs.statSync(path.join(dir, 'c0', 'data', f)).size : 0), 0);

      const blob = Buffer.alloc(16 * 1024 * 1024, 7);
      const native = await timed(5, () => digestHex('sm3', blob, 'native'));
      const js = await timed(5, () => digestHex('sm3', blob, 'js'));
      const mbps = (ms: number) => round(16 / (ms / 1000), 1);
      return [
        { name: 'package build per case (5 scanned pages), p50', value: round(build, 1), unit: 'ms', baseline: { name: '5 pages → PDF alone', value: convert }, note: `${CASES} cases, payload ${Math.round(bytes / 1024)} KiB` },
        { name: 'four-property check per case, p50', value: round(full, 1), unit: 'ms', baseline: { name: 'RFC 8493 check alone', value: bagitOnly } },
        { name: 'SM3 pure JS throughput', value: mbps(js), unit: 'MB/s', baseline: { name: 'node native SM3', value: mbps(native) } },
      ];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default suite;
