import { useEffect, useState } from 'react';
import type { CallOutput } from '../../../../preload/contract';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';

type CardAnswer = CallOutput<'queue.kioskCard'>;
type Reader = CallOutput<'queue.kioskReader'>['reader'];

/**
 * 刷身份证 at the kiosk: an appointment is checked in; a walk-in's card is held by the workstation
 * (the page gets a token and a masked name, never the ID number) until a stream is chosen.
 * With the SIMULATED reader (demo, training) a demo ID number stands in for the card, said plainly.
 */
export function KioskCard({ onAnswer, onError }: { onAnswer(a: CardAnswer): void; onError(message: string): void }) {
  const [reader, setReader] = useState<Reader>('none');
  const [busy, setBusy] = useState(false);
  const [simId, setSimId] = useState('');
  useEffect(() => {
    void call('queue.kioskReader', {}).then((r) => r.ok && setReader(r.value.reader));
  }, []);
  if (reader === 'none') return null;
  const read = async () => {
    setBusy(true);
    const r = await call('queue.kioskCard', reader === 'simulated' && simId.trim() ? { simulate: simId.trim() } : {});
    setBusy(false);
    setSimId('');
    if (r.ok) onAnswer(r.value);
    else onError(errorText(r.error));
  };
  return (
    <section className="kiosk-card" aria-labelledby="kiosk-card-heading">
      <h2 id="kiosk-card-heading">{t('queue.kiosk.card.heading')}</h2>
      <p className="hint">{t('queue.kiosk.card.hint')}</p>
      {reader === 'simulated' && (
        <label>
          <span>{t('queue.kiosk.card.simId')} <span className="sim-tag">{t('queue.kiosk.card.simulated')}</span></span>
          <input value={simId} onChange={(e) => setSimId(e.target.value)} inputMode="numeric" maxLength={18} autoComplete="off"
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void read(); } }} />
        </label>
      )}
      <button type="button" disabled={busy} onClick={() => void read()}>{busy ? t('queue.kiosk.card.reading') : t('queue.kiosk.card.read')}</button>
    </section>
  );
}
