import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  // As `electron . --demo` starts it (unpackaged): the executable, the app path, a Chromium switch, ours.
  process.argv = ['/opt/electron/electron', root, '--no-sandbox', '--demo'];
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
  });

  it('creates the clerk window with the secure web preferences and a preload that exists', () => {
    expect(electron.windows).toHaveLength(1);
    const prefs = clerk.options.webPreferences!;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false });
    expect(prefs.preload).toBe(preloadBundle);
    expect(fs.existsSync(prefs.preload as string)).toBe(true);
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

  it('grants the camera to its own pages only and sets the CSP on responses', () => {
    const asked: Array<[string, string, boolean]> = [];
    for (const [permission, url] of [['media', 'windowdesk://app/index.html'], ['media', 'https://evil.example/'], ['geolocation', 'windowdesk://app/index.html'], ['notifications', 'windowdesk://app/index.html']]) {
      electron.permissionRequestHandler!(clerk.webContents, permission, (granted) => asked.push([permission, url, granted]), { requestingUrl: url });
    }
    expect(asked.map((a) => a[2])).toEqual([true, false, false, false]);
    expect(electron.permissionCheckHandler!(clerk.webContents, 'media', 'windowdesk://app')).toBe(true);
    expect(electron.permissionCheckHandler!(clerk.webContents, 'media', 'https://evil.example')).toBe(false);
    expect(electron.permissionCheckHandler!(clerk.webContents, 'clipboard-read', 'windowdesk://app')).toBe(false);

    let headers: Record<string, string[]> | undefined;
    electron.headersReceived!({ url: 'windowdesk://app/index.html', responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    expect(headers?.['Content-Security-Policy'][0]).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(headers?.['Content-Security-Policy'][0]).not.toContain("'unsafe-eval'");
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
    const health = await fetch(`${status.value.hub.url}/health`);
    expect(health.status).toBe(200);
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
