import { describe, expect, it } from 'vitest';
import { HidReaderTransport, KNOWN_HID_READERS, SAMPLE_CARDS, SamIdCardReader } from '../../../native/idcard';
import type { CardRead } from '../../../native/types';
import { fakeNodeHid } from '../../fixtures/native/fake-hid';

const timeouts = { status: 100, find: 100, select: 100, read: 200, address: 100 };

describe('HID transport (node-hid replaced by a fake device backed by the simulator)', () => {
  it('plain HIDIDR framing: report ID 0 + 64-byte reports, zero-padded responses', async () => {
    const model = KNOWN_HID_READERS.find((m) => m.framing === 'plain')!;
    const f = fakeNodeHid({ vendorId: model.vendorId, productId: model.productId });
    const dev = new SamIdCardReader('hid', model.model, new HidReaderTransport(model, undefined, f.hid), { timeouts });
    f.sim.present(SAMPLE_CARDS['residence-permit']);
    const r = await dev.readCard();
    expect(r.identity).toEqual(SAMPLE_CARDS['residence-permit'].identity);
    expect(dev.info()).toMatchObject({ transport: 'usb-hid', simulated: false, state: 'ready' });
    await dev.close();
  });

  it('Miaxis envelope framing reaches the SAM intact', async () => {
    const model = KNOWN_HID_READERS.find((m) => m.framing === 'miaxis')!;
    const f = fakeNodeHid({ vendorId: model.vendorId, productId: model.productId, miaxis: true, payloadPerReport: model.payloadPerReport });
    const dev = new SamIdCardReader('hid', model.model, new HidReaderTransport(model, undefined, f.hid), { timeouts });
    f.sim.present(SAMPLE_CARDS['foreign-2017']);
    expect((await dev.readCard()).identity.nameEn).toBe('SMITH, JOHN ALEXANDER');
    expect(dev.info().transport).toBe('usb-hid-miaxis');
    await dev.close();
  });

  it('unplug → absent; replug → the poller recovers by itself', async () => {
    const model = KNOWN_HID_READERS[0];
    const f = fakeNodeHid({ vendorId: model.vendorId, productId: model.productId });
    const dev = new SamIdCardReader('hid', model.model, new HidReaderTransport(model, undefined, f.hid), { timeouts });
    const w = dev.watch({ intervalMs: 5, reconnectMs: 10 });
    const states: string[] = [];
    w.on('state', (s) => states.push(s));
    w.on('error', () => undefined);
    f.sim.present(SAMPLE_CARDS.resident);
    await new Promise((r) => w.on('card', r));
    f.unplug();
    expect(dev.info().state).toBe('absent');
    await new Promise((r) => setTimeout(r, 40));
    f.plug();
    f.sim.remove();
    f.sim.present(SAMPLE_CARDS['foreign-2023']);
    const card = await new Promise<CardRead>((r) => w.on('card', r));
    expect(card.identity.cardType).toBe('foreign-2023');
    expect(states).toContain('absent');
    await w.stop();
    await dev.close();
  });
});
