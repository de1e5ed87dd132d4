import { useEffect, useState, type FormEvent } from 'react';
import { call } from '../api/client';
import { errorText, t } from '../i18n';
import { useSession } from './session';

/**
 * Covers the shell while the session is locked. It is drawn over the current page, not instead of
 * it: the page keeps its form contents, scroll and selection, and is `inert` underneath (Shell).
 */
export function LockOverlay() {
  const { session, unlocked, signOut } = useSession();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // `inert` keeps clicks and focus off the page, but its shortcuts (F1 叫号, Alt+N) listen on the
    // window: the first listener on the way down stops every key there. Typing and Enter in the
    // password field are the browser's default actions and still happen.
    const swallow = (e: KeyboardEvent) => e.stopImmediatePropagation();
    window.addEventListener('keydown', swallow, { capture: true });
    window.addEventListener('keyup', swallow, { capture: true });
    return () => {
      window.removeEventListener('keydown', swallow, { capture: true });
      window.removeEventListener('keyup', swallow, { capture: true });
    };
  }, []);

  if (!session) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!password) return setError(t('login.needPassword'));
    setBusy(true);
    setError(null);
    const r = await call('session.unlock', { password });
    setBusy(false);
    setPassword('');
    if (r.ok) unlocked();
    else setError(errorText(r.error));
  }

  return (
    <div className="lock-backdrop">
      <form className="login-card lock-card" role="dialog" aria-modal="true" aria-labelledby="lock-heading" onSubmit={submit} noValidate>
        <div className="login-brand">
          <div className="emblem" aria-hidden="true">锁</div>
          <div>
            <h1 id="lock-heading">{t('session.lockedHeading')}</h1>
            <div className="login-hall">{t('session.lockedWho', { name: session.staff.name, no: session.staff.staffNo })}{session.counter ? ` · ${session.counter.name}` : ''}</div>
          </div>
        </div>
        <p className="hint">{t('session.lockedHint', { n: session.idleMinutes })}</p>
        <label>
          {t('login.password')}
          <input name="unlock-password" type="password" autoFocus autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && <p role="alert" className="form-error">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{busy ? t('session.unlocking') : t('session.unlock')}</button>
        <button type="button" className="ghost-dark" onClick={() => void signOut()}>{t('session.switchUser')}</button>
      </form>
    </div>
  );
}
