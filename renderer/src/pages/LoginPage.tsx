import { useState, type FormEvent } from 'react';
import { call } from '../api/client';
import { useSession } from '../app/session';
import { errorText, t } from '../i18n';

export function LoginPage() {
  const { info, signIn } = useSession();
  const [staffNo, setStaffNo] = useState('');
  const [password, setPassword] = useState('');
  const [counterId, setCounterId] = useState<string>(() => localStorage.getItem('wd.counter') ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    // Our own words, not the browser's validation bubble (which speaks the OS language).
    if (!staffNo.trim()) return setError(t('login.needStaffNo'));
    if (!password) return setError(t('login.needPassword'));
    setBusy(true);
    setError(null);
    const r = await call('session.login', { staffNo, password, counterId: counterId || null });
    setBusy(false);
    if (r.ok) {
      localStorage.setItem('wd.counter', counterId);
      signIn(r.value);
    } else {
      setError(errorText(r.error));
      setPassword('');
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-heading" noValidate>
        <div className="login-brand">
          <div className="emblem" aria-hidden="true">办</div>
          <div>
            <div className="login-product">{t('app.title')}</div>
            <div className="login-hall">{info?.hall?.name ?? ''}</div>
          </div>
        </div>
        <h1 id="login-heading">{t('login.heading')}</h1>
        <label>
          {t('login.staffNo')}
          <input name="staffNo" autoFocus autoComplete="username" value={staffNo} onChange={(e) => setStaffNo(e.target.value)} aria-required="true" />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-required="true" />
        </label>
        <label>
          {t('login.counter')}
          <select name="counter" value={counterId} onChange={(e) => setCounterId(e.target.value)}>
            <option value="">{t('login.noCounter')}</option>
            {info?.counters.map((c) => (
              <option key={c.id} value={c.id}>{c.name}</option>
            ))}
          </select>
        </label>
        {error && <p role="alert" className="form-error">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{busy ? t('login.submitting') : t('login.submit')}</button>
        <p className="hint">{t('login.hint')}</p>
        {info?.demo && <p className="demo-note">{t('app.demoBadge')}</p>}
      </form>
    </main>
  );
}
