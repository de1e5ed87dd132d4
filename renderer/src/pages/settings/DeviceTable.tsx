import { hallDateTime } from '../../../../common/hall-time';
import { useState } from 'react';
import type { DeviceInfo } from '../../../../common/devices';
import { call } from '../../api/client';
import { errorText, t, type MessageKey } from '../../i18n';
import { zhCN } from '../../i18n/zh-CN';

type TestKind = 'idcard' | 'scanner' | 'printer';
type TestState = { running: true } | { running: false; ok: boolean; text: string };

/** The connection in words: a transport this UI does not know yet is shown as reported rather than hidden. */
function transportLabel(transport: string): string {
  const key = `devices.transport.${transport}` as MessageKey;
  return key in zhCN ? t(key) : transport;
}

/** The devices with their state, model, transport and last error, and the per-device test action. */
export function DeviceTable({ devices, onBarcodeTest }: { devices: DeviceInfo[]; onBarcodeTest(): void }) {
  const [tests, setTests] = useState<Partial<Record<TestKind, TestState>>>({});

  async function runTest(kind: TestKind) {
    setTests((s) => ({ ...s, [kind]: { running: true } }));
    const r = await call('devices.test', { kind });
    const state: TestState = !r.ok
      ? { running: false, ok: false, text: t('devices.test.failed', { reason: errorText(r.error) }) }
      : r.value.ok
        ? { running: false, ok: true, text: t('devices.test.ok', { summary: r.value.summary, ms: Math.round(r.value.durationMs) }) }
        : { running: false, ok: false, text: t('devices.test.failed', { reason: r.value.error?.message ?? r.value.summary }) };
    setTests((s) => ({ ...s, [kind]: state }));
  }

  if (devices.length === 0) return <p className="muted">{t('devices.panel.none')}</p>;
  return (
    <table className="device-table">
      <thead>
        <tr>
          <th>{t('devices.panel.col.kind')}</th><th>{t('devices.panel.col.model')}</th><th>{t('devices.panel.col.transport')}</th>
          <th>{t('devices.panel.col.state')}</th><th>{t('devices.panel.col.lastError')}</th><th>{t('devices.panel.col.test')}</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => {
          const kind = d.kind;
          const test = kind === 'barcode' ? undefined : tests[kind];
          return (
            <tr key={d.id} data-device-kind={kind} aria-label={t(`devices.kind.${kind}`)}>
              <td>{t(`devices.kind.${kind}`)}{d.simulated && <span className="badge badge-sim">{t('devices.panel.simulated')}</span>}</td>
              <td>{d.model}</td>
              <td>{transportLabel(d.transport)}</td>
              <td className={`device-state-${d.state}`}>{t(`devices.state.${d.state}`)}</td>
              <td>{d.lastError ? `${d.lastError.message}（${hallDateTime(d.lastError.at)}）` : '—'}</td>
              <td>
                {kind === 'barcode'
                  ? <button type="button" onClick={onBarcodeTest}>{t('devices.test.barcode')}</button>
                  : <button type="button" disabled={test?.running} onClick={() => void runTest(kind)}>{t(`devices.test.${kind}`)}</button>}
                {test?.running && <span role="status">{t('devices.test.running')}</span>}
                {test && !test.running && (
                  <span role={test.ok ? 'status' : 'alert'} className={test.ok ? 'ok' : 'error'}>
                    {test.text}
                    {!test.ok && kind !== 'barcode' && <button type="button" onClick={() => void runTest(kind)}>{t('devices.test.retry')}</button>}
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
