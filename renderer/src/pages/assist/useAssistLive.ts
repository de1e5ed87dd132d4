import { useCallback, useEffect, useState } from 'react';
import type { AssistRecord } from '../../../../common/assist/schema';
import type { CallOutput } from '../../../../preload/contract';
import { call, on, onReconnect } from '../../api/client';

export type LiveState = CallOutput<'assist.live'>;

/**
 * The hall's running 求助 as the hub pushes them: loaded once, then each `assist.changed` merges
 * the record (no reload per event); `onChange` hears every pushed record (sound, notification).
 */
export function useAssistLive(onChange?: (r: AssistRecord, before: AssistRecord | undefined) => void) {
  const [state, setState] = useState<LiveState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    const r = await call('assist.live', {});
    if (r.ok) {
      setState(r.value);
      setError(null);
    } else setError(r.error.message);
  }, []);
  useEffect(() => {
    void reload();
    const offR = onReconnect(() => void reload());
    const off = on('assist.changed', (rec) => {
      setState((s) => {
        if (!s) return s;
        const before = s.records.find((x) => x.id === rec.id);
        onChange?.(rec, before);
        const live = rec.status === 'open' || rec.status === 'accepted' || rec.status === 'arrived';
        const others = s.records.filter((x) => x.id !== rec.id);
        return { ...s, online: true, records: live ? [...others, rec].sort((a, b) => a.requestedAt - b.requestedAt) : others, pending: s.pending };
      });
    });
    // The offline queue drains in the background: re-read it now and then while anything waits.
    const timer = setInterval(() => void reload(), 15_000);
    return () => {
      off();
      offR();
      clearInterval(timer);
    };
  }, [reload]);
  return { state, error, reload, setError };
}

/** A short two-tone chime (WebAudio: no sound file to ship); silent where audio is blocked. */
export function chime(): void {
  try {
    const ctx = new AudioContext();
    const tone = (freq: number, at: number) => {
      const o = ctx.createOscillator();
      const g = ctx.createGain();
      o.frequency.value = freq;
      g.gain.setValueAtTime(0.15, ctx.currentTime + at);
      g.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + at + 0.35);
      o.connect(g).connect(ctx.destination);
      o.start(ctx.currentTime + at);
      o.stop(ctx.currentTime + at + 0.4);
    };
    tone(880, 0);
    tone(660, 0.4);
    setTimeout(() => void ctx.close(), 1200);
  } catch {
    // no audio device or blocked by policy: the on-screen alert remains
  }
}

/** A desktop notification (asks for permission the first time; silent when refused). */
export function notify(title: string, body: string): void {
  if (typeof Notification === 'undefined') return;
  const show = () => {
    try {
      new Notification(title, { body, tag: `assist-${title}` });
    } catch {
      // some shells refuse page notifications: the on-screen alert remains
    }
  };
  if (Notification.permission === 'granted') show();
  else if (Notification.permission === 'default') void Notification.requestPermission().then((p) => p === 'granted' && show());
}

export const minutesSince = (at: number, now = Date.now()) => Math.max(0, Math.floor((now - at) / 60_000));
export const hhmm = (at: number) => new Date(at + 8 * 3600_000).toISOString().slice(11, 16);
