import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchFigure, BenchSuite } from './types';
import { percentile, round } from './stats';
import {
  DEFAULT_TIMINGS,
  SAMPLE_CARDS,
  SamIdCardReader,
  SimulatedReaderTransport,
  decodeResponse,
  encodeIdentityText,
  encodeResponse,
  parseIdentityText,
} from '../../native/idcard';
import type { CardRead } from '../../native/types';
import { SaneScanner, SimulatedScanner } from '../../native/scanner';
import { assembleMaterialPdf } from '../../native/pages';
import { saneTestEnv } from '../fixtures/native/sane';

const POLL_MS = 300;

/** Card placed at a random moment relative to the poll cycle → 'card' event with the parsed identity. */
async function cardToIdentity(): Promise<BenchFigure[]> {
  const sim = new SimulatedReaderTransport({ timings: DEFAULT_TIMINGS, chunkSize: 64 });
  const dev = new SamIdCardReader('bench', 'sim', sim);
  const w = dev.watch({ intervalMs: POLL_MS });
  const cards = Object.values(SAMPLE_CARDS);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 53 * i)); // spread the placement across the poll cycle
    let onCard: (c: CardRead) => void = () => undefined;
    const got = new Promise<CardRead>((resolve) => w.on('card', (onCard = resolve)));
    const t0 = performance.now();
    sim.present(cards[i % cards.length]);
    await got;
    samples.push(performance.now() - t0);
    w.off('card', onCard);
    sim.remove();
    await new Promise((r) => setTimeout(r, POLL_MS + 80)); // let the poller see the empty field
  }
  await w.stop();
  await dev.close();
  const deviceTime = DEFAULT_TIMINGS.find + DEFAULT_TIMINGS.select + DEFAULT_TIMINGS.read + DEFAULT_TIMINGS.address;
  // pure codec cost: decode the 1295-byte frame and parse the text block
  const frame = encodeResponse(0x90, new Uint8Array([0x01, 0x00, 0x04, 0x00, ...encodeIdentityText(SAMPLE_CARDS.resident.identity), ...new Uint8Array(1024)]));
  const n = 20000;
  const t = performance.now();
  for (let i = 0; i < n; i++) parseIdentityText(decodeResponse(frame).data.subarray(4, 260));
  const codecUs = ((performance.now() - t) / n) * 1000;
  const note = `simulated reader: find ${DEFAULT_TIMINGS.find} ms, select ${DEFAULT_TIMINGS.select} ms, text+photo read ${DEFAULT_TIMINGS.read} ms, 追加住址 ${DEFAULT_TIMINGS.address} ms, poll every ${POLL_MS} ms, 64-byte HID-sized chunks; ${samples.length} cards`;
  return [
    { name: 'ID card presented → identity parsed, median', value: round(percentile(samples, 50), 1), unit: 'ms', baseline: { name: 'sum of simulated device latencies', value: deviceTime }, note },
    { name: 'ID card presented → identity parsed, max', value: round(Math.max(...samples), 1), unit: 'ms', baseline: { name: 'device latencies + one poll interval', value: deviceTime + POLL_MS } },
    { name: 'decode 1295-byte frame + parse identity text', value: round(codecUs, 2), unit: 'µs', note: `${n} iterations` },
  ];
}

async function saneBatch(): Promise<BenchFigure[]> {
  const sane = saneTestEnv();
  if (!sane.available) return [{ name: 'SANE ADF batch (skipped)', value: NaN, unit: 'ms', note: sane.reason }];
  const out = mkdtempSync(join(tmpdir(), 'wd-bench-sane-'));
  try {
    const s = new SaneScanner('test:0', { env: sane.env });
    await s.listOptions(); // options are cached per scanner; measure the scans themselves
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const pages = await s.scan({ source: 'adf', resolution: 150, mode: 'gray', format: 'png', maxPages: 5, outDir: join(out, String(i)) });
      samples.push(performance.now() - t);
      if (pages.length !== 5) throw new Error(`expected 5 pages, got ${pages.length}`);
    }
    return [{ name: 'SANE test backend: 5-page ADF batch to PNG files, median', value: round(percentile(samples, 50), 1), unit: 'ms', note: 'scanimage --batch, 150 dpi gray, test:0 default page (solid black), 3 runs' }];
  } finally {
    sane.cleanup();
    rmSync(out, { recursive: true, force: true });
  }
}

async function pdfAssembly(): Promise<BenchFigure[]> {
  const out = mkdtempSync(join(tmpdir(), 'wd-bench-pdf-'));
  try {
    const pages = await new SimulatedScanner('b', { feederPages: 5 }).scan({ source: 'adf', resolution: 300, mode: 'color', outDir: out });
    const inputBytes = pages.reduce((n, p) => n + p.bytes, 0);
    const samples: number[] = [];
    let size = 0;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const r = await assembleMaterialPdf(pages.map((p) => p.path));
      samples.push(performance.now() - t);
      size = r.pdf.length;
    }
    return [
      { name: 'PDF assembly: 5 A4 pages at 300 dpi → one PDF at 200 dpi, median', value: round(percentile(samples, 50), 1), unit: 'ms', note: 'sharp resize + JPEG q72, pdfmake; 3 runs' },
      { name: 'PDF assembly: output size for 5 pages', value: round(size / 1024, 1), unit: 'KiB', baseline: { name: 'input PNG pages', value: round(inputBytes / 1024, 1) } },
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const suite: BenchSuite = {
  name: 'devices',
  async run() {
    return [...(await cardToIdentity()), ...(await saneBatch()), ...(await pdfAssembly())];
  },
};
export default suite;
