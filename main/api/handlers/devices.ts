import { SimulatedBarcodeScanner } from '../../../native/barcode';
import { SAMPLE_CARDS } from '../../../native/idcard';
import { DeskError } from '../../../common/errors';
import type { AuditLog } from '../../core/audit';
import type { EventBus } from '../../core/events';
import type { FileStore } from '../../core/files';
import type { StatusMonitor } from '../../core/status';
import { sessionOf, type Connection } from '../context';
import type { DevicesDomain } from '../domains/devices';
import type { HandlerMap } from './types';

/** The devices handlers see the counter's devices and what they report to: bus, status bar, audit, file store. */
export interface DevicesContext {
  conn: Connection;
  devices: DevicesDomain;
  bus: EventBus;
  status: Pick<StatusMonitor, 'publish'>;
  audit: AuditLog;
  files: FileStore;
}

type DeviceCalls = 'devices.list' | 'devices.test' | 'devices.diagnostics' | 'devices.readIdCard' | 'devices.watchIdCard' | 'devices.simulateCard'
  | 'devices.watchBarcode' | 'devices.simulateBarcode' | 'devices.reconfigure' | 'devices.scan' | 'devices.uploadCapture' | 'devices.printers' | 'devices.print' | 'files.read';

const IMAGE_MAGIC: Record<string, number[]> = { 'image/png': [0x89, 0x50, 0x4e, 0x47], 'image/jpeg': [0xff, 0xd8, 0xff], 'application/pdf': [0x25, 0x50, 0x44, 0x46] };
const MAX_READ_BYTES = 20 * 1024 * 1024;

function counterOf(ctx: DevicesContext): string {
  const c = sessionOf(ctx).counterId;
  if (!c) throw new DeskError('NO_COUNTER', '登录时未选择窗口，无法使用窗口设备。');
  return c;
}

export const devicesHandlers: HandlerMap<DeviceCalls, DevicesContext> = {
  'devices.list'(_i, ctx) {
    return ctx.devices.registry.list().map((d) => ({ ...d, lastError: d.lastError ? { ...d.lastError, at: String(d.lastError.at) } : undefined }));
  },
  async 'devices.test'({ kind }, ctx) {
    const r = await ctx.devices.registry.test(kind);
    ctx.bus.emit('devices.changed', (await devicesHandlers['devices.list']({}, ctx)) as never);
    ctx.status.publish();
    return { ok: r.ok, summary: r.summary, simulated: r.simulated, durationMs: r.durationMs, error: r.error };
  },
  'devices.diagnostics'(_i, ctx) {
    return { text: ctx.devices.registry.diagnostics.text() };
  },
  async 'devices.readIdCard'(_i, ctx) {
    const reader = ctx.devices.registry.idcard;
    if (!reader) throw new DeskError('DEVICE_NOT_CONFIGURED', '未配置身份证读卡器。');
    return ctx.devices.cardView(await reader.readCard());
  },
  async 'devices.watchIdCard'({ on }, ctx) {
    const counterId = counterOf(ctx);
    const { watchers, registry } = ctx.devices;
    const existing = watchers.get(counterId);
    if (!on) {
      await existing?.stop();
      watchers.delete(counterId);
      return { watching: false };
    }
    if (existing) return { watching: true };
    if (!registry.idcard) throw new DeskError('DEVICE_NOT_CONFIGURED', '未配置身份证读卡器。');
    const watcher = registry.idcard.watch({ intervalMs: 500 });
    watcher.on('card', (read) => {
      ctx.audit.record({ actorStaffId: ctx.conn.session?.staff.id, actorRole: ctx.conn.session?.staff.role, counterId, action: 'devices.idcardRead', outcome: 'ok' });
      ctx.bus.emit('devices.idcardRead', ctx.devices.cardView(read), counterId);
    });
    watcher.on('error', (err) => ctx.bus.emit('devices.idcardError', err, counterId));
    watcher.on('state', () => ctx.status.publish());
    watchers.set(counterId, watcher);
    return { watching: true };
  },
  'devices.simulateCard'({ idNumber, sample, remove }, ctx) {
    const card = remove ? null : idNumber ? ctx.devices.demoCard(idNumber) : SAMPLE_CARDS[sample ?? 'resident'];
    ctx.devices.placeSimulatedCard(card);
    return { presented: card?.identity.name ?? null };
  },
  'devices.watchBarcode'({ on }, ctx) {
    const counterId = counterOf(ctx);
    const { barcodeCounters } = ctx.devices;
    if (on) barcodeCounters.add(counterId);
    else barcodeCounters.delete(counterId);
    return { watching: on, source: ctx.devices.barcodeSource() };
  },
  'devices.simulateBarcode'({ raw }, ctx) {
    const scanner = ctx.devices.registry.barcode;
    if (!(scanner instanceof SimulatedBarcodeScanner)) throw new DeskError('DEVICE_NOT_SIMULATED', '当前使用真实扫码枪，不能模拟扫码。');
    return ctx.devices.barcodeView(scanner.scan(raw));
  },
  async 'devices.reconfigure'(_i, ctx) {
    await ctx.devices.reconfigure();
    const list = await devicesHandlers['devices.list']({}, ctx);
    ctx.bus.emit('devices.changed', list);
    return list;
  },
  async 'devices.scan'({ source, resolution, mode, maxPages }, ctx) {
    const scanner = ctx.devices.registry.scanner;
    if (!scanner) throw new DeskError('DEVICE_NOT_CONFIGURED', '未配置扫描仪。');
    const outDir = ctx.devices.scratchDir('scan');
    const pages = await scanner.scan({ source, resolution, mode, maxPages, outDir, format: 'png' });
    const refs = pages.map((p) => {
      const f = ctx.files.adopt(p.path, { kind: 'capture', mime: p.format === 'png' ? 'image/png' : 'image/jpeg', source: scanner.info().id });
      return { fileId: f.id, mime: f.mime, size: f.size, sha256: f.sha256, width: f.width, height: f.height, source: f.source };
    });
    return { pages: refs, simulated: scanner.info().simulated };
  },
  'devices.uploadCapture'({ dataBase64, mime, source }, ctx) {
    const bytes = Buffer.from(dataBase64, 'base64');
    const magic = IMAGE_MAGIC[mime];
    if (!magic.every((b, i) => bytes[i] === b)) throw new DeskError('FILE_CONTENT_MISMATCH', '文件内容与声明的类型不符，未保存。');
    const f = ctx.files.put(bytes, { kind: 'capture', mime, source });
    return { fileId: f.id, mime: f.mime, size: f.size, sha256: f.sha256, width: f.width, height: f.height, source: f.source };
  },
  async 'devices.printers'(_i, ctx) {
    return ctx.devices.printers();
  },
  async 'devices.print'({ fileId, paper, copies }, ctx) {
    const printer = ctx.devices.registry.printer;
    if (!printer) throw new DeskError('DEVICE_NOT_CONFIGURED', '未配置打印机。');
    const { file } = ctx.files.read(fileId);
    if (file.mime !== 'application/pdf') throw new DeskError('PRINT_NOT_PDF', '只能打印 PDF 文件。');
    // Files are encrypted at rest: the printer gets a private decrypted copy, removed once the job is done.
    const plain = ctx.files.plainCopy(fileId);
    try {
      const jobId = await printer.print({ file: plain.path, paper, copies, title: `WindowDesk ${file.kind}` });
      const status = await printer.waitForJob(jobId, { timeoutMs: 60_000 });
      return { jobId, state: status.state, reason: status.reason, simulated: printer.info().simulated };
    } finally {
      plain.dispose();
    }
  },
  'files.read'({ fileId }, ctx) {
    const { file, bytes } = ctx.files.read(fileId);
    if (bytes.length > MAX_READ_BYTES) throw new DeskError('FILE_TOO_LARGE', '文件过大，无法在界面中打开。');
    return { mime: file.mime, dataBase64: bytes.toString('base64'), sha256: file.sha256 };
  },
};
