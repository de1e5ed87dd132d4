import { useState } from 'react';
import { call } from '../api/client';
import { useSession } from '../app/session';
import { errorText, t } from '../i18n';
import { HallCaseSearch } from './sync/HallCaseSearch';
import { SyncQueue } from './sync/SyncQueue';

/** 同步: what has not reached the hall hub yet (and why), the hall-wide case record, and restoring this machine's cases. */
export function SyncPage() {
  const { session } = useSession();
  const role = session?.staff.role;
  return (
    <div className="sync-page">
      <h1 className="visually-hidden">{t('sync.heading')}</h1>
      <SyncQueue />
      {(role === 'clerk' || role === 'supervisor') && <HallCaseSearch />}
      {(role === 'supervisor' || role === 'admin') && <RestorePanel />}
    </div>
  );
}

function RestorePanel() {
  const [msg, setMsg] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const restore = async () => {
    setBusy(true);
    setError(null);
    const r = await call('sync.restoreOpen', {});
    setBusy(false);
    if (!r.ok) return setError(errorText(r.error));
    setMsg(t('sync.restored', r.value));
  };
  return (
    <section className="panel" aria-labelledby="sync-restore-h">
      <h2 id="sync-restore-h">{t('sync.restoreHeading')}</h2>
      <p className="muted">{t('sync.restoreHint')}</p>
      <button type="button" onClick={() => void restore()} disabled={busy}>{t('sync.restore')}</button>
      {msg && <p role="status">{msg}</p>}
      {error && <p role="alert" className="form-error">{error}</p>}
    </section>
  );
}
