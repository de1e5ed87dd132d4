import { afterEach, describe, expect, it } from 'vitest';
import { FAST_TIMINGS, SAMPLE_CARDS, SamIdCardReader, SimulatedReaderTransport, IdCardError, type SimReaderOptions } from '../../../native/idcard';
import type { CardRead, DeviceState } from '../../../native/types';

const readers: SamIdCardReader[] = [];
function make(opts: SimReaderOptions = {}, readerOpts = {}) {
  const sim = new SimulatedReaderTransport({ timings: FAST_TIMINGS, ...opts });
  const dev = new SamIdCardReader('sim-idcard', '模拟读卡器', sim, { timeouts: { status: 50, find: 50, select: 50, read: 80, address: 50 }, ...readerOpts });
  readers.push(dev);
  return { sim, dev };
}
afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.close()));
});

describe('simulated reader: read flow', () => {
  for (const [type, card] of Object.entries(SAMPLE_CARDS)) {
    it(`reads a ${type} card through real protocol bytes`, async () => {
      const { sim, dev } = make({ chunkSize: 64, noiseBeforeFrames: true });
      sim.present(card);
      const read = await dev.readCard();
      expect(read.identity).toEqual(card.identity);
      expect(read.photoWlt.length).toBe(1024);
      expect(read.cardSerial).toMatch(/^[0-9A-F]{16}$/);
      expect(read.additionalAddress).toBe(card.additionalAddress);
      expect(sim.log.slice(0, 3)).toEqual(['2001', '2002', '3001']);
      expect(dev.info()).toMatchObject({ kind: 'idcard', simulated: true, state: 'ready', transport: 'simulated' });
    });
  }

  it('no card: IDCARD_NO_CARD after two finds', async () => {
    const { sim, dev } = make();
    await expect(dev.readCard()).rejects.toMatchObject({ code: 'IDCARD_NO_CARD' });
    expect(sim.log).toEqual(['2001', '2001']);
  });

  it('the card must leave the field before the next read', async () => {
    const { sim, dev } = make();
    sim.present(SAMPLE_CARDS.resident);
    await dev.readCard();
    await expect(dev.readCard()).rejects.toMatchObject({ code: 'IDCARD_NO_CARD' });
    sim.remove();
    sim.present(SAMPLE_CARDS.resident);
    await expect(dev.readCard()).resolves.toMatchObject({ identity: { name: '张三丰' } });
  });

  it('timeout of the read command gives a clear message after retries', async () => {
    const { sim, dev } = make();
    sim.present(SAMPLE_CARDS.resident);
    sim.inject({ kind: 'timeout', on: 'read', times: 3 });
    const err = await dev.readCard().catch((e) => e);
    expect(err).toBeInstanceOf(IdCardError);
    expect(err.code).toBe('IDCARD_TIMEOUT');
    expect(err.message).toContain('读取证件信息');
    expect(err.message).toContain('80 毫秒');
    expect(dev.info().state).toBe('error');
    expect(dev.info().lastError?.code).toBe('IDCARD_TIMEOUT');
  });

  it('a single timeout or corrupted frame is retried transparently', async () => {
    const { sim, dev } = make();
    sim.present(SAMPLE_CARDS['foreign-2023']);
    sim.inject({ kind: 'timeout', on: 'select' });
    sim.inject({ kind: 'corrupt', on: 'read' });
    const read = await dev.readCard();
    expect(read.identity.cardType).toBe('foreign-2023');
    expect(sim.log.filter((c) => c === '3001').length).toBe(2);
  });

  it('corrupted frames beyond the retry budget surface as IDCARD_FRAME_CHECKSUM', async () => {
    const { sim, dev } = make({}, { retries: 1 });
    sim.present(SAMPLE_CARDS.resident);
    sim.inject({ kind: 'corrupt', on: 'find', times: 5 });
    await expect(dev.readCard()).rejects.toMatchObject({ code: 'IDCARD_FRAME_CHECKSUM' });
  });

  it('late answers to a timed-out read do not confuse the next read', async () => {
    const trace: string[] = [];
    const { sim, dev } = make({}, { retries: 0, trace: (l: string) => trace.push(l), timeouts: { status: 50, find: 400, select: 50, read: 80, address: 50 } });
    sim.present(SAMPLE_CARDS.resident);
    // read answers ~100 ms after it was sent, 20 ms after the 80 ms timeout
    sim.inject({ kind: 'late', on: 'read', extraMs: 100 });
    await expect(dev.readCard()).rejects.toMatchObject({ code: 'IDCARD_TIMEOUT' });
    // the card is re-placed at once; the next find is slow, so the stale read lands during it
    sim.remove();
    sim.present(SAMPLE_CARDS['foreign-2017']);
    sim.inject({ kind: 'late', on: 'find', extraMs: 200 });
    const read = await dev.readCard();
    expect(read.identity.cardType).toBe('foreign-2017');
    expect(trace.some((l) => l.includes('ignored a stale 1284-byte answer'))).toBe(true);
  });

  it('SAM errors map to their typed errors and are not retried', async () => {
    const { sim, dev } = make();
    sim.present(SAMPLE_CARDS.resident);
    sim.inject({ kind: 'sam-error', on: 'read', sw3: 0x32 });
    await expect(dev.readCard()).rejects.toMatchObject({ code: 'IDCARD_SAM_AUTH_CARD', sw3: 0x32 });
    sim.inject({ kind: 'sam-error', on: 'status', sw3: 0x60 });
    await expect(dev.reader.samStatus()).rejects.toMatchObject({ code: 'IDCARD_SAM_SELFTEST' });
  });

  it('a missing additional address (SW3 91) is not an error', async () => {
    const { sim, dev } = make();
    sim.present({ identity: SAMPLE_CARDS.resident.identity });
    const read = await dev.readCard();
    expect(read.additionalAddress).toBeUndefined();
    expect(sim.log).toContain('3003');
  });

  it('calls the WLT decoder hook and survives its failure', async () => {
    const { sim, dev } = make({}, { wltDecoder: async (w: Uint8Array) => Uint8Array.of(0x42, 0x4d, w.length & 0xff) });
    sim.present(SAMPLE_CARDS.resident);
    expect((await dev.readCard()).photoBmp).toEqual(Uint8Array.of(0x42, 0x4d, 0));
    const b = make({}, { wltDecoder: async () => { throw new Error('WltRS.dll missing'); } });
    b.sim.present(SAMPLE_CARDS.resident);
    const r = await b.dev.readCard();
    expect(r.photoBmp).toBeUndefined();
    expect(r.photoError).toContain('WltRS.dll missing');
  });

  it('unplugged reader: IDCARD_NOT_CONNECTED, state absent', async () => {
    const { sim, dev } = make();
    sim.unplug();
    await expect(dev.readCard()).rejects.toMatchObject({ code: 'IDCARD_NOT_CONNECTED' });
    expect(dev.info().state).toBe('absent');
  });
});

describe('simulated reader: watch and hot-plug', () => {
  type Emitter = { on(e: 'card' | 'state', l: (x: never) => void): unknown; off(e: 'card' | 'state', l: (x: never) => void): unknown };
  function next<T>(emitter: Emitter, event: 'card' | 'state', pred: (x: T) => boolean = () => true): Promise<T> {
    return new Promise((resolve) => {
      const l = (x: T) => {
        if (pred(x)) {
          emitter.off(event, l);
          resolve(x);
        }
      };
      emitter.on(event, l);
    });
  }

  it('emits each presented card once and recovers after unplug/replug', async () => {
    const { sim, dev } = make();
    const w = dev.watch({ intervalMs: 5, reconnectMs: 10 });
    const states: DeviceState[] = [];
    const errors: string[] = [];
    w.on('state', (s) => states.push(s));
    w.on('error', (e) => errors.push(e.code));
    const cards: CardRead[] = [];
    w.on('card', (c) => cards.push(c));

    sim.present(SAMPLE_CARDS.resident);
    await next<CardRead>(w, 'card');
    await new Promise((r) => setTimeout(r, 40)); // card stays on the reader: no duplicate
    expect(cards.length).toBe(1);

    const absent = next<DeviceState>(w, 'state', (s) => s === 'absent');
    sim.unplug();
    await absent;
    await new Promise((r) => setTimeout(r, 30));
    sim.plug();
    sim.present(SAMPLE_CARDS['residence-permit']);
    const c2 = await next<CardRead>(w, 'card');
    expect(c2.identity.cardType).toBe('residence-permit');
    expect(errors).toContain('IDCARD_NOT_CONNECTED');
    expect(states).toContain('absent');
    expect(states.at(-1)).toBe('ready');
    await w.stop();
  });

  it('async iterator yields cards and ends on stop', async () => {
    const { sim, dev } = make();
    const w = dev.watch({ intervalMs: 5 });
    sim.present(SAMPLE_CARDS['foreign-2017']);
    const it = w[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value?.identity.idNumber).toBe('USA310070013101');
    const pending = it.next();
    await w.stop();
    expect((await pending).done).toBe(true);
  });
});
