import { z } from 'zod';
import { SLIP_PRINTER_SETTING_RE } from '../../../native/slip/setting';

/** Workstation settings: one schema, two stores (conf under Node, electron-store in the Electron shell). */
export const settingsSchema = z.object({
  hubUrl: z.string().url().nullable().default(null),
  /** Whether this workstation hosts the hall hub in-process (a small office). */
  hostHub: z.boolean().default(false),
  deviceMode: z.enum(['real', 'simulated']).default('simulated'),
  /** With real devices: the SANE device name (scanimage -L), the CUPS queue, the reader's USB ids (hex "vid:pid"). */
  scannerDevice: z.string().max(256).nullable().default(null),
  printerQueue: z.string().max(127).nullable().default(null),
  /**
   * The walk-in ticket slip printer: `none`, `simulated`, `cups:<queue>` or `escpos:<device>`.
   * Unset: the simulated one while devices are simulated (demo), none with real devices.
   */
  slipPrinter: z.string().regex(SLIP_PRINTER_SETTING_RE, '号票打印机应为 none、cups:队列名 或 escpos:/dev/usb/lp0 这样的设备路径').nullable().default(null),
  idcardReader: z.string().regex(/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/).nullable().default(null),
  lockoutThreshold: z.number().int().min(3).max(20).default(5),
  lockoutMinutes: z.number().int().min(1).max(24 * 60).default(15),
  /** How often the audit chain's head is anchored at the hall hub (also at every logout). */
  auditAnchorMinutes: z.number().int().min(1).max(60).default(5),
  /** 办结即归档: days after the hub's archive receipt before a case's personal data and page images are purged here. */
  archiveGraceDays: z.number().int().min(0).max(365).default(30),
  /** Staff sessions (等保 身份鉴别): a session ends after this many hours, and locks after this many idle minutes. */
  sessionMaxHours: z.number().int().min(1).max(24).default(12),
  idleLockMinutes: z.number().int().min(1).max(120).default(15),
  /** Password policy: applied to every password a clerk sets (修改密码). */
  passwordMinLength: z.number().int().min(8).max(64).default(8),
  passwordMinClasses: z.number().int().min(2).max(4).default(3),
  passwordMaxAgeDays: z.number().int().min(0).max(365).default(90),
  passwordHistory: z.number().int().min(0).max(24).default(5),
  /** 好差评: days after a service in which the citizen screen's QR still takes a rating (local practice). */
  ratingLaterDays: z.number().int().min(1).max(90).default(7),
  /** 好差评: seconds the rating question stays on the citizen screen before the welcome returns (never forced). */
  ratingScreenSeconds: z.number().int().min(15).max(600).default(120),
  /** 好差评: the 评价器's USB ids ("vid:pid", hex) with real devices; with simulated devices the demo's pad. */
  ratingPad: z.string().regex(/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/).nullable().default(null),
});
export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

export interface SettingsStore {
  get<K extends SettingKey>(key: K): Settings[K];
  set<K extends SettingKey>(key: K, value: Settings[K]): void;
  all(): Settings;
}

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** An in-memory store for tests and for `--data :memory:`. */
export class MemorySettings implements SettingsStore {
  private values: Settings;
  constructor(initial: Partial<Settings> = {}) {
    this.values = settingsSchema.parse(initial);
  }
  get<K extends SettingKey>(key: K): Settings[K] {
    return this.values[key];
  }
  set<K extends SettingKey>(key: K, value: Settings[K]): void {
    this.values = settingsSchema.parse({ ...this.values, [key]: value });
  }
  all(): Settings {
    return { ...this.values };
  }
}
