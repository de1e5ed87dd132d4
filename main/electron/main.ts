import { app, dialog, type BrowserWindow } from 'electron';
import path from 'node:path';
import { bootWorkstation, type BootedWorkstation } from '../boot';
import { parseShellOptions } from '../boot/options';
import { isDeskError } from '../../common/errors';
import { registerIpc } from './ipc';
import { electronKeystore } from './keystore';
import { registerSchemePrivileges, serveRenderer } from './protocol';
import { applySecurityPolicy } from './security';
import { ElectronSettings } from './settings';
import { createCitizenWindow, createClerkWindow } from './windows';

// The thin shell: lifecycle, windows, IPC. The workstation boots exactly as on the Node host
// (main/boot), so `--demo` hosts the embedded hall hub here too.
registerSchemePrivileges();
applySecurityPolicy();
// The UI is Chinese: Chromium's own parts (date fields, built-in messages) follow it, not the OS language.
app.commandLine.appendSwitch('lang', 'zh-CN');
if (!app.requestSingleInstanceLock()) app.quit();

const appRoot = app.getAppPath();
const preload = path.join(appRoot, 'dist', 'electron', 'preload.cjs');
const citizenWindows = new Map<string, BrowserWindow>();
let clerk: BrowserWindow | null = null;
let booted: BootedWorkstation | null = null;
let stopped = false;

async function boot(): Promise<void> {
  serveRenderer(path.join(appRoot, 'dist', 'renderer'));
  let ipc: ReturnType<typeof registerIpc> | null = null;
  try {
    // Electron's argv: the executable, the app path (unpackaged), Chromium's switches, then ours.
    const options = parseShellOptions(process.argv.slice(1), 'lenient');
    booted = await bootWorkstation({
      options,
      shell: 'electron',
      defaultDataDir: app.getPath('userData'),
      settings: (dataDir) => new ElectronSettings(dataDir),
      version: app.getVersion(),
      osKeystore: electronKeystore(),
      // No terminal to print to in a packaged app: the recovery key is shown once in a dialog.
      onRecoveryKey: (key, file) => dialog.showMessageBoxSync({
        type: 'warning', title: '恢复密钥（只显示这一次）',
        message: `请抄写下面的恢复密钥并存放在保险柜等安全处：\n\n${key}\n\n系统密钥库不可用或忘记 PIN 时，用它恢复数据：npm run keys -- reset-pin\n密钥文件：${file}`,
      }),
      shellHooks: {
        openCitizenWindow(counterId) {
          const existing = citizenWindows.get(counterId);
          if (existing && !existing.isDestroyed()) return existing.focus();
          const win = createCitizenWindow(preload, counterId);
          ipc?.attach(win.webContents, counterId);
          citizenWindows.set(counterId, win);
          win.once('closed', () => citizenWindows.delete(counterId));
        },
      },
    });
  } catch (e) {
    dialog.showErrorBox('综合窗口工作台无法启动', isDeskError(e) ? e.message : String(e));
    app.exit(1);
    return;
  }
  if (booted.hub) console.log(`Hall hub (hosted here): ${booted.hub.url}`);
  ipc = registerIpc(booted.ws);
  clerk = createClerkWindow(preload);
  ipc.attach(clerk.webContents);
  clerk.on('closed', () => {
    clerk = null;
    for (const w of citizenWindows.values()) if (!w.isDestroyed()) w.close();
  });
}

app.on('second-instance', () => clerk?.focus());
app.on('window-all-closed', () => app.quit());
// The workstation's close is asynchronous (database, hub, devices): hold the quit until it is done.
app.on('before-quit', (e) => {
  if (stopped || !booted) return;
  e.preventDefault();
  void booted.close().finally(() => {
    stopped = true;
    app.quit();
  });
});
void app.whenReady().then(boot);
