import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { consoleLog, type Logger } from '../api/logger';
import type { WorkstationOptions } from '../api/options';
import type { Workstation } from '../api/workstation';
import { DeskError } from '../../common/errors';
import { AUDIT_KEY_FILE, fileAuditKey } from '../core/audit';
import type { SettingsStore } from '../core/settings';
import type { OsKeystore } from '../db/keys/keystore';
import { ensurePrivateDir } from '../db/keys/private-files';
import { unlockDataKeys } from './keys';
import type { ShellOptions } from './options';

export interface BootOptions {
  options: ShellOptions;
  shell: WorkstationOptions['shell'];
  /** Used when the command line names no data directory. */
  defaultDataDir: string;
  /** The shell's settings implementation (conf for Node, electron-store for Electron), in the data directory. */
  settings(dataDir: string): SettingsStore;
  version: string;
  log?: Logger;
  shellHooks?: WorkstationOptions['shellHooks'];
  /** Phases and their durations in ms, for the start-up bench. */
  timings?: Record<string, number>;
  /** The OS keystore (Electron's safeStorage with a real backend); none in the Node host. */
  osKeystore?: OsKeystore | null;
  /** Shows the recovery key once, on first start (default: printed to the terminal). */
  onRecoveryKey?: (recoveryKey: string, keyringFile: string) => void;
}

export interface EmbeddedHub {
  url: string;
  close(): Promise<void>;
}

export interface BootedWorkstation {
  ws: Workstation;
  dataDir: string;
  /** The hall hub this process hosts, if it hosts one. */
  hub: EmbeddedHub | null;
  /** Stops the workstation, then the hub it hosts. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * The one start-up both shells run (the Node host's cli.ts and the Electron shell's main.ts):
 * data directory, settings, whether this workstation hosts the hall hub (asked for, saved, or
 * `--demo` without a hub) and starting it, the workstation itself, and the status monitor.
 * The shell then attaches its transport (WebSocket host or IPC) and its windows.
 */
export async function bootWorkstation(o: BootOptions): Promise<BootedWorkstation> {
  const t = o.timings ?? {};
  const mark = (name: string, since: number) => (t[name] = Math.round((performance.now() - since) * 10) / 10);
  const opts = o.options;
  const dataDir = opts.dataDir ?? o.defaultDataDir;
  let since = performance.now();
  // Everything this process creates (databases, WAL, files, settings, browser profile) is for its
  // own OS user only: directories 0700, files 0600.
  process.umask(0o077);
  if (dataDir !== ':memory:') ensureWritableDir(dataDir);
  const settings = o.settings(dataDir);
  mark('settings', since);
  since = performance.now();
  const keys = await unlockDataKeys({ dataDir, demo: opts.demo, os: o.osKeystore, pinFile: opts.pinFile, log: o.log ?? consoleLog, onRecoveryKey: o.onRecoveryKey });
  mark('keys', since);

  let hub: EmbeddedHub | null = null;
  let hubStaff: WorkstationOptions['embeddedHubStaff'] = null;
  let hubUrl: string | null | undefined = opts.hubUrl;
  let hubMode: WorkstationOptions['hubMode'] = opts.hubUrl ? 'remote' : undefined;
  let hubCredential: WorkstationOptions['hubCredential'];
  const wantHub = opts.hostHub || settings.get('hostHub') || (opts.demo && !opts.hubUrl && !settings.get('hubUrl'));
  since = performance.now();
  // Started first so the workstation's hub link finds it listening; loaded lazily so a
  // workstation that talks to a remote hub never loads the hub's server code.
  const workstationModule = import('../api/workstation');
  if (wantHub) {
    const { startHub } = await import('../hub/index');
    const running = await startHub({ port: 0, dataDir: dataDir === ':memory:' ? ':memory:' : path.join(dataDir, 'hub'), demo: opts.demo, testClock: opts.hubTestClock, keys, secure: true, publicListener: opts.hubPublicPort !== undefined ? { port: opts.hubPublicPort } : undefined, cityPlatform: opts.hubCityPlatform });
    hub = running;
    hubStaff = running.trust?.staff ?? null;
    hubUrl = running.url;
    hubMode = 'embedded';
    mark('embeddedHub', since);
    since = performance.now();
    // The hub in this process enrols this workstation for every counter of the hall, through its
    // own /trust routes (a code made here); the credential is kept in <data>/device/ and reused.
    const { enrolWithRunningHub } = await import('../hub/trust/self-enrol');
    const credDir = dataDir === ':memory:' ? fs.mkdtempSync(path.join(os.tmpdir(), 'wd-device-')) : dataDir;
    try {
      hubCredential = await enrolWithRunningHub(running, credDir, { role: 'workstation', counters: running.hub.queue.hall.counters.map((c) => c.number), name: '本机工作站（内置大厅服务）' });
    } catch (e) {
      await running.close();
      throw e;
    }
    mark('selfEnrol', since);
  }

  since = performance.now();
  const { createWorkstation } = await workstationModule;
  // The audit chain's key, outside the database: a sub-key of the key ring (HKDF label `audit`);
  // a data directory whose chain was keyed by an `audit.key` file before keeps that file.
  const auditKey = dataDir !== ':memory:' && fs.existsSync(path.join(dataDir, AUDIT_KEY_FILE)) ? fileAuditKey(dataDir) : { key: () => keys.subKey('audit') };
  let ws: Workstation;
  try {
    ws = await createWorkstation({ dataDir, auditKey, demo: opts.demo, shell: o.shell, settings, version: o.version, hubUrl, hubMode, hubCredential, embeddedHubStaff: hubStaff, log: o.log, shellHooks: o.shellHooks, timings: t, keys });
  } catch (e) {
    await hub?.close();
    throw e;
  }
  mark('workstation', since);
  ws.status.start();

  let closing: Promise<void> | null = null;
  return {
    ws,
    dataDir,
    hub,
    close() {
      closing ??= (async () => {
        await ws.close();
        await hub?.close();
      })();
      return closing;
    },
  };
}

function ensureWritableDir(dir: string): void {
  try {
    ensurePrivateDir(dir);
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new DeskError('DATA_DIR_NOT_WRITABLE', `数据目录不可写：${dir}。请检查目录权限或用 --data 指定其他目录。`);
  }
}
