import { useCallback, useEffect, useRef, useState } from 'react';
import { useCounter } from './counter';

/**
 * The check-in's first field has the focus when 叫号 opens, after each check-in (`refocus`) and on
 * Alt+I from any page (`toIdNumber` switches the form to the ID number first): the ID number, code
 * or name is typed or scanned without a Tab.
 */
export function useCheckInFocus(toIdNumber: () => void) {
  const form = useRef<HTMLFormElement>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const first = form.current?.querySelector<HTMLInputElement>('input');
    // On opening, only if nothing on the page has the focus yet (the transfer form F4 opens keeps it).
    if (tick || !form.current?.closest('main')?.contains(document.activeElement)) first?.focus();
  }, [tick]);

  const { checkInWanted, checkInFocused } = useCounter() ?? {};
  const switchTo = useRef(toIdNumber);
  switchTo.current = toIdNumber;
  useEffect(() => {
    if (!checkInWanted) return;
    switchTo.current();
    setTick((n) => n + 1);
    checkInFocused?.();
  }, [checkInWanted, checkInFocused]);

  const refocus = useCallback(() => setTick((n) => n + 1), []);
  return { form, refocus };
}
