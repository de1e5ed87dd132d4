import { useState } from 'react';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';

/**
 * Prints a stored PDF (a notice) with devices.print; a failed job shows the printer's reason
 * and a 重试 button. Usable from any page: <PrintButton fileId={notice.fileId} />.
 */
export function PrintButton({ fileId, paper = 'a4', label }: { fileId: string; paper?: 'a4' | 'receipt80'; label?: string }) {
  const [state, setState] = useState<{ busy: boolean; ok?: boolean; text?: string }>({ busy: false });
  async function print() {
    setState({ busy: true });
    const r = await call('devices.print', { fileId, paper, copies: 1 });
    if (!r.ok) return setState({ busy: false, ok: false, text: t('devices.print.failed', { reason: errorText(r.error) }) });
    if (r.value.state === 'failed') return setState({ busy: false, ok: false, text: t('devices.print.failed', { reason: r.value.reason ?? r.value.state }) });
    setState({ busy: false, ok: true, text: t('devices.print.done', { job: r.value.jobId, sim: r.value.simulated ? '（模拟打印机）' : '' }) });
  }
  return (
    <span className="print-button">
      <button type="button" disabled={state.busy} onClick={() => void print()}>{state.busy ? t('devices.print.printing') : (label ?? t('devices.print.print'))}</button>
      {state.text && <span role={state.ok ? 'status' : 'alert'}>{state.text}</span>}
      {state.ok === false && <button type="button" onClick={() => void print()}>{t('devices.test.retry')}</button>}
    </span>
  );
}
