import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A recording stand-in for the `electron` module, for loading the shell's real bundles
 * (dist/electron/main.cjs, preload.cjs) under plain Node where Electron's binary is missing.
 * It implements what the shell calls, the way Electron behaves for it (events, handlers,
 * `whenReady`, quit with `before-quit` that can be held), and records every call so the test
 * can assert what the shell did and drive the handlers it registered.
 */

export interface RecordedCall {
  api: string;
  args: unknown[];
}

type Listener = (...args: unknown[]) => unknown;

export class Recorder {
  readonly calls: RecordedCall[] = [];
  record(api: string, ...args: unknown[]): void {
    this.calls.push({ api, args });
  }
  named(api: string): RecordedCall[] {
    return this.calls.filter((c) => c.api === api);
  }
}

/** An event Electron hands to listeners that may cancel the default action. */
export function cancellable(): { defaultPrevented: boolean; preventDefault(): void } {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  url = '';
  private destroyed = false;

  constructor(private readonly rec: Recorder) {
    super();
  }
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void {
    this.rec.record('webContents.setWindowOpenHandler', this.id);
    this.windowOpenHandler = h;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  getURL(): string {
    return this.url;
  }
  closeDevTools(): void {
    this.rec.record('webContents.closeDevTools', this.id);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents: FakeWebContents;
  readonly loaded: string[] = [];
  focused = 0;
  shown = false;
  private destroyed = false;

  constructor(
    readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> },
    private readonly electron: ElectronStandIn,
  ) {
    super();
    if (!electron.readyFired) throw new Error('Cannot create BrowserWindow before app is ready');
    electron.rec.record('new BrowserWindow', options);
    this.webContents = new FakeWebContents(electron.rec);
    electron.windows.push(this);
    // As Electron does: every new webContents is announced app-wide before it loads anything.
    electron.app.emit('web-contents-created', cancellable(), this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.electron.rec.record('BrowserWindow.loadURL', url);
    this.loaded.push(url);
    this.webContents.url = url;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused++;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
    if (this.electron.windows.every((w) => w.isDestroyed())) this.electron.app.emit('window-all-closed');
  }
}

class FakeApp extends EventEmitter {
  exitCode: number | null = null;
  /** As Electron reports it: true when running from a packaged build (the test loads the shell as shipped). */
  isPackaged = false;
  quitted = false;
  private readonly ready: Promise<void>;
  private resolveReady!: () => void;

  constructor(private readonly electron: ElectronStandIn) {
    super();
    this.ready = new Promise((r) => (this.resolveReady = r));
  }
  fireReady(): void {
    this.electron.readyFired = true;
    this.emit('ready');
    this.resolveReady();
  }
  whenReady(): Promise<void> {
    this.electron.rec.record('app.whenReady');
    return this.ready;
  }
  isReady(): boolean {
    return this.electron.readyFired;
  }
  getAppPath(): string {
    return this.electron.appPath;
  }
  /** Chromium switches: as in Electron, only those appended before ready take effect (`lang` among them). */
  readonly commandLine = {
    appendSwitch: (name: string, value?: string) => {
      if (this.electron.readyFired) throw new Error(`app.commandLine.appendSwitch('${name}') after ready has no effect`);
      this.electron.rec.record('app.commandLine.appendSwitch', name, value);
    },
  };
  getPath(name: string): string {
    this.electron.rec.record('app.getPath', name);
    if (name === 'userData') return this.electron.userData;
    throw new Error(`the stand-in has no path '${name}'`);
  }
  getVersion(): string {
    return '0.1.0';
  }
  getName(): string {
    return 'WindowDesk';
  }
  requestSingleInstanceLock(): boolean {
    this.electron.rec.record('app.requestSingleInstanceLock');
    return true;
  }
  /** Electron's order: before-quit (cancellable) → will-quit → quit. */
  quit(): void {
    this.electron.rec.record('app.quit');
    const e = cancellable();
    this.emit('before-quit', e);
    if (e.defaultPrevented) return;
    this.emit('will-quit', cancellable());
    this.quitted = true;
    this.emit('quit');
  }
  exit(code = 0): void {
    this.electron.rec.record('app.exit', code);
    this.exitCode = code;
  }
}

type ProtocolHandler = (req: Request) => Response | Promise<Response>;
export type PermissionRequestDetails = { requestingUrl?: string; isMainFrame: boolean; mediaTypes?: Array<'video' | 'audio'> };
export type PermissionCheckDetails = { requestingUrl?: string; isMainFrame: boolean; mediaType?: 'video' | 'audio' | 'unknown'; embeddingOrigin?: string; securityOrigin?: string };
type PermissionRequestHandler = (wc: FakeWebContents, permission: string, cb: (granted: boolean) => void, details: PermissionRequestDetails) => void;
type PermissionCheckHandler = (wc: FakeWebContents | null, permission: string, requestingOrigin: string, details: PermissionCheckDetails) => boolean;
type DevicePermissionHandler = (details: { deviceType: 'hid' | 'serial' | 'usb'; origin: string; device: Record<string, unknown> }) => boolean;
type HeadersHandler = (details: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void;

export class ElectronStandIn {
  readonly rec = new Recorder();
  readyFired = false;
  readonly windows: FakeBrowserWindow[] = [];
  readonly schemes: Array<{ scheme: string; privileges: Record<string, boolean> }> = [];
  readonly protocolHandlers = new Map<string, ProtocolHandler>();
  readonly ipcHandlers = new Map<string, Listener>();
  readonly ipcListeners = new Map<string, Listener[]>();
  readonly errorBoxes: Array<{ title: string; content: string }> = [];
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  devicePermissionHandler: DevicePermissionHandler | null = null;
  /** Listeners the shell put on session.defaultSession (select-hid-device, …). */
  readonly sessionEvents = new EventEmitter();
  headersReceived: HeadersHandler | null = null;
  readonly app: FakeApp;

  constructor(
    readonly appPath: string,
    readonly userData: string,
  ) {
    this.app = new FakeApp(this);
  }

  /** The module object `require('electron')` returns in the main process. */
  mainModule(): Record<string, unknown> {
    return mainModuleOf(this);
  }
}

function mainModuleOf(self: ElectronStandIn): Record<string, unknown> {
  const rec = self.rec;
  const BrowserWindow = function (this: unknown, options: Record<string, unknown>) {
    return new FakeBrowserWindow(options, self);
  } as unknown as { new (o: Record<string, unknown>): FakeBrowserWindow; getAllWindows(): FakeBrowserWindow[] };
  BrowserWindow.getAllWindows = () => self.windows.filter((w) => !w.isDestroyed());
  const display = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } };
  return {
    app: self.app,
    BrowserWindow,
    dialog: {
      showErrorBox(title: string, content: string) {
        rec.record('dialog.showErrorBox', title, content);
        self.errorBoxes.push({ title, content });
      },
    },
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    // Linux without a keyring daemon (UOS/Kylin's likely case): only the hard-coded `basic_text`
    // fallback, which the shell must not trust — demo data has its own key, real data a PIN.
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: (s: string) => Buffer.from(`basic:${s}`),
      decryptString: (b: Buffer) => b.toString().replace(/^basic:/, ''),
    },
    protocol: {
      registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>) {
        if (self.readyFired) throw new Error('registerSchemesAsPrivileged must be called before app is ready');
        rec.record('protocol.registerSchemesAsPrivileged', schemes);
        self.schemes.push(...schemes);
      },
      handle(scheme: string, handler: ProtocolHandler) {
        if (!self.readyFired) throw new Error('protocol.handle before app is ready');
        rec.record('protocol.handle', scheme);
        self.protocolHandlers.set(scheme, handler);
      },
    },
    net: {
      // What Electron's net.fetch does for the file: URLs the protocol handler asks for.
      async fetch(url: string) {
        rec.record('net.fetch', url);
        const u = new URL(url);
        if (u.protocol !== 'file:') throw new Error(`the stand-in fetches file: URLs only, not ${url}`);
        try {
          const body = fs.readFileSync(fileURLToPath(u));
          const type = u.pathname.endsWith('.html') ? 'text/html' : u.pathname.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
          return new Response(body, { status: 200, headers: { 'content-type': type } });
        } catch {
          throw new Error(`net::ERR_FILE_NOT_FOUND ${url}`);
        }
      },
    },
    ipcMain: {
      handle(channel: string, fn: Listener) {
        if (self.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        rec.record('ipcMain.handle', channel);
        self.ipcHandlers.set(channel, fn);
      },
      on(channel: string, fn: Listener) {
        rec.record('ipcMain.on', channel);
        self.ipcListeners.set(channel, [...(self.ipcListeners.get(channel) ?? []), fn]);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler(h: PermissionRequestHandler) {
          rec.record('session.setPermissionRequestHandler');
          self.permissionRequestHandler = h;
        },
        setPermissionCheckHandler(h: PermissionCheckHandler) {
          rec.record('session.setPermissionCheckHandler');
          self.permissionCheckHandler = h;
        },
        setDevicePermissionHandler(h: DevicePermissionHandler) {
          rec.record('session.setDevicePermissionHandler');
          self.devicePermissionHandler = h;
        },
        on(event: string, fn: Listener) {
          rec.record('session.on', event);
          self.sessionEvents.on(event, fn);
        },
        webRequest: {
          onHeadersReceived(h: HeadersHandler) {
            rec.record('session.webRequest.onHeadersReceived');
            self.headersReceived = h;
          },
        },
      },
    },
    shell: {
      openPath: async () => '',
    },
  };
}

/** The renderer side of IPC for the sandboxed preload: what it exposed, and where its invokes go. */
export class PreloadStandIn {
  readonly rec = new Recorder();
  readonly exposed = new Map<string, unknown>();
  readonly rendererListeners = new Map<string, Listener[]>();
  /** When set, invokes go here instead of to main (to see what the preload forwards without running it). */
  divert: ((channel: string, ...args: unknown[]) => Promise<unknown>) | null = null;

  constructor(readonly invokeMain: (channel: string, ...args: unknown[]) => Promise<unknown>) {}

  module(): Record<string, unknown> {
    return preloadModuleOf(this);
  }

  /** Delivers a main → renderer message, as `webContents.send` would. */
  deliver(channel: string, ...args: unknown[]): void {
    for (const l of this.rendererListeners.get(channel) ?? []) l({ sender: null }, ...args);
  }
}

function preloadModuleOf(self: PreloadStandIn): Record<string, unknown> {
  return {
    contextBridge: {
      exposeInMainWorld(key: string, api: unknown) {
        self.rec.record('contextBridge.exposeInMainWorld', key);
        if (self.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
        self.exposed.set(key, api);
      },
    },
    ipcRenderer: {
      invoke(channel: string, ...args: unknown[]) {
        self.rec.record('ipcRenderer.invoke', channel, ...args);
        return (self.divert ?? self.invokeMain)(channel, ...args);
      },
      on(channel: string, fn: Listener) {
        self.rec.record('ipcRenderer.on', channel);
        self.rendererListeners.set(channel, [...(self.rendererListeners.get(channel) ?? []), fn]);
      },
    },
  };
}
