// `npm run bench [-- name…]`: runs every tests/bench/*.bench.ts suite in one process and
// prints each figure with its ratio to the baseline measured in the same run.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchFigure, BenchSuite } from './types';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.startsWith(o)))).sort();

function line(f: BenchFigure): string {
  const value = `${Number.isInteger(f.value) ? f.value : f.value.toFixed(3)} ${f.unit}`;
  const ratio = f.baseline ? `  (baseline ${f.baseline.name}: ${f.baseline.value.toFixed(3)} ${f.unit}; ratio ${(f.value / f.baseline.value).toFixed(2)}×)` : '';
  return `  ${f.name.padEnd(58)} ${value}${ratio}${f.note ? `  — ${f.note}` : ''}`;
}

const all: Array<BenchFigure & { suite: string }> = [];
for (const file of files) {
  const suite = (await import(pathToFileURL(path.join(dir, file)).href)).default as BenchSuite;
  console.log(`\n## ${suite.name} (${file})`);
  const started = performance.now();
  try {
    const figures = await suite.run();
    for (const f of figures) {
      console.log(line(f));
      all.push({ ...f, suite: suite.name });
    }
  } catch (e) {
    console.log(`  FAILED: ${(e as Error).stack ?? e}`);
    process.exitCode = 1;
  }
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
const outFile = process.env.BENCH_JSON;
if (outFile) fs.writeFileSync(outFile, JSON.stringify(all, null, 2));
