import type { DeviceCredential } from '../core/trust/device';
import type { AuditKeySource } from '../core/audit';
import type { SettingsStore } from '../core/settings';
import type { KeyRing } from '../db/keys/keyring';
import type { Logger } from './logger';

/** How a shell asks for a workstation (main/boot builds these from the command line). */
export interface WorkstationOptions {
  dataDir: string;
  demo: boolean;
  shell: 'electron' | 'browser';
  settings: SettingsStore;
  version: string;
  log?: Logger;
  /** Overrides the hub URL from settings (e.g. an embedded hub's ephemeral port). */
  hubUrl?: string | null;
  hubMode?: 'embedded' | 'remote' | 'none';
  /**
   * This machine's device credential for the hub (key, certificate, hall CA). Default: the one
   * enrolled into `<dataDir>/device/`, if any. A hub served over https refuses a workstation without one.
   */
  hubCredential?: DeviceCredential | null;
  /** The embedded hub's supervisor registry (hubMode 'embedded'): this workstation's supervisors are registered there as they sign in. */
  embeddedHubStaff?: { register(s: { staffNo: string; name: string; passwordHash: string; active?: boolean }): Promise<void> } | null;
  now?: () => Date;
  /** The audit chain's key (main/boot: a key file in the data directory; later derived from the master key). */
  auditKey?: AuditKeySource;
  /** What only a desktop shell can do (Electron opens windows on other displays). */
  shellHooks?: { openCitizenWindow?(counterId: string): void };
  /**
   * The data directory's key ring (main/boot unlocks it): the database is SQLCipher-encrypted and
   * every stored file sealed under it. Absent only in unit tests, which then write plaintext.
   */
  keys?: KeyRing | null;
  /** Start-up phases in ms (database, demo seeding, domains), filled in for the start-up bench. */
  timings?: Record<string, number>;
}
