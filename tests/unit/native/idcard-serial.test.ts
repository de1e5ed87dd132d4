import { describe, expect, it } from 'vitest';
import { SerialPortMock } from 'serialport';
import { SAMPLE_CARDS, SamIdCardReader, SerialReaderTransport, SimulatedReaderTransport, FAST_TIMINGS, type SerialPortLike } from '../../../native/idcard';

// serialport's own mock binding stands in for /dev/ttyACM0; the simulated SAM answers behind it.
function mockedSerial(path: string) {
  SerialPortMock.binding.createPort(path, { echo: false, record: true });
  const sim = new SimulatedReaderTransport({ timings: FAST_TIMINGS, chunkSize: 7 });
  let port: SerialPortMock | undefined;
  const factory = (p: string, baudRate: number): SerialPortLike => {
    port = new SerialPortMock({ path: p, baudRate, autoOpen: false });
    port.on('open', () => {
      const binding = port!.port!;
      const write = binding.write.bind(binding);
      binding.write = async (buf: Buffer) => {
        await write(buf);
        await sim.write(new Uint8Array(buf));
      };
      sim.removeAllListeners('data');
      sim.on('data', (chunk: Uint8Array) => binding.emitData(Buffer.from(chunk)));
    });
    return port as unknown as SerialPortLike;
  };
  return { sim, factory, port: () => port! };
}

describe('serial / USB-CDC transport', () => {
  it('reads a card over a (mock) serial port with fragmented responses', async () => {
    const m = mockedSerial('/dev/ttyWD0');
    await m.sim.open();
    const dev = new SamIdCardReader('serial', 'CDC', new SerialReaderTransport('/dev/ttyWD0', 115200, m.factory), { timeouts: { find: 200, select: 200, read: 300, address: 200 } });
    m.sim.present(SAMPLE_CARDS.resident);
    const r = await dev.readCard();
    expect(r.identity.name).toBe('张三丰');
    expect(r.additionalAddress).toBe('上海市徐汇区漕溪北路88号');
    expect(m.port().port!.recording.subarray(0, 10).toString('hex')).toBe('aaaaaa96690003200122');
    expect(dev.info().transport).toBe('serial');
    await dev.close();
  });

  it('a port that does not exist is IDCARD_NOT_CONNECTED; a closed port emits disconnect', async () => {
    const m = mockedSerial('/dev/ttyWD1');
    await m.sim.open();
    const missing = new SamIdCardReader('s', 'CDC', new SerialReaderTransport('/dev/ttyNOPE', 115200, m.factory));
    await expect(missing.readCard()).rejects.toMatchObject({ code: 'IDCARD_NOT_CONNECTED' });
    const t = new SerialReaderTransport('/dev/ttyWD1', 115200, m.factory);
    await t.open();
    const gone = new Promise((r) => t.once('disconnect', r));
    m.port().close();
    await gone;
    expect(t.isOpen).toBe(false);
  });
});
