import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';

type Status = { coveredYears: number[]; source: string | null; warning: { year: number; message: string } | null };

/** The holiday arrangements in use; administrators import the State Council notice for a new year. */
export function CalendarPanel({ canImport }: { canImport: boolean }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [msg, setMsg] = useState<{ text: string; error: boolean } | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const load = useCallback(() => void call('calendar.status', {}).then((r) => r.ok && setStatus(r.value)), []);
  useEffect(load, [load]);

  const onFile = async (f: File | undefined) => {
    if (!f) return;
    const r = await call('calendar.import', { json: await f.text() });
    if (file.current) file.current.value = '';
    if (!r.ok) return setMsg({ text: errorText(r.error), error: true });
    const v = r.value;
    setMsg({ text: v.importedYears.length ? t('calendar.imported', { years: v.importedYears.join('、'), checked: v.checked, changed: v.changed }) : t('calendar.importedNone'), error: false });
    load();
  };

  return (
    <section className="panel" role="region" aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">{t('calendar.heading')}</h2>
      {status && <p>{t('calendar.covered', { years: status.coveredYears.join('、') })}</p>}
      {status?.source && <p className="muted">{t('calendar.source', { s: status.source })}</p>}
      {status?.warning && <p role="alert" className="form-error">{status.warning.message}</p>}
      {canImport && (
        <>
          <p className="muted">{t('calendar.importHint')}</p>
          <button type="button" onClick={() => file.current?.click()}>{t('calendar.import')}</button>
          <input ref={file} type="file" accept="application/json,.json" hidden aria-label={t('calendar.import')} onChange={(e) => void onFile(e.target.files?.[0])} />
        </>
      )}
      {msg && <p role={msg.error ? 'alert' : 'status'} className={msg.error ? 'form-error' : undefined}>{msg.text}</p>}
    </section>
  );
}
