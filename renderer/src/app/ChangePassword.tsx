import { useState, type FormEvent } from 'react';
import { call } from '../api/client';
import { errorText, t } from '../i18n';

/**
 * 修改密码: the current password and the new one twice. The policy (length, classes, reuse) is
 * main's; its refusals come back in Chinese and are shown as they are.
 */
export function ChangePasswordForm({ forced, onDone, onCancel }: { forced: boolean; onDone(): void; onCancel?(): void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!current) return setError(t('password.needCurrent'));
    if (!next) return setError(t('password.needNew'));
    if (next !== again) return setError(t('password.mismatch'));
    setBusy(true);
    setError(null);
    const r = await call('session.changePassword', { current, next });
    setBusy(false);
    if (r.ok) onDone();
    else setError(errorText(r.error));
  }

  return (
    <form className="login-card" onSubmit={submit} aria-labelledby="password-heading" noValidate>
      <h1 id="password-heading">{t('password.heading')}</h1>
      {forced && <p className="demo-note">{t('password.forced')}</p>}
      <p className="hint">{t('password.policy')}</p>
      <label>
        {t('password.current')}
        <input name="current-password" type="password" autoFocus autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <label>
        {t('password.new')}
        <input name="new-password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
      </label>
      <label>
        {t('password.again')}
        <input name="new-password-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
      </label>
      {error && <p role="alert" className="form-error">{error}</p>}
      <button type="submit" className="primary" disabled={busy}>{t('password.submit')}</button>
      {onCancel && <button type="button" className="ghost-dark" onClick={onCancel}>{t('password.cancel')}</button>}
    </form>
  );
}
