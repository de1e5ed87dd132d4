import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DeviceRegistry, type CardRead, type CardWatcher, type DeviceSettings } from '../../../native';
import { type SimCard } from '../../../native/idcard';
import { CupsPrinter, listCupsPrinters } from '../../../native/printer';
import type { IdentityView } from '../../../preload/contract/devices';
import demoApplicants from '../../../resources/demo/applicants.json';
import { DeskError } from '../../core/errors';
import { maskIdNumber } from '../../core/identity';
import type { SettingsStore } from '../../core/settings';
import type { DomainBase } from './base';

/** The counter's devices as handlers reach them (ws.devices): the registry plus the per-counter card watchers. */
export interface DevicesDomain {
  registry: DeviceRegistry;
  simulated: boolean;
  watchers: Map<string, CardWatcher>;
  /** A fresh folder for one operation's output files (scans) under the devices work dir. */
  scratchDir(name: string): string;
  printers(): Promise<Array<{ name: string; isDefault: boolean; state: string }>>;
  cardView(read: CardRead): { identity: IdentityView; simulated: boolean; readAt: string; hasPhoto: boolean };
  demoCard(idNumber: string): SimCard;
}

/** Builds the registry from settings: simulated devices unless the admin chose real ones. */
export function deviceSettings(settings: SettingsStore, workDir: string): DeviceSettings {
  if (settings.get('deviceMode') === 'simulated') return { workDir };
  const reader = settings.get('idcardReader');
  const [vid, pid] = (reader ?? '0400:c35a').split(':').map((h) => parseInt(h, 16));
  const scanner = settings.get('scannerDevice');
  const queue = settings.get('printerQueue');
  return {
    workDir,
    idcard: { mode: 'hid', vendorId: vid, productId: pid },
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


export async function createDevicesDomain(base: DomainBase): Promise<DevicesDomain> {
  const workDir = base.opts.dataDir === ':memory:' ? fs.mkdtempSync('/tmp/wd-devices-') : path.join(base.opts.dataDir, 'devices');
  fs.mkdirSync(workDir, { recursive: true });
  const registry = new DeviceRegistry(deviceSettings(base.settings, workDir));
  const watchers = new Map<string, CardWatcher>();
  base.statusParts.devices = () => registry.list().map((d) => ({ kind: d.kind, model: d.model, simulated: d.simulated, state: d.state }));
  base.onClose(async () => {
    for (const w of watchers.values()) await w.stop();
    await registry.close();
  });
  return {
    registry,
    simulated: registry.simReader !== undefined,
    watchers,
    scratchDir(name) {
      const dir = path.join(workDir, name, randomUUID());
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    },
    async printers() {
      const p = registry.printer;
      if (!p) return [];
      if (p instanceof CupsPrinter) return (await listCupsPrinters()).map((q) => ({ name: q.name, isDefault: q.isDefault, state: q.state }));
      return [{ name: p.info().model, isDefault: true, state: 'idle' }];
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
    demoCard(idNumber) {
      const p = (demoApplicants.persons as DemoPerson[]).find((x) => x.idNumber === idNumber);
      if (!p) throw new DeskError('DEMO_CARD_UNKNOWN', '演示数据中没有该身份证号码的人员。');
      return {
        identity: {
          cardType: 'resident', name: p.name, sex: p.sex === '女' ? 'female' : 'male', nation: p.nation, birthDate: p.birthDate,
          address: p.address, idNumber: p.idNumber, authority: p.issuer, validFrom: p.validFrom, validTo: p.validTo,
        },
      };
    },
  };
}

