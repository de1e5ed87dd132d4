import { useState } from 'react';
import type { HallCaseView } from '../../../../preload/contract/sync';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';

/** Any case of the hall by number, scanned notice QR or applicant: its progress, and 调取到本机 to hand out its result here. */
export function HallCaseSearch() {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<HallCaseView[] | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const find = async () => {
    setError(null);
    setNote(null);
    const r = await call('sync.findCase', { query });
    if (!r.ok) return setError(errorText(r.error));
    setFound(r.value);
  };
  const take = async (c: HallCaseView) => {
    setError(null);
    const r = await call('sync.takeCase', { caseId: c.id });
    if (!r.ok) return setError(errorText(r.error));
    setNote(t('sync.taken', { number: c.caseNumber ?? c.id }));
    setFound((list) => list?.map((x) => (x.id === c.id ? { ...x, local: true } : x)) ?? null);
  };

  return (
    <section className="panel" aria-labelledby="sync-find-h">
      <h2 id="sync-find-h">{t('sync.findHeading')}</h2>
      {/* noValidate: an empty search is answered with our own Chinese message (the browser's bubble speaks the system's language). */}
      <form noValidate onSubmit={(e) => { e.preventDefault(); void find(); }} className="inline-form">
        <label>{t('sync.findLabel')}
          <input value={query} onChange={(e) => setQuery(e.target.value)} maxLength={80} aria-required="true" data-testid="sync-find-input" />
        </label>
        <button type="submit">{t('sync.find')}</button>
      </form>
      {error && <p role="alert" className="form-error">{error}</p>}
      {note && <p role="status">{note}</p>}
      {found && found.length === 0 && <p className="muted">{t('sync.findNone')}</p>}
      {found && found.length > 0 && (
        <table data-testid="sync-found">
          <thead>
            <tr><th>{t('sync.col.number')}</th><th>{t('sync.col.item')}</th><th>{t('sync.col.applicant')}</th><th>{t('sync.col.state')}</th><th>{t('sync.col.progress')}</th><th>{t('sync.col.actions')}</th></tr>
          </thead>
          <tbody>
            {found.map((c) => (
              <tr key={c.id}>
                <td>{c.caseNumber ?? t('sync.draft')}</td>
                <td>{c.itemName}</td>
                <td>{c.applicantName}<br /><span className="muted">{c.applicantKeyMasked}</span></td>
                <td>{c.stateLabel}</td>
                <td>{c.nextStep}</td>
                <td>{c.local ? <span className="muted">{t('sync.local')}</span> : (
                  <button type="button" onClick={() => void take(c)} aria-label={`${t('sync.take')} ${c.caseNumber ?? ''}`}>{t('sync.take')}</button>
                )}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
