import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';

/** The device layer's diagnostics ring buffer as text a technician can copy. `version` refreshes it. */
export function DiagnosticsLog({ version }: { version: number }) {
  const [text, setText] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const load = useCallback(() => {
    void call('devices.diagnostics', {}).then((r) => (r.ok ? setText(r.value.text) : setMsg({ ok: false, text: errorText(r.error) })));
  }, []);
  useEffect(load, [load, version]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setMsg({ ok: true, text: t('devices.diag.copied') });
    } catch {
      // Outside a secure context the Clipboard API is absent; the selection path still works.
      area.current?.select();
      const ok = document.execCommand('copy');
      setMsg(ok ? { ok: true, text: t('devices.diag.copied') } : { ok: false, text: t('devices.diag.copyFailed') });
    }
  }

  return (
    <div className="device-diag">
      <h3 id="device-diag-heading">{t('devices.diag.heading')}</h3>
      <p className="muted">{t('devices.diag.hint')}</p>
      <textarea ref={area} readOnly rows={10} value={text} aria-labelledby="device-diag-heading" spellCheck={false} />
      <div>
        <button type="button" onClick={load}>{t('devices.diag.refresh')}</button>
        <button type="button" onClick={() => void copy()}>{t('devices.diag.copy')}</button>
        {msg && <span role={msg.ok ? 'status' : 'alert'}>{msg.text}</span>}
      </div>
    </div>
  );
}
