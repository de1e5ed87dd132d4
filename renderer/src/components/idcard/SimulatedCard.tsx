import { useEffect, useState } from 'react';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';

/**
 * With the SIMULATED reader (demo and training) there is no hand to place a card: this puts a demo
 * applicant's card in its field, so 读身份证 finds it wherever the clerk presses it (叫号 or 受理).
 * Renders nothing with a real reader, and says 模拟 plainly.
 */
export function SimulatedCard({ onError }: { onError(message: string): void }) {
  const [simulated, setSimulated] = useState(false);
  const [simId, setSimId] = useState('');
  useEffect(() => {
    void call('devices.list', {}).then((r) => r.ok && setSimulated(r.value.some((d) => d.kind === 'idcard' && d.simulated)));
  }, []);
  if (!simulated) return null;
  const place = async () => {
    const r = await call('devices.simulateCard', { idNumber: simId.trim() || undefined, sample: simId.trim() ? undefined : 'resident' });
    if (!r.ok) onError(errorText(r.error));
  };
  return (
    <span className="intake-sim">
      <label>
        {t('intake.applicant.simId')}
        <input value={simId} onChange={(e) => setSimId(e.target.value)} placeholder="310117198206150314"
          // Enter places the card; it must not submit the form this control sits in (check-in).
          onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void place(); } }} />
      </label>
      <button type="button" onClick={() => void place()}>{t('intake.applicant.simPlace')}</button>
    </span>
  );
}
