import { useCallback, useState } from 'react';
import type { Result } from '../../../../preload/contract';
import { errorText } from '../../i18n';
import { usePageError } from './errors';

/**
 * Runs a call and reports busy so buttons can't double-submit. Its Chinese error goes to the
 * page's one error area (replacing whatever was there; a success clears it): the latest action's
 * outcome, not a pile of old messages across panels.
 */
export function useAction() {
  const { report } = usePageError();
  const [busy, setBusy] = useState(false);
  const setError = report;
  const run = useCallback(async <T,>(fn: () => Promise<Result<T>>): Promise<T | undefined> => {
    setBusy(true);
    try {
      const r = await fn();
      if (!r.ok) {
        report(errorText(r.error));
        return undefined;
      }
      report(null);
      return r.value;
    } finally {
      setBusy(false);
    }
  }, [report]);
  return { run, setError, busy };
}
