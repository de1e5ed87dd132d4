import Store from 'electron-store';
import { settingsSchema, type SettingKey, type Settings, type SettingsStore } from '../core/settings';

/**
 * The Electron implementation of the settings seam (electron-store), validated by the same schema
 * as the Node one and kept in the same place: `settings.json` in the data directory.
 */
export class ElectronSettings implements SettingsStore {
  private readonly store: Store<Partial<Settings>>;

  constructor(dataDir: string) {
    this.store = new Store<Partial<Settings>>({ name: 'settings', cwd: dataDir });
  }

  all(): Settings {
    const parsed = settingsSchema.safeParse(this.store.store);
    return parsed.success ? parsed.data : settingsSchema.parse({});
  }

  get<K extends SettingKey>(key: K): Settings[K] {
    return this.all()[key];
  }

  set<K extends SettingKey>(key: K, value: Settings[K]): void {
    this.store.set(key, settingsSchema.shape[key].parse(value) as Partial<Settings>[K]);
  }
}
