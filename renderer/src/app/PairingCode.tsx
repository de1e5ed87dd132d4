import { useEffect, useState } from 'react';
import { call } from '../api/client';
import { errorText, t } from '../i18n';

/**
 * The clerk's side of pairing a browser citizen screen: a 6-digit code for this counter, counted
 * down while it is valid. (A popup the clerk opens with 打开群众屏 carries its code by itself.)
 */
export function PairingCode({ onClose }: { onClose(): void }) {
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    void call('citizen.pairingCode', {}).then((r) => (r.ok ? setCode(r.value) : setError(errorText(r.error))));
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);

  const left = code ? Math.max(0, Math.round((Date.parse(code.expiresAt) - now) / 1000)) : 0;
  return (
    <div className="pairing-popover" role="dialog" aria-label={t('pairing.show')} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <strong>{t('pairing.show')}</strong>
      {error && <p role="alert" className="form-error">{error}</p>}
      {code && <div className="pairing-code" data-testid="pairing-code">{code.code}</div>}
      {code && <p className="hint">{t('pairing.codeHint', { s: left })}</p>}
      <button type="button" onClick={onClose} autoFocus>{t('pairing.close')}</button>
    </div>
  );
}
