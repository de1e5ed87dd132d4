import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/**
 * 受理's two kinds of error. An action's error (a refused call) goes to one page-level area that
 * holds only the latest action's outcome: a new error replaces it, a success clears it, so old
 * messages never pile up across panels. A field's error sits beside its field
 * (aria-describedby + aria-invalid) and goes when the field is fixed.
 */
interface PageErrorValue {
  error: string | null;
  report(message: string | null): void;
}

const PageErrorContext = createContext<PageErrorValue | null>(null);

export function PageErrorProvider({ children }: { children: ReactNode }) {
  const [error, setError] = useState<string | null>(null);
  const value = useMemo(() => ({ error, report: setError }), [error]);
  return <PageErrorContext.Provider value={value}>{children}</PageErrorContext.Provider>;
}

/** Reports into the page's area; outside a provider (a panel used elsewhere) keeps its own. */
export function usePageError(): PageErrorValue {
  const shared = useContext(PageErrorContext);
  const [own, setOwn] = useState<string | null>(null);
  const report = useCallback((m: string | null) => setOwn(m), []);
  return shared ?? { error: own, report };
}

/** The page-level area: the latest action's error, or nothing. */
export function PageError() {
  const { error } = usePageError();
  if (!error) return null;
  return <p role="alert" className="form-error intake-page-error" data-testid="intake-page-error">{error}</p>;
}

/** The message beside a field; `id` is what the field's aria-describedby names. */
export function FieldError({ id, message }: { id: string; message: string | null | undefined }) {
  if (!message) return null;
  return <span id={id} className="field-error" role="alert">{message}</span>;
}

/** aria props for a field that may carry an error (spread onto the input or select). */
export function invalidProps(id: string, message: string | null | undefined): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  return message ? { 'aria-invalid': true, 'aria-describedby': id } : {};
}

/**
 * One current error per field: `set(field, msg)` replaces that field's message, `fix(field, msg)`
 * re-checks it as the clerk types (the message goes as soon as the check passes).
 */
export function useFieldErrors<K extends string>() {
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({});
  const set = useCallback((field: K, message: string | null) => {
    setErrors((e) => {
      if ((e[field] ?? null) === message) return e;
      const next = { ...e };
      if (message) next[field] = message;
      else delete next[field];
      return next;
    });
  }, []);
  /** Clears the field's error once `check` (run on the new value) no longer finds one. */
  const fix = useCallback((field: K, check: () => string | null) => {
    setErrors((e) => {
      if (!e[field] || check()) return e;
      const next = { ...e };
      delete next[field];
      return next;
    });
  }, []);
  const clear = useCallback(() => setErrors({}), []);
  return { errors, set, fix, clear };
}
