import { useState, type FormEvent } from 'react';
import { call } from '../api/client';
import { useSession } from '../app/session';
import { errorText, t } from '../i18n';

export function LoginPage() {
  const { info, signIn, notice } = useSession();
  /** 「该窗口已由 张三 登录，是否接管？」: the password stays in the form until the clerk answers. */
  const [takeover, setTakeover] = useState<string | null>(null);
  const [staffNo, setStaffNo] = useState('');
  const [password, setPassword] = useState('');
  const [counterId, setCounterId] = useState<string>(() => localStorage.getItem('wd.counter') ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function login(takeOver: boolean) {
    setBusy(true);
    setError(null);
    setTakeover(null);
    const r = await call('session.login', { staffNo, password, counterId: counterId || null, takeOver });
    setBusy(false);
    if (r.ok) {
      localStorage.setItem('wd.counter', counterId);
      signIn(r.value);
    } else if (r.error.code === 'COUNTER_TAKEN') {
      setTakeover(r.error.message);
    } else {
      setError(errorText(r.error));
      setPassword('');
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    // Our own words, not the browser's validation bubble (which speaks the OS language).
    if (!staffNo.trim()) return setError(t('login.needStaffNo'));
    if (!password) return setError(t('login.needPassword'));
    void login(false);
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
        {notice && !error && <p role="status" className="form-notice">{notice}</p>}
        {error && <p role="alert" className="form-error">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{busy ? t('login.submitting') : t('login.submit')}</button>
        <p className="hint">{t('login.hint')}</p>
        {info?.demo && <p className="demo-note">{t('app.demoBadge')}</p>}
      </form>
      {takeover && (
        <div className="lock-backdrop">
          <div className="login-card takeover-card" role="alertdialog" aria-modal="true" aria-labelledby="takeover-heading" aria-describedby="takeover-text">
            <h1 id="takeover-heading">{t('session.takeoverTitle')}</h1>
            <p id="takeover-text" data-testid="takeover">{takeover}</p>
            <div className="dialog-actions">
              <button type="button" className="primary" autoFocus onClick={() => void login(true)}>{t('session.takeover')}</button>
              <button type="button" onClick={() => { setTakeover(null); setPassword(''); }}>{t('session.takeoverCancel')}</button>
            </div>
          </div>
        </div>
      )}
    </main>
  );
}
