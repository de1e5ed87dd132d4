import { useEffect, useState } from 'react';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';

type Printer = { name: string; isDefault: boolean; state: string; simulated?: boolean };
const READER_RE = /^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/;

/** Admin only: real vs simulated devices, the SANE scanner, the CUPS queue and the reader's USB ids. */
export function DeviceConfig({ onApplied }: { onApplied(): void }) {
  const [mode, setMode] = useState<'simulated' | 'real'>('simulated');
  const [scanner, setScanner] = useState('');
  const [queue, setQueue] = useState('');
  const [reader, setReader] = useState('');
  const [printers, setPrinters] = useState<Printer[]>([]);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call('settings.get', {}).then((r) => {
      if (!r.ok) return setMsg({ ok: false, text: errorText(r.error) });
      const v = r.value;
      setMode(v.deviceMode === 'real' ? 'real' : 'simulated');
      setScanner(typeof v.scannerDevice === 'string' ? v.scannerDevice : '');
      setQueue(typeof v.printerQueue === 'string' ? v.printerQueue : '');
      setReader(typeof v.idcardReader === 'string' ? v.idcardReader : '');
    });
    void call('devices.printers', {}).then((r) => (r.ok ? setPrinters(r.value.filter((p) => !p.simulated)) : setMsg({ ok: false, text: errorText(r.error) })));
  }, []);

  async function apply() {
    if (reader && !READER_RE.test(reader)) return setMsg({ ok: false, text: t('devices.config.badReader') });
    setBusy(true);
    setMsg(null);
    try {
      const steps = [
        ['deviceMode', mode],
        ['scannerDevice', scanner.trim() || null],
        ['printerQueue', queue || null],
        ['idcardReader', reader.trim().toLowerCase() || null],
      ] as const;
      for (const [key, value] of steps) {
        const r = await call('settings.set', { key, value });
        if (!r.ok) return setMsg({ ok: false, text: errorText(r.error) });
      }
      const r = await call('devices.reconfigure', {});
      if (!r.ok) return setMsg({ ok: false, text: errorText(r.error) });
      setMsg({ ok: true, text: t('devices.config.applied') });
      onApplied();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="device-config" aria-labelledby="device-config-heading" onSubmit={(e) => { e.preventDefault(); void apply(); }}>
      <h3 id="device-config-heading">{t('devices.config.heading')}</h3>
      <label>{t('devices.config.mode')}
        <select value={mode} onChange={(e) => setMode(e.target.value as 'simulated' | 'real')}>
          <option value="simulated">{t('devices.config.simulated')}</option>
          <option value="real">{t('devices.config.real')}</option>
        </select>
      </label>
      <label>{t('devices.config.scanner')}
        <input value={scanner} onChange={(e) => setScanner(e.target.value)} disabled={mode !== 'real'} maxLength={256} />
      </label>
      <label>{t('devices.config.printer')}
        <select value={queue} onChange={(e) => setQueue(e.target.value)} disabled={mode !== 'real'}>
          <option value="">{t('devices.config.printerNone')}</option>
          {queue && !printers.some((p) => p.name === queue) && <option value={queue}>{queue}</option>}
          {printers.map((p) => <option key={p.name} value={p.name}>{p.name}（{p.state}）</option>)}
        </select>
      </label>
      <label>{t('devices.config.reader')}
        <input value={reader} onChange={(e) => setReader(e.target.value)} disabled={mode !== 'real'} maxLength={9} placeholder="0425:8159" />
      </label>
      <button type="submit" disabled={busy}>{t('devices.config.apply')}</button>
      {msg && <p role={msg.ok ? 'status' : 'alert'}>{msg.text}</p>}
    </form>
  );
}
