import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../api/logger';
import type { WorkstationOptions } from '../api/options';
import type { Workstation } from '../api/workstation';
import { DeskError } from '../../common/errors';
import { fileAuditKey, memoryAuditKey } from '../core/audit';
import type { SettingsStore } from '../core/settings';
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
  if (dataDir !== ':memory:') ensureWritableDir(dataDir);
  const settings = o.settings(dataDir);
  mark('settings', since);

  let hub: EmbeddedHub | null = null;
  let hubUrl: string | null | undefined = opts.hubUrl;
  let hubMode: WorkstationOptions['hubMode'] = opts.hubUrl ? 'remote' : undefined;
  const wantHub = opts.hostHub || settings.get('hostHub') || (opts.demo && !opts.hubUrl && !settings.get('hubUrl'));
  since = performance.now();
  // Started first so the workstation's hub link finds it listening; loaded lazily so a
  // workstation that talks to a remote hub never loads the hub's server code.
  const workstationModule = import('../api/workstation');
  if (wantHub) {
    const { startHub } = await import('../hub/index');
    hub = await startHub({ port: 0, dataDir: dataDir === ':memory:' ? ':memory:' : path.join(dataDir, 'hub'), demo: opts.demo, testClock: opts.hubTestClock });
    hubUrl = hub.url;
    hubMode = 'embedded';
    mark('embeddedHub', since);
  }

  since = performance.now();
  const { createWorkstation } = await workstationModule;
  // The audit chain's key, outside the database: a 0600 key file in the data directory, created on
  // first start. When the encryption-at-rest key hierarchy lands: derivedAuditKey(masterKey) here.
  const auditKey = dataDir === ':memory:' ? memoryAuditKey() : fileAuditKey(dataDir);
  let ws: Workstation;
  try {
    ws = await createWorkstation({ dataDir, auditKey, demo: opts.demo, shell: o.shell, settings, version: o.version, hubUrl, hubMode, log: o.log, shellHooks: o.shellHooks, timings: t });
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
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new DeskError('DATA_DIR_NOT_WRITABLE', `数据目录不可写：${dir}。请检查目录权限或用 --data 指定其他目录。`);
  }
}
