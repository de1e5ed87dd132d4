import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DeviceRegistry, type CardRead, type CardWatcher, type DeviceSettings } from '../../../native';
import { type SimCard } from '../../../native/idcard';
import { CupsPrinter, listCupsPrinters } from '../../../native/printer';
import type { BarcodeScan } from '../../../native/types';
import type { BarcodeScanView, IdentityView } from '../../../preload/contract/devices';
import demoApplicants from '../../../resources/demo/applicants.json';
import { DeskError } from '../../../common/errors';
import { birthDateFromId, maskIdNumber, sexFromId } from '../../../common/identity';
import type { EventBus } from '../../core/events';
import type { SettingsStore } from '../../core/settings';
import type { StatusSnapshot } from '../../../preload/contract/system';
import type { Logger } from '../logger';
import type { Lifecycle } from './deps';

/** What the devices domain is built from: nothing else of the workstation reaches it. */
export interface DevicesDeps extends Lifecycle {
  /** The devices' work folder goes under it (a temporary one for `:memory:`). */
  dataDir: string;
  settings: SettingsStore;
  bus: EventBus;
  log: Logger;
  /** Push the status bar again after the devices changed. */
  publishStatus(): void;
  /**
   * Today's booked person with this ID number (the queue's cached appointments), so the SIMULATED
   * reader can present a demo card for a demo booking's holder too (demo and training only).
   */
  bookedPerson?(idNumber: string): { name: string } | null;
}

/** The counter's devices as handlers reach them (ws.devices): the registry plus the per-counter card watchers. */
export interface DevicesDomain {
  /** The current registry; replaced by reconfigure(), so read it at use, never keep it. */
  readonly registry: DeviceRegistry;
  readonly simulated: boolean;
  watchers: Map<string, CardWatcher>;
  /** Counters that receive `devices.barcode` from the workstation's HID-POS/simulated scanner. */
  barcodeCounters: Set<string>;
  /** What the barcode forwarding carries: the main-process scanner's kind, or 'none' for a keyboard wedge. */
  barcodeSource(): 'hid-pos' | 'simulated' | 'none';
  /** Closes the devices and builds them again from the current settings; card watchers stop. */
  reconfigure(): Promise<void>;
  barcodeView(scan: BarcodeScan): BarcodeScanView;
  /** A fresh folder for one operation's output files (scans) under the devices work dir. */
  scratchDir(name: string): string;
  printers(): Promise<Array<{ name: string; isDefault: boolean; state: string; simulated: boolean }>>;
  cardView(read: CardRead): { identity: IdentityView; simulated: boolean; readAt: string; hasPhoto: boolean };
  demoCard(idNumber: string): SimCard;
  /** Takes any card off the SIMULATED reader and places `card` (none: just taken off); refused with a real reader. */
  placeSimulatedCard(card: SimCard | null): void;
  /** The devices' part of the status bar. */
  summary(): StatusSnapshot['devices'];
}

/** Builds the registry from settings: simulated devices unless the admin chose real ones. */
export function deviceSettings(settings: SettingsStore, workDir: string): DeviceSettings {
  if (settings.get('deviceMode') === 'simulated') return { workDir };
  const reader = settings.get('idcardReader');
  const [vid, pid] = (reader ?? '').split(':').map((h) => parseInt(h, 16));
  const scanner = settings.get('scannerDevice');
  const queue = settings.get('printerQueue');
  return {
    workDir,
    // No reader chosen yet: the registry keeps its simulated reader, labelled 模拟, until the admin picks one.
    ...(reader ? { idcard: { mode: 'hid' as const, vendorId: vid, productId: pid } } : {}),
    barcode: { mode: 'wedge' },
    scanner: scanner ? { mode: 'sane', device: scanner } : { mode: 'simulated' },
    printer: queue ? { mode: 'cups', queue } : { mode: 'simulated' },
  };
}

interface DemoPerson {
  name: string;
  idNumber: string;
  sex: string;
  nation: string;
  birthDate: string;
  address: string;
  issuer: string;
  validFrom: string;
  validTo: string;
}


/**
 * A bad device setting (an unsupported reader) must not keep the workstation from starting:
 * start without that reader (the simulated one, labelled 模拟) and say why in the diagnostics.
 */
function buildRegistry(deps: DevicesDeps, workDir: string): DeviceRegistry {
  const wanted = deviceSettings(deps.settings, workDir);
  try {
    return new DeviceRegistry(wanted);
  } catch (e) {
    if (!(e instanceof DeskError) || e.code !== 'DEVICE_SETTINGS_INVALID') throw e;
    const fallback = new DeviceRegistry({ ...wanted, idcard: undefined });
    fallback.diagnostics.add('error', 'registry', `${e.message} — 已改用模拟读卡器启动。`);
    deps.log.error(`devices: ${e.message}; starting with the simulated reader`);
    return fallback;
  }
}

export function createDevicesDomain(deps: DevicesDeps): DevicesDomain {
  const workDir = deps.dataDir === ':memory:' ? fs.mkdtempSync('/tmp/wd-devices-') : path.join(deps.dataDir, 'devices');
  fs.mkdirSync(workDir, { recursive: true });
  let registry = buildRegistry(deps, workDir);
  const watchers = new Map<string, CardWatcher>();
  const barcodeCounters = new Set<string>();
  let barcodeOff: (() => void) | undefined;
  const barcodeView = (scan: BarcodeScan): BarcodeScanView => ({ ...scan, simulated: registry.barcode?.info().simulated ?? false });

  // One subscription per registry, fanned out to the counters that asked: the scanner belongs to
  // the workstation, the scan to whoever is serving at it.
  const attachBarcode = () => {
    barcodeOff?.();
    barcodeOff = undefined;
    const scanner = registry.barcode;
    if (!scanner) return;
    barcodeOff = scanner.onScan((scan) => {
      registry.diagnostics.add('info', 'barcode', `scan ${scan.payload.kind} (${scan.raw.length} chars) → ${barcodeCounters.size} counter(s)`);
      for (const counterId of barcodeCounters) deps.bus.emit('devices.barcode', barcodeView(scan), counterId);
    });
    scanner.open().catch((e: Error) => registry.diagnostics.add('error', 'barcode', `open failed: ${e.message}`));
  };
  attachBarcode();

  const stopWatchers = async () => {
    for (const w of watchers.values()) await w.stop();
    watchers.clear();
  };
  deps.onClose(async () => {
    barcodeOff?.();
    await stopWatchers();
    await registry.close();
  });
  return {
    get registry() {
      return registry;
    },
    get simulated() {
      return registry.simReader !== undefined;
    },
    watchers,
    barcodeCounters,
    barcodeSource() {
      const info = registry.barcode?.info();
      if (!info) return 'none';
      return info.simulated ? 'simulated' : 'hid-pos';
    },
    async reconfigure() {
      // Build the new set first: a bad setting (unknown reader ids) throws here and leaves the working devices in place.
      const next = new DeviceRegistry(deviceSettings(deps.settings, workDir));
      await stopWatchers();
      barcodeOff?.();
      const old = registry;
      registry = next;
      attachBarcode();
      await old.close().catch((e: Error) => next.diagnostics.add('warn', 'registry', `closing the previous devices: ${e.message}`));
      next.diagnostics.add('info', 'registry', `reconfigured: ${next.list().map((d) => `${d.kind}=${d.model}${d.simulated ? ' (模拟)' : ''}`).join(', ')}`);
      deps.publishStatus();
    },
    barcodeView,
    scratchDir(name) {
      const dir = path.join(workDir, name, randomUUID());
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    },
    async printers() {
      // The CUPS queues are listed even while the simulated printer is active, so an admin can choose one.
      const p = registry.printer;
      const sim = p && !(p instanceof CupsPrinter) ? [{ name: p.info().model, isDefault: true, state: 'idle', simulated: true }] : [];
      try {
        return [...sim, ...(await listCupsPrinters()).map((q) => ({ name: q.name, isDefault: q.isDefault && sim.length === 0, state: q.state, simulated: false }))];
      } catch (e) {
        if (sim.length) return sim;
        throw e;
      }
    },
    cardView(read) {
      const { identity } = read;
      return {
        identity: { ...identity, idNumberMasked: maskIdNumber(identity.idNumber), additionalAddress: read.additionalAddress },
        simulated: registry.simReader !== undefined,
        readAt: read.readAt,
        hasPhoto: read.photoWlt.length > 0,
      };
    },
    summary() {
      return registry.list().map((d) => ({ kind: d.kind, model: d.model, simulated: d.simulated, state: d.state }));
    },
    placeSimulatedCard(card) {
      const sim = registry.simReader;
      if (!sim) throw new DeskError('DEVICE_NOT_SIMULATED', '当前使用真实读卡器，不能放置模拟卡片。');
      sim.remove();
      if (card) sim.present(card);
    },
    demoCard(idNumber) {
      const p = (demoApplicants.persons as DemoPerson[]).find((x) => x.idNumber === idNumber) ?? bookedDemoPerson(idNumber, deps.bookedPerson);
      if (!p) throw new DeskError('DEMO_CARD_UNKNOWN', '演示数据和今天的预约中都没有该身份证号码的人员。');
      return {
        identity: {
          cardType: 'resident', name: p.name, sex: p.sex === '女' ? 'female' : 'male', nation: p.nation, birthDate: p.birthDate,
          address: p.address, idNumber: p.idNumber, authority: p.issuer, validFrom: p.validFrom, validTo: p.validTo,
        },
      };
    },
  };
}

/**
 * A demo card for a demo booking's holder: the booking gives the name, the ID number gives birth
 * date and sex; the rest is plainly demo data. Only the SIMULATED reader ever presents it.
 */
function bookedDemoPerson(idNumber: string, lookup: DevicesDeps['bookedPerson']): DemoPerson | null {
  const booked = lookup?.(idNumber);
  const birthDate = birthDateFromId(idNumber);
  if (!booked || !birthDate) return null;
  return {
    name: booked.name, idNumber, sex: sexFromId(idNumber) === 'female' ? '女' : '男', nation: '汉', birthDate,
    address: '上海市（演示数据）', issuer: '上海市公安局（演示数据）', validFrom: '2020-01-01', validTo: '2040-01-01',
  };
}
