import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueState } from '../../../../preload/contract/queue';
import { bridge, call, on } from '../../api/client';
import { WebSocketBridge } from '../../api/transport';
import { errorText } from '../../i18n';

/**
 * The counter's queue, reloaded on every pushed change (never polled), plus a local clock so
 * waits grow on screen between pushes. `now()` follows the hub's clock (offset taken at load).
 */
export function useQueueState() {
  const [state, setState] = useState<QueueState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const offset = useRef(0);
  const loading = useRef<Promise<void> | null>(null);
  const again = useRef(false);

  const reload = useCallback(async () => {
    if (loading.current) {
      again.current = true;
      return loading.current;
    }
    loading.current = (async () => {
      do {
        again.current = false;
        const r = await call('queue.state', {});
        if (r.ok) {
          offset.current = r.value.now - Date.now();
          setState(r.value);
          setError(null);
        } else setError(errorText(r.error));
      } while (again.current);
    })().finally(() => {
      loading.current = null;
    });
    return loading.current;
  }, []);

  useEffect(() => {
    void reload();
    const off = on('queue.changed', () => void reload());
    const offStatus = on('system.status', () => void reload());
    const offRe = bridge instanceof WebSocketBridge ? bridge.onReconnect(() => void reload()) : () => {};
    const timer = setInterval(() => setTick((x) => x + 1), 1000);
    return () => {
      off();
      offStatus();
      offRe();
      clearInterval(timer);
    };
  }, [reload]);

  const now = useCallback(() => Date.now() + offset.current, []);
  return { state, error, reload, now, tick };
}

export function waitText(ms: number): string {
  const m = Math.max(0, Math.floor(ms / 60_000));
  const s = Math.max(0, Math.floor((ms % 60_000) / 1000));
  return `${m}:${String(s).padStart(2, '0')}`;
}
