import { execFileSync } from 'node:child_process';
import { credentialIn, hubJson } from '../../fixtures/hub-access';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CV_SANDBOX_CSP, SECURITY_HEADERS, appCsp } from '../../../common/csp';
import { CALL_NAMES, type DeskBridge, type Result } from '../../../preload/contract';
import { ensureRendererBuilt } from '../../fixtures/host';
import { cancellable, ElectronStandIn, PreloadStandIn, type FakeBrowserWindow } from './stand-in';

/**
 * The Electron shell's test wherever Electron's binary is missing (the `_electron` suite in
 * tests/e2e/electron.spec.ts runs where it exists): the shipped bundles, dist/electron/main.cjs
 * and preload.cjs, are built as `npm run build:electron` builds them and loaded with a recording
 * stand-in for `electron`. The test drives `app.whenReady()` and asserts what the shell did.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const mainBundle = path.join(root, 'dist', 'electron', 'main.cjs');
const preloadBundle = path.join(root, 'dist', 'electron', 'preload.cjs');
// What a sandboxed preload may require (Electron's "Preload scripts" sandbox docs); nothing else exists there.
const SANDBOX_PRELOAD_MODULES = new Set(['events', 'timers', 'url']);

const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-shell-'));
const electron = new ElectronStandIn(root, userData);
const nodeRequire = createRequire(import.meta.url);
type Loader = { _load(request: string, parent: unknown, isMain: boolean): unknown };
const loader = Module as unknown as Loader;
const originalLoad = loader._load;
const originalArgv = process.argv;
let preload: PreloadStandIn;
let desk: DeskBridge;
let clerk: FakeBrowserWindow;
let trustedCall: (win: FakeBrowserWindow, name: string, input?: unknown) => Promise<Result<unknown>>;

async function until<T>(what: string, probe: () => T | undefined | false, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (electron.errorBoxes.length) throw new Error(`the shell showed an error box: ${JSON.stringify(electron.errorBoxes)}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  ensureRendererBuilt();
  // `npm test` builds it in its own step; a plain `npx vitest run` builds it here, the same way.
  if (process.env.WINDOWDESK_SHELL_BUILT !== '1' || !fs.existsSync(mainBundle)) execFileSync(process.execPath, [path.join(root, 'scripts', 'build-electron.mjs')], { cwd: root, stdio: 'pipe' });

  const electronMain = electron.mainModule();
  loader._load = function (request: string, parent: unknown, isMain: boolean) {
    if (request === 'electron') return electronMain;
    return originalLoad.call(this, request, parent, isMain);
  };
  // As the installed app starts (packaged: the shipped configuration, DevTools off): the executable, a Chromium switch, ours.
  electron.app.isPackaged = true;
  process.argv = ['/opt/WindowDesk/windowdesk', '--no-sandbox', '--demo'];
  nodeRequire(mainBundle); // a shell that throws at load fails here
  expect(electron.readyFired).toBe(false);
  electron.app.fireReady();
  clerk = await until('the clerk window', () => electron.windows[0]);

  trustedCall = async (win, name, input = {}) => {
    const handler = electron.ipcHandlers.get('desk:call')!;
    const event = { sender: win.webContents, senderFrame: { url: win.webContents.url, parent: null } };
    return (await handler(event, name, input)) as Result<unknown>;
  };
  preload = new PreloadStandIn((channel, ...args) => {
    const handler = electron.ipcHandlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return Promise.resolve(handler({ sender: clerk.webContents, senderFrame: { url: clerk.webContents.url, parent: null } }, ...args));
  });
  const preloadModule = preload.module();
  const code = fs.readFileSync(preloadBundle, 'utf8');
  const wrapper = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: preloadBundle }) as (...a: unknown[]) => void;
  const mod = { exports: {} };
  const sandboxRequire = (id: string) => {
    preload.rec.record('require', id);
    if (id === 'electron') return preloadModule;
    if (SANDBOX_PRELOAD_MODULES.has(id.replace(/^node:/, ''))) return nodeRequire(id);
    throw new Error(`module not found: ${id} (a sandboxed preload cannot load it)`);
  };
  wrapper(mod.exports, sandboxRequire, mod, preloadBundle, path.dirname(preloadBundle));
  desk = preload.exposed.get('desk') as DeskBridge;
}, 120_000);

afterAll(() => {
  loader._load = originalLoad;
  process.argv = originalArgv;
  fs.rmSync(userData, { recursive: true, force: true });
});

describe('the Electron shell bundle, loaded with a recording electron', () => {
  it('registers its scheme as privileged before ready and serves the renderer from it, nothing outside', async () => {
    expect(electron.schemes).toEqual([{ scheme: 'windowdesk', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    const schemeCall = electron.rec.calls.findIndex((c) => c.api === 'protocol.registerSchemesAsPrivileged');
    const readyCall = electron.rec.calls.findIndex((c) => c.api === 'protocol.handle');
    expect(schemeCall).toBeGreaterThanOrEqual(0);
    expect(schemeCall).toBeLessThan(readyCall);

    const handler = electron.protocolHandlers.get('windowdesk')!;
    expect(handler).toBeTypeOf('function');
    const index = await handler(new Request('windowdesk://app/index.html'));
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>综合窗口工作台</title>');
    const escape = await handler(new Request('windowdesk://app/%2e%2e%2f%2e%2e%2fpackage.json'));
    expect(escape.status).toBe(403);
    expect((await handler(new Request('windowdesk://app/no-such-file.js'))).status).toBe(404);
  });

  it('sets the CSP and the security headers on every protocol response itself (header events do not fire for custom protocols)', async () => {
    const handler = electron.protocolHandlers.get('windowdesk')!;
    expect(electron.headersReceived).toBeNull();
    const html = await (await handler(new Request('windowdesk://app/index.html'))).text();
    const script = /src="\.?(\/assets\/[^"]+\.js)"/.exec(html)![1];
    for (const url of ['windowdesk://app/', 'windowdesk://app/index.html', `windowdesk://app${script}`, 'windowdesk://app/%2e%2e%2fpackage.json', 'windowdesk://app/missing.png']) {
      const res = await handler(new Request(url));
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name), `${name} on ${url}`).toBe(value);
      expect(res.headers.get('Content-Security-Policy'), url).toBe(appCsp('electron'));
      expect(res.headers.get('X-Frame-Options'), url).toBe('DENY');
      expect(res.headers.get('Cache-Control'), url).toBe('no-store');
    }
    expect(SECURITY_HEADERS['Permissions-Policy']).toMatch(/camera=\(self\)/);
    expect(SECURITY_HEADERS['Permissions-Policy']).toMatch(/microphone=\(\)/);
    const csp = (await handler(new Request('windowdesk://app/index.html'))).headers.get('Content-Security-Policy')!;
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toContain("'unsafe-eval'");
    // The OpenCV sandbox page: its own policy, framed by the app (no X-Frame-Options: DENY).
    const sandbox = await handler(new Request('windowdesk://app/cv-sandbox.html'));
    expect(sandbox.headers.get('Content-Security-Policy')).toBe(CV_SANDBOX_CSP);
    expect(sandbox.headers.get('X-Frame-Options')).toBeNull();
    expect(sandbox.headers.get('X-Content-Type-Options')).toBe('nosniff');
    // Its module scripts are fetched from origin 'null': readable there, with the headers kept.
    const fromFrame = await handler(new Request(`windowdesk://app${script}`, { headers: { origin: 'null' } }));
    expect(fromFrame.headers.get('Access-Control-Allow-Origin')).toBe('null');
    expect(fromFrame.headers.get('Content-Security-Policy')).toBe(appCsp('electron'));
  });

  it('runs Chromium in Chinese whatever the system language, so date fields and built-in messages read 年/月/日', () => {
    expect(electron.rec.named('app.commandLine.appendSwitch').map((c) => c.args)).toContainEqual(['lang', 'zh-CN']);
  });

  it('creates the clerk window with the secure web preferences and a preload that exists', () => {
    expect(electron.windows).toHaveLength(1);
    const prefs = clerk.options.webPreferences!;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false });
    // Packaged: no DevTools, and should anything open them they are closed at once.
    expect(prefs.devTools).toBe(false);
    clerk.webContents.emit('devtools-opened');
    expect(electron.rec.named('webContents.closeDevTools').map((c) => c.args[0])).toEqual([clerk.webContents.id]);
    expect(prefs.preload).toBe(preloadBundle);
    expect(fs.existsSync(prefs.preload as string)).toBe(true);
    // No launch token or code of any kind: Electron's page talks over IPC, checked per sender frame.
    expect(clerk.loaded).toEqual(['windowdesk://app/index.html']);
    expect(electron.errorBoxes).toEqual([]);
    expect(electron.app.exitCode).toBeNull();
  });

  it('denies navigation away, redirects, new windows and webviews on every webContents', () => {
    const wc = clerk.webContents;
    const away = cancellable();
    wc.emit('will-navigate', away, 'https://example.com/');
    expect(away.defaultPrevented).toBe(true);
    const junk = cancellable();
    wc.emit('will-navigate', junk, 'not a url');
    expect(junk.defaultPrevented).toBe(true);
    const inside = cancellable();
    wc.emit('will-navigate', inside, 'windowdesk://app/index.html#/queue');
    expect(inside.defaultPrevented).toBe(false);
    const redirect = cancellable();
    wc.emit('will-redirect', redirect, 'http://127.0.0.1:1/');
    expect(redirect.defaultPrevented).toBe(true);
    const webview = cancellable();
    wc.emit('will-attach-webview', webview, {}, {});
    expect(webview.defaultPrevented).toBe(true);
    expect(wc.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('denies will-frame-navigate away, in the top frame and in any subframe but the OpenCV sandbox page', () => {
    const frameNav = (url: string, isMainFrame: boolean) => {
      const ev = { ...cancellable(), url, isMainFrame, isSameDocument: false, frame: null };
      clerk.webContents.emit('will-frame-navigate', ev);
      return ev.defaultPrevented ? 'denied' : 'allowed';
    };
    expect(frameNav('https://evil.example/', true)).toBe('denied');
    expect(frameNav('https://evil.example/', false)).toBe('denied');
    expect(frameNav('http://127.0.0.1:8080/', false)).toBe('denied');
    expect(frameNav('file:///etc/passwd', false)).toBe('denied');
    expect(frameNav('windowdesk://other/index.html', true)).toBe('denied');
    expect(frameNav('windowdesk://app/index.html', false)).toBe('denied');
    expect(frameNav('windowdesk://app/cv-sandbox.html', false)).toBe('allowed');
    expect(frameNav('windowdesk://app/index.html#/queue', true)).toBe('allowed');
  });

  it('grants the camera only — no microphone — to its own top frame, decided on the requesting frame', () => {
    const ask = (permission: string, details: { requestingUrl?: string; isMainFrame: boolean; mediaTypes?: Array<'video' | 'audio'> }, wc = clerk.webContents) => {
      let granted: boolean | undefined;
      electron.permissionRequestHandler!(wc, permission, (g) => (granted = g), details);
      return granted;
    };
    const top = { requestingUrl: 'windowdesk://app/index.html#/intake', isMainFrame: true };
    expect(ask('media', { ...top, mediaTypes: ['video'] })).toBe(true);
    expect(ask('media', { ...top, mediaTypes: ['audio'] })).toBe(false);
    expect(ask('media', { ...top, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(ask('media', { ...top, mediaTypes: [] })).toBe(false);
    expect(ask('media', { ...top, isMainFrame: false, mediaTypes: ['video'] })).toBe(false);
    expect(ask('media', { requestingUrl: 'windowdesk://app/cv-sandbox.html', isMainFrame: false, mediaTypes: ['video'] })).toBe(false);
    expect(ask('media', { requestingUrl: 'https://evil.example/', isMainFrame: true, mediaTypes: ['video'] })).toBe(false);
    expect(ask('media', { isMainFrame: true, mediaTypes: ['video'] })).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'hid', 'serial', 'usb', 'openExternal', 'fullscreen']) expect(ask(p, top), p).toBe(false);
    // A webContents whose page is no longer ours is refused even if the details claim our URL.
    const stray = clerk.webContents;
    const saved = stray.url;
    stray.url = 'https://evil.example/';
    expect(ask('media', { ...top, mediaTypes: ['video'] }, stray)).toBe(false);
    stray.url = saved;

    const check = (permission: string, origin: string, details: { isMainFrame: boolean; mediaType?: 'video' | 'audio' | 'unknown'; embeddingOrigin?: string }) => electron.permissionCheckHandler!(clerk.webContents, permission, origin, details);
    expect(check('media', 'windowdesk://app', { isMainFrame: true, mediaType: 'video' })).toBe(true);
    expect(check('media', 'windowdesk://app', { isMainFrame: true, mediaType: 'audio' })).toBe(false);
    expect(check('media', 'windowdesk://app', { isMainFrame: false, mediaType: 'video' })).toBe(false);
    expect(check('media', 'windowdesk://app', { isMainFrame: true, mediaType: 'video', embeddingOrigin: 'https://evil.example' })).toBe(false);
    expect(check('media', 'https://evil.example', { isMainFrame: true, mediaType: 'video' })).toBe(false);
    expect(check('clipboard-read', 'windowdesk://app', { isMainFrame: true })).toBe(false);
    expect(check('hid', 'windowdesk://app', { isMainFrame: true })).toBe(false);
  });

  it('gives the page no WebHID, WebSerial or WebUSB device: devices belong to the main process', () => {
    for (const deviceType of ['hid', 'serial', 'usb'] as const) expect(electron.devicePermissionHandler!({ deviceType, origin: 'windowdesk://app', device: {} })).toBe(false);
    const picked: unknown[] = [];
    const hid = cancellable();
    electron.sessionEvents.emit('select-hid-device', hid, { deviceList: [{ deviceId: 'x' }] }, (id?: string | null) => picked.push(id));
    const serial = cancellable();
    electron.sessionEvents.emit('select-serial-port', serial, [{ portId: 'p' }], clerk.webContents, (id: string) => picked.push(id));
    const usb = cancellable();
    electron.sessionEvents.emit('select-usb-device', usb, { deviceList: [{ deviceId: 'u' }] }, (id?: string) => picked.push(id));
    expect([hid.defaultPrevented, serial.defaultPrevented, usb.defaultPrevented]).toEqual([true, true, true]);
    expect(picked).toEqual([null, '', undefined]);
  });

  it('carries the whole contract on one IPC channel and refuses a sender that is not its own page', async () => {
    expect([...electron.ipcHandlers.keys()]).toEqual(['desk:call']);
    const handler = electron.ipcHandlers.get('desk:call')!;
    const framed = await handler({ sender: clerk.webContents, senderFrame: { url: 'windowdesk://app/index.html', parent: {} } }, 'system.info', {});
    expect(framed).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const foreign = await handler({ sender: clerk.webContents, senderFrame: { url: 'https://evil.example/', parent: null } }, 'system.info', {});
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const info = await trustedCall(clerk, 'system.info');
    expect(info).toMatchObject({ ok: true, value: { shell: 'electron', demo: true } });
  });

  it('booted the workstation as the Node host does: --demo hosts the embedded hall hub, which answers', async () => {
    expect(await trustedCall(clerk, 'session.login', { staffNo: '3001', password: 'demo3001', counterId: null })).toMatchObject({ ok: true });
    const status = (await trustedCall(clerk, 'system.status')) as Result<{ hub: { url: string | null; mode: string } }>;
    expect(status, JSON.stringify(status)).toMatchObject({ ok: true });
    if (!status.ok) return;
    expect(status.value.hub.mode).toBe('embedded');
    // HTTPS from the hall CA; the workstation enrolled itself with it (its credential in <userData>/device).
    expect(status.value.hub.url).toMatch(/^https:/);
    const health = await hubJson(credentialIn(userData), `${status.value.hub.url}/health`);
    expect(health.status).toBe(200);
    expect((await hubJson(credentialIn(userData), `${status.value.hub.url}/counters`)).status).toBe(200);
    expect(fs.existsSync(path.join(userData, 'windowdesk.sqlite'))).toBe(true);
    expect(fs.existsSync(path.join(userData, 'hub', 'hub.sqlite'))).toBe(true);
    expect(electron.rec.named('app.getPath').map((c) => c.args[0])).toContain('userData');
  });

  it('the sandboxed preload exposes only `desk`, built from the contract, and requires nothing but electron', async () => {
    expect([...preload.exposed.keys()]).toEqual(['desk']);
    expect(preload.rec.named('require').map((c) => c.args[0])).toEqual(['electron']);
    expect(desk.shell).toBe('electron');
    expect(Object.keys(desk).sort()).toEqual(['invoke', 'on', 'onConnectionChange', 'onReconnect', 'shell']);

    const unknown = await desk.invoke('no.such.call' as never, {} as never);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(preload.rec.named('ipcRenderer.invoke')).toHaveLength(0);
    // Every call of the contract goes over the one channel, unchanged (diverted here, so none of them runs).
    preload.divert = () => Promise.resolve({ ok: true, value: null });
    try {
      for (const name of CALL_NAMES) await desk.invoke(name, { probe: name } as never);
    } finally {
      preload.divert = null;
    }
    const invokes = preload.rec.named('ipcRenderer.invoke');
    expect(invokes.map((c) => c.args[0])).toEqual(CALL_NAMES.map(() => 'desk:call'));
    expect(invokes.map((c) => c.args[1])).toEqual(CALL_NAMES);
    expect(invokes.map((c) => (c.args[2] as { probe: string }).probe)).toEqual(CALL_NAMES);
  });

  it('a clerk signs in through preload → IPC → dispatch, and events come back to the listeners', async () => {
    const info = (await desk.invoke('system.info', {})) as Result<{ counters: Array<{ id: string; number: number }> }>;
    expect(info.ok).toBe(true);
    if (!info.ok) return;
    const counter = info.value.counters.find((c) => c.number === 3)!;
    const views: unknown[] = [];
    const off = desk.on('citizen.view', (v) => views.push(v));
    expect(desk.on('no.such.event' as never, () => {})).toBeTypeOf('function');
    expect(preload.rendererListeners.get('desk:event')).toHaveLength(1);

    const login = await desk.invoke('session.login', { staffNo: '1001', password: 'demo1001', counterId: counter.id });
    expect(login).toMatchObject({ ok: true, value: { staff: { staffNo: '1001', role: 'clerk' } } });
    // The login greets the counter's citizen screen; main sent it to the clerk window's webContents.
    const sent = await until('the citizen.view event', () => clerk.webContents.sent.find((s) => s.channel === 'desk:event' && s.args[0] === 'citizen.view'));
    preload.deliver('desk:event', ...sent.args);
    expect(views).toEqual([expect.objectContaining({ mode: 'welcome', counterNumber: 3, clerkName: '王敏' })]);
    off();
    preload.deliver('desk:event', ...sent.args);
    expect(views).toHaveLength(1);
    const bad = await desk.invoke('session.login', { staffNo: '1001' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('opens the citizen window for a counter with the same secure preferences, once', async () => {
    const info = (await trustedCall(clerk, 'system.info')) as Result<{ counters: Array<{ id: string; number: number }> }>;
    if (!info.ok) throw new Error('system.info failed');
    const counter = info.value.counters.find((c) => c.number === 3)!;
    expect(await desk.invoke('citizen.openScreen', { counterId: counter.id })).toEqual({ ok: true, value: { opened: true } });
    expect(electron.windows).toHaveLength(2);
    const citizen = electron.windows[1];
    expect(citizen.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: preloadBundle });
    expect(citizen.loaded).toEqual([`windowdesk://app/index.html#/citizen/${encodeURIComponent(counter.id)}`]);
    expect(citizen.webContents.windowOpenHandler).toBeTypeOf('function');
    await desk.invoke('citizen.openScreen', { counterId: counter.id });
    expect(electron.windows).toHaveLength(2);
    expect(citizen.focused).toBe(1);
    // The citizen window is its own connection: it can attach to its counter over the same channel.
    expect(await trustedCall(citizen, 'citizen.attach', { counterId: counter.id })).toMatchObject({ ok: true });
  });

  it('closing the clerk window closes the others, quits, and stops the workstation and its hub', async () => {
    const status = (await trustedCall(clerk, 'system.status')) as Result<{ hub: { url: string } }>;
    if (!status.ok) throw new Error('system.status failed');
    const quit = new Promise<void>((r) => electron.app.once('quit', () => r()));
    clerk.close();
    expect(electron.windows.every((w) => w.isDestroyed())).toBe(true);
    await quit;
    await expect(fetch(`${status.value.hub.url}/health`)).rejects.toThrow();
    expect(electron.app.exitCode).toBeNull();
  });
});
