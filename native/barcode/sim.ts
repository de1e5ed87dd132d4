import { EventEmitter } from 'node:events';
import type { BarcodeScan, BarcodeScanner, DeviceInfo } from '../types';
import { classifyBarcode, type ClassifyOptions } from '../../common/barcode/classify';

/** A simulated scanner: `scan(text)` is what a technician or a demo script "scans". */
export class SimulatedBarcodeScanner extends EventEmitter implements BarcodeScanner {
  readonly kind = 'barcode' as const;
  private opened = false;

  constructor(
    readonly id = 'sim-barcode',
    private readonly classify: ClassifyOptions = {},
  ) {
    super();
  }

  info(): DeviceInfo {
    return { id: this.id, kind: 'barcode', model: '模拟扫码枪（非真实设备）', transport: 'simulated', simulated: true, state: this.opened ? 'ready' : 'absent' };
  }

  async open(): Promise<void> {
    this.opened = true;
  }

  scan(raw: string, symbology = ']Q1'): BarcodeScan {
    const s: BarcodeScan = { raw, symbology, payload: classifyBarcode(raw, this.classify), at: new Date().toISOString() };
    if (this.opened) this.emit('scan', s);
    return s;
  }

  onScan(listener: (scan: BarcodeScan) => void): () => void {
    this.on('scan', listener);
    return () => this.off('scan', listener);
  }

  async close(): Promise<void> {
    this.opened = false;
  }
}
