import { useCallback, useState } from 'react';
import type { Result } from '../../../../preload/contract';
import { errorText } from '../../i18n';

/** Runs a call, keeps its Chinese error for a role="alert" line, and reports busy so buttons can't double-submit. */
export function useAction() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async <T,>(fn: () => Promise<Result<T>>): Promise<T | undefined> => {
    setBusy(true);
    try {
      const r = await fn();
      if (!r.ok) {
        setError(errorText(r.error));
        return undefined;
      }
      setError(null);
      return r.value;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, error, setError, busy };
}
