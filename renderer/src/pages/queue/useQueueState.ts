import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueState } from '../../../../preload/contract/queue';
import { call, on, onReconnect } from '../../api/client';
import { errorText } from '../../i18n';

/**
 * The counter's queue as the workstation pushes it: each `queue.changed` carries the panel's whole
 * state, which is rendered as is (no pull after a push). The state is asked for once when the
 * panel opens and after the bridge reconnects (pushes may have been missed meanwhile). A local
 * clock lets waits grow on screen between pushes; `now()` follows the hub's clock.
 */
export function useQueueState() {
  const [state, setState] = useState<QueueState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const offset = useRef(0);

  const show = useCallback((s: QueueState) => {
    offset.current = s.now - Date.now();
    setState(s);
    setError(null);
  }, []);

  const load = useCallback(async () => {
    const r = await call('queue.state', {});
    if (r.ok) show(r.value);
    else setError(errorText(r.error));
  }, [show]);

  useEffect(() => {
    void load();
    const off = on('queue.changed', show);
    const offRe = onReconnect(() => void load());
    const timer = setInterval(() => setTick((x) => x + 1), 1000);
    return () => {
      off();
      offRe();
      clearInterval(timer);
    };
  }, [load, show]);

  const now = useCallback(() => Date.now() + offset.current, []);
  return { state, error, now, tick };
}

/** A wait with its units, as every queue screen shows it: 「40 秒」, 「13 分 30 秒」, 「1 小时 05 分」. */
export function waitText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} 小时 ${String(m).padStart(2, '0')} 分`;
  if (m > 0) return `${m} 分 ${String(s).padStart(2, '0')} 秒`;
  return `${s} 秒`;
}

/** The hub's waits arrive as minutes with one decimal (13.5): shown the same way, 「13 分 30 秒」. */
export function minutesText(minutes: number): string {
  return waitText(Math.round(minutes * 60) * 1000);
}
