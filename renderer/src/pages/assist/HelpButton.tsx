import { useEffect, useRef, useState } from 'react';
import { KIND_NAMES, CAPACITY_NAMES, OUTCOME_NAMES } from '../../../../common/assist/labels';
import { REQUEST_KINDS, type AssistRecord } from '../../../../common/assist/schema';
import { call, on } from '../../api/client';
import { useSession } from '../../app/session';
import { t } from '../../i18n';
import { hhmm } from './useAssistLive';

type Kind = (typeof REQUEST_KINDS)[number];

/**
 * 求助 on every page of a counter session: the button (and F8) opens the kind and a note; the
 * strip then says who is coming and when, as the hub pushes it. Offline, the request waits in
 * this workstation's queue and says so.
 */
export function HelpButton() {
  const { session } = useSession();
  const counter = session?.counter?.number ?? null;
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>('consult');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [mine, setMine] = useState<AssistRecord | null>(null);
  const [queued, setQueued] = useState<number | null>(null);
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F8' && !e.altKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
  useEffect(
    () => on('assist.changed', (r) => {
      if (r.counter === counter && r.source === 'counter') setMine((m) => (!m || m.id === r.id || m.status === 'closed' || m.status === 'cancelled' ? r : m));
    }),
    [counter],
  );
  if (counter === null) return null;

  const send = async () => {
    setBusy(true);
    setError(null);
    const r = await call('assist.request', { kind, note });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setOpen(false);
    setNote('');
    if (r.value.record) setMine(r.value.record);
    if (r.value.pending) setQueued(r.value.pending.at);
  };
  const withdraw = async () => {
    if (!mine) return;
    const r = await call('assist.cancel', { id: mine.id });
    if (!r.ok) setError(r.error.message);
    else setMine(null);
  };

  const status = () => {
    if (!mine) return queued ? t('assist.queued', { time: hhmm(queued) }) : null;
    const h = mine.helper;
    if (mine.status === 'open') return mine.escalatedAt ? `${t('assist.sent', { kind: KIND_NAMES[mine.kind] })} · ${t('assist.escalated', { min: Math.round((mine.escalatedAt - mine.requestedAt) / 60_000) })}` : t('assist.sent', { kind: KIND_NAMES[mine.kind] });
    if (mine.status === 'accepted' && h) return t('assist.coming', { name: h.name, capacity: CAPACITY_NAMES[h.capacity], eta: mine.etaMinutes ?? 0 });
    if (mine.status === 'arrived' && h) return t('assist.arrivedAt', { name: h.name, capacity: CAPACITY_NAMES[h.capacity] });
    if (mine.status === 'closed' && h && mine.outcome) return t('assist.closedBy', { name: h.name, outcome: OUTCOME_NAMES[mine.outcome] });
    return null;
  };
  const text = status();

  return (
    <div className="assist-help">
      <button type="button" className="assist-help-button" onClick={() => setOpen(true)} aria-keyshortcuts="F8">
        {t('assist.help')} <kbd>F8</kbd>
      </button>
      {text && (
        <span className="assist-help-status" role="status" data-testid="assist-status">
          {text}
          {mine?.status === 'open' && <button type="button" className="ghost" onClick={() => void withdraw()}>{t('assist.withdraw')}</button>}
          {(mine?.status === 'closed' || (!mine && queued)) && <button type="button" className="ghost" aria-label={t('assist.dismiss')} onClick={() => { setMine(null); setQueued(null); }}>×</button>}
        </span>
      )}
      {error && !open && <span className="form-error" role="alert">{error}</span>}
      {open && (
        <div className="lock-backdrop">
          <form noValidate role="dialog" aria-modal="true" aria-labelledby="assist-help-title" className="assist-dialog" onSubmit={(e) => { e.preventDefault(); void send(); }}
            onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
            <h2 id="assist-help-title">{t('assist.helpTitle')}</h2>
            <fieldset>
              <legend>{t('assist.kind')}</legend>
              {REQUEST_KINDS.map((k, i) => (
                <label key={k} className="radio">
                  <input ref={i === 0 ? first : undefined} type="radio" name="assist-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                  {KIND_NAMES[k]}
                </label>
              ))}
            </fieldset>
            <label className="field">
              <span>{t('assist.note')}</span>
              <textarea value={note} maxLength={200} rows={3} placeholder={t('assist.notePlaceholder')} onChange={(e) => setNote(e.target.value)} />
            </label>
            {error && <p className="form-error" role="alert">{error}</p>}
            <div className="actions">
              <button type="submit" disabled={busy}>{t('assist.send')}</button>
              <button type="button" className="ghost" onClick={() => setOpen(false)}>{t('assist.cancelDialog')}</button>
            </div>
          </form>
        </div>
      )}
    </div>
  );
}
