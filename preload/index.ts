import { contextBridge, ipcRenderer } from 'electron';
import { errorMessage } from '../common/errors';
import { CALL_NAMES, EVENT_NAMES, type DeskBridge } from './contract';

// Channel names are duplicated from main/electron/ipc.ts on purpose: a sandboxed preload
// cannot import main-process modules, and these two strings are the whole IPC surface.
const CALL_CHANNEL = 'desk:call';
const EVENT_CHANNEL = 'desk:event';
const knownCalls = new Set<string>(CALL_NAMES);
const knownEvents = new Set<string>(EVENT_NAMES);
const listeners = new Map<string, Set<(p: unknown) => void>>();

ipcRenderer.on(EVENT_CHANNEL, (_e, name: string, payload: unknown) => {
  for (const l of listeners.get(name) ?? []) l(payload);
});

const desk: DeskBridge = {
  shell: 'electron',
  invoke(name, input) {
    if (!knownCalls.has(name)) return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CALL', message: errorMessage('UNKNOWN_CALL') } });
    return ipcRenderer.invoke(CALL_CHANNEL, name, input);
  },
  on(event, listener) {
    if (!knownEvents.has(event)) return () => {};
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
  // IPC to the main process has no connection to lose: nothing to report.
  onReconnect: () => () => {},
  onConnectionChange: () => () => {},
};

contextBridge.exposeInMainWorld('desk', desk);
