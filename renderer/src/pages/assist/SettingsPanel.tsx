import { useEffect, useState } from 'react';
import type { CallOutput } from '../../../../preload/contract';
import { call } from '../../api/client';
import { t } from '../../i18n';

/** The hall's assistance settings (on the hub): escalation minutes, the 办不成事 feedback days and its dedicated counter. */
export function AssistSettingsPanel() {
  const [s, setS] = useState<CallOutput<'assist.settings'> | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    void call('assist.settings', {}).then((r) => (r.ok ? setS(r.value) : setMsg({ ok: false, text: r.error.message })));
  }, []);
  if (!s) return msg ? <p className="form-error">{msg.text}</p> : null;
  const save = async () => {
    const r = await call('assist.setSettings', s);
    setMsg(r.ok ? { ok: true, text: t('assist.settingsSaved') } : { ok: false, text: r.error.message });
  };
  return (
    <section aria-labelledby="assist-settings-title" className="assist-settings">
      <h2 id="assist-settings-title">{t('assist.settingsTitle')}</h2>
      <form noValidate className="filters" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <label>{t('assist.escalateMinutes')}<input type="number" min={1} max={60} value={s.assist.escalateMinutes} onChange={(e) => setS({ ...s, assist: { ...s.assist, escalateMinutes: Number(e.target.value) } })} /></label>
        <label>{t('assist.feedbackDays')}<input type="number" min={1} max={60} value={s.reports.feedbackDays} onChange={(e) => setS({ ...s, reports: { ...s.reports, feedbackDays: Number(e.target.value) } })} /></label>
        <label>{t('assist.dedicatedCounter')}<input type="number" min={1} max={9999} value={s.reports.dedicatedCounter ?? ''} onChange={(e) => setS({ ...s, reports: { ...s.reports, dedicatedCounter: e.target.value ? Number(e.target.value) : null } })} /></label>
        <button type="submit">{t('assist.save')}</button>
      </form>
      {msg && <p className={msg.ok ? 'form-ok' : 'form-error'} role={msg.ok ? 'status' : 'alert'}>{msg.text}</p>}
    </section>
  );
}
