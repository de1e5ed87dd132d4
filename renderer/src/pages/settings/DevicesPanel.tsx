import { useCallback, useEffect, useState } from 'react';
import { call, on } from '../../api/client';
import { useSession } from '../../app/session';
import { CapturePanel } from '../../components/capture';
import { errorText, t } from '../../i18n';
import { BarcodeTest } from './BarcodeTest';
import { DeviceConfig } from './DeviceConfig';
import type { DeviceInfo } from '../../../../common/devices';
import { DeviceTable } from './DeviceTable';
import { DiagnosticsLog } from './DiagnosticsLog';

/** Settings → 设备: every device's state and test, capture and barcode tests, diagnostics, and (admins) the device choice. */
export function DevicesPanel() {
  const { session } = useSession();
  const [devices, setDevices] = useState<DeviceInfo[]>([]);
  const [err, setErr] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [barcodeTest, setBarcodeTest] = useState(false);
  const atCounter = Boolean(session?.counter) && session?.staff.role !== 'admin';

  const load = useCallback(() => {
    void call('devices.list', {}).then((r) => (r.ok ? (setDevices(r.value), setErr(null)) : setErr(errorText(r.error))));
    setVersion((v) => v + 1);
  }, []);
  useEffect(load, [load]);
  useEffect(() => on('devices.changed', (list) => { setDevices(list); setVersion((v) => v + 1); }), []);

  const barcodeSimulated = devices.some((d) => d.kind === 'barcode' && d.simulated);
  return (
    <section className="panel devices-panel" role="region" aria-labelledby="devices-heading">
      <h2 id="devices-heading">{t('devices.panel.heading')}</h2>
      {err && <p role="alert">{err}</p>}
      <DeviceTable devices={devices} onBarcodeTest={() => setBarcodeTest(true)} />
      {barcodeTest && <BarcodeTest simulated={barcodeSimulated && atCounter} />}
      {atCounter && (
        <section aria-labelledby="devices-capture-heading">
          <h3 id="devices-capture-heading">{t('devices.captureTest.heading')}</h3>
          <CapturePanel label={t('devices.captureTest.label')} onPages={() => setVersion((v) => v + 1)} />
        </section>
      )}
      <DiagnosticsLog version={version} />
      {session?.staff.role === 'admin' && <DeviceConfig onApplied={load} />}
    </section>
  );
}
