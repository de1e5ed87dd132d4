import { useCallback, useEffect, useRef, useState } from 'react';

export const UNDO_SECONDS = 5;

export interface PendingNoShow {
  ref: string;
  number: string;
  /** Seconds left to undo (counts down on screen). */
  left: number;
}

/**
 * 过号 with a safety net: the press only marks the ticket; the no-show reaches the hub after
 * UNDO_SECONDS unless the clerk undoes it. Anything else the clerk does next first settles it:
 * calling the next ticket commits it at once, acting on the same ticket (重呼, 开始, 转移) undoes it,
 * and signing out commits it (the counter, and this hook with it, lives as long as the session's shell,
 * so the window keeps running on 受理 or any other page) — an applicant is never left half marked.
 */
export function useNoShowUndo(commit: (ref: string) => Promise<unknown>) {
  const [pending, setPending] = useState<PendingNoShow | null>(null);
  const ref = useRef<{ p: PendingNoShow; timer: ReturnType<typeof setInterval> } | null>(null);
  const commitRef = useRef(commit);
  commitRef.current = commit;

  const clear = () => {
    if (ref.current) clearInterval(ref.current.timer);
    ref.current = null;
    setPending(null);
  };

  /** Sends the pending no-show now (before a call-next, or when the countdown ends). */
  const flush = useCallback(async () => {
    const cur = ref.current;
    if (!cur) return;
    clear();
    await commitRef.current(cur.p.ref);
  }, []);

  const undo = useCallback(() => clear(), []);

  const mark = useCallback((t: { ref: string; number: string }) => {
    if (ref.current) clearInterval(ref.current.timer);
    const p: PendingNoShow = { ref: t.ref, number: t.number, left: UNDO_SECONDS };
    const timer = setInterval(() => {
      const cur = ref.current;
      if (!cur) return;
      cur.p = { ...cur.p, left: cur.p.left - 1 };
      if (cur.p.left <= 0) void flush();
      else setPending(cur.p);
    }, 1000);
    ref.current = { p, timer };
    setPending(p);
  }, [flush]);

  // Signing out (the shell unmounting) commits what was pressed.
  useEffect(() => () => void flush(), [flush]);

  return { pending, mark, undo, flush };
}
