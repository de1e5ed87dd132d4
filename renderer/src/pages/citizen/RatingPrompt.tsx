import { useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import { errorText, t, type MessageKey } from '../../i18n';

const LEVELS = [5, 4, 3, 2, 1] as const;
const REASONS = ['efficiency', 'competence', 'attitude', 'other'] as const;
type Reason = (typeof REASONS)[number];

/**
 * The five-level question after a service (好差评, 一次一评). 不满意 and 非常不满意 ask for a reason
 * before they are sent; the applicant may always skip. The clerk's side never learns the answer.
 */
export function RatingPrompt({ serviceId, ticketNumber, itemName, chosenLevel = null, pad = null, later = null }: {
  serviceId: string; ticketNumber: string | null; itemName: string | null; chosenLevel?: number | null; pad?: 'hid' | 'simulated' | null;
  later?: { url: string; qrSvg: string; until: string } | null;
}) {
  const [level, setLevel] = useState<number | null>(chosenLevel);
  const [reasons, setReasons] = useState<Reason[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(l: number, rs: Reason[], reasonText: string | null) {
    setBusy(true);
    const r = await call('rating.submit', { serviceId, level: l, reasons: rs, reasonText });
    setBusy(false);
    if (!r.ok) setError(errorText(r.error));
  }

  function choose(l: number) {
    setError(null);
    if (l <= 2) setLevel(l);
    else void send(l, [], null);
  }

  function submitBad(e: FormEvent) {
    e.preventDefault();
    if (!reasons.length && !text.trim()) return setError(t('rating.reasonNeeded'));
    void send(level!, reasons, text.trim() || null);
  }

  const toggle = (r: Reason) => setReasons((xs) => (xs.includes(r) ? xs.filter((x) => x !== r) : [...xs, r]));

  return (
    <section className="rating-prompt" aria-labelledby="rating-ask">
      <h2 id="rating-ask" className="rating-ask">{t('rating.ask')}</h2>
      {ticketNumber && <p className="citizen-sub">{itemName ? t('rating.askTicket', { ticket: ticketNumber, item: itemName }) : t('rating.askTicketOnly', { ticket: ticketNumber })}</p>}
      {level === null ? (
        <>
          <div className="rating-levels" role="group" aria-label={t('rating.ask')}>
            {LEVELS.map((l) => (
              <button key={l} type="button" className={`rating-level l${l}`} disabled={busy} onClick={() => choose(l)} aria-label={t(`rating.level${l}` as MessageKey)}>
                <span className="rating-stars" aria-hidden="true">{'★'.repeat(l)}{'☆'.repeat(5 - l)}</span>
                <span>{t(`rating.level${l}` as MessageKey)}</span>
              </button>
            ))}
          </div>
          <p className="citizen-sub rating-hint">{t('rating.askSub')}</p>
          {pad && <p className="citizen-sub rating-hint" data-testid="rating-pad">{pad === 'simulated' ? t('rating.padHintSimulated') : t('rating.padHint')}</p>}
          {later && (
            <figure className="rating-later">
              <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(later.qrSvg)}`} alt={t('rating.laterAlt')} data-testid="rating-later-qr" data-url={later.url} />
              <figcaption className="citizen-sub">{t('rating.later', { until: new Date(later.until).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }) })}</figcaption>
            </figure>
          )}
        </>
      ) : (
        <form className="rating-bad" onSubmit={submitBad} noValidate>
          <p className="citizen-sub">{t(`rating.level${level}` as MessageKey)} · {t('rating.badHeading')}</p>
          <div className="rating-reasons" role="group" aria-label={t('rating.badHeading')}>
            {REASONS.map((r) => (
              <label key={r} className={reasons.includes(r) ? 'on' : ''}>
                <input type="checkbox" checked={reasons.includes(r)} onChange={() => toggle(r)} /> {t(`rating.reason.${r}` as MessageKey)}
              </label>
            ))}
          </div>
          <label className="rating-text">
            <span>{t('rating.reasonText')}</span>
            <textarea value={text} maxLength={300} rows={3} onChange={(e) => setText(e.target.value)} />
          </label>
          <div className="rating-actions">
            <button type="button" className="rating-back" onClick={() => { setLevel(null); setError(null); }}>{t('rating.back')}</button>
            <button type="submit" className="rating-submit" disabled={busy}>{t('rating.submit')}</button>
          </div>
        </form>
      )}
      {error && <p role="alert" className="citizen-sub rating-error">{error}</p>}
      <button type="button" className="rating-skip" disabled={busy} onClick={() => void call('rating.skip', { serviceId })}>{t('rating.skip')}</button>
      <p className="citizen-sub rating-hint">{t('rating.skipHint')}</p>
    </section>
  );
}
