import { app, BrowserWindow, dialog } from 'electron';
import path from 'node:path';
import { createWorkstation, type Workstation } from '../api/workstation';
import { isDeskError } from '../../common/errors';
import { registerIpc } from './ipc';
import { registerSchemePrivileges, serveRenderer } from './protocol';
import { applySecurityPolicy } from './security';
import { ElectronSettings } from './settings';
import { createCitizenWindow, createClerkWindow } from './windows';

// The thin shell: lifecycle, windows, IPC. Everything it calls is the same code the Node host runs.
const argv = process.argv;
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

registerSchemePrivileges();
applySecurityPolicy();
if (!app.requestSingleInstanceLock()) app.quit();

const appRoot = app.getAppPath();
const preload = path.join(appRoot, 'dist', 'electron', 'preload.cjs');
const citizenWindows = new Map<string, BrowserWindow>();
let clerk: BrowserWindow | null = null;

async function boot(): Promise<void> {
  serveRenderer(path.join(appRoot, 'dist', 'renderer'));
  const dataDir = option('data') ?? app.getPath('userData');
  let ws: Workstation;
  try {
    ws = await createWorkstation({
      dataDir,
      demo: flag('demo'),
      shell: 'electron',
      settings: new ElectronSettings(),
      version: app.getVersion(),
      shellHooks: {
        openCitizenWindow(counterId) {
          const existing = citizenWindows.get(counterId);
          if (existing && !existing.isDestroyed()) return existing.focus();
          const win = createCitizenWindow(preload, counterId);
          ipc.attach(win.webContents, counterId);
          citizenWindows.set(counterId, win);
        },
      },
    });
  } catch (e) {
    dialog.showErrorBox('综合窗口工作台无法启动', isDeskError(e) ? e.message : String(e));
    app.exit(1);
    return;
  }
  const ipc = registerIpc(ws);
  ws.status.start();
  clerk = createClerkWindow(preload);
  ipc.attach(clerk.webContents);
  clerk.on('closed', () => {
    clerk = null;
    for (const w of citizenWindows.values()) if (!w.isDestroyed()) w.close();
  });
  app.on('before-quit', () => void ws.close());
}

app.on('second-instance', () => clerk?.focus());
app.on('window-all-closed', () => app.quit());
app.whenReady().then(boot);
