import { useState } from 'react';
import { call } from '../../api/client';
import { describeScan, useBarcodeScanner, type ScanEvent } from '../../components/barcode';
import { errorText, t } from '../../i18n';

/** The 扫码 test: waits for a scan from any scanner at this counter and says what it was. */
export function BarcodeTest({ simulated }: { simulated: boolean }) {
  const [last, setLast] = useState<ScanEvent | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useBarcodeScanner(setLast);
  return (
    <section className="device-barcode" aria-labelledby="device-barcode-heading">
      <h3 id="device-barcode-heading">{t('devices.scanTest.heading')}</h3>
      <p role="status">{last ? t('devices.scanTest.last', { what: describeScan(last) }) : t('devices.scanTest.waiting')}</p>
      {simulated && (
        <button type="button" onClick={async () => {
          const r = await call('devices.simulateBarcode', { raw: 'WD-APPT:DEMO0001' });
          setErr(r.ok ? null : errorText(r.error));
        }}>{t('devices.scanTest.simulate')}</button>
      )}
      {err && <p role="alert">{err}</p>}
    </section>
  );
}
