import fs from 'node:fs';
import Conf from 'conf';
import { settingsSchema, type SettingKey, type Settings, type SettingsStore } from './index';

/**
 * Settings in `<dataDir>/settings.json` through `conf` (the library electron-store is built on),
 * so the Node host and the Electron shell read the same file format. Values are validated
 * with the shared zod schema on the way in and on the way out; a hand-edited bad value falls
 * back to its default instead of crashing the start.
 */
export class ConfSettings implements SettingsStore {
  private readonly conf: Conf<Partial<Settings>>;

  constructor(dataDir: string) {
    this.conf = new Conf<Partial<Settings>>({ cwd: dataDir, configName: 'settings', projectName: 'windowdesk' });
  }

  // Read on every call by busy paths (each rating, each forecast): the parsed file is kept until it
  // changes on disk (its mtime) or through set().
  private cached: { mtimeMs: number; value: Settings } | null = null;

  all(): Settings {
    const mtimeMs = fileTime(this.conf.path);
    if (this.cached && this.cached.mtimeMs === mtimeMs && mtimeMs !== 0) return { ...this.cached.value };
    const value = this.read();
    this.cached = { mtimeMs, value };
    return value;
  }

  private read(): Settings {
    const parsed = settingsSchema.safeParse(this.conf.store);
    if (parsed.success) return parsed.data;
    const fallback = settingsSchema.parse({});
    for (const key of Object.keys(fallback) as SettingKey[]) {
      const one = settingsSchema.shape[key].safeParse(this.conf.get(key));
      if (one.success) (fallback as Record<string, unknown>)[key] = one.data;
    }
    return fallback;
  }

  get<K extends SettingKey>(key: K): Settings[K] {
    return this.all()[key];
  }

  set<K extends SettingKey>(key: K, value: Settings[K]): void {
    const checked = settingsSchema.shape[key].parse(value);
    this.conf.set(key, checked as Partial<Settings>[K]);
    this.cached = null;
  }
}

function fileTime(p: string): number {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}
