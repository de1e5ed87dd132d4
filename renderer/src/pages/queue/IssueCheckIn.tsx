import { useState, type FormEvent, type ReactNode } from 'react';
import type { CallInput } from '../../../../preload/contract';
import type { QueueState } from '../../../../preload/contract/queue';
import { call } from '../../api/client';
import { routeScan, useBarcodeScanner } from '../../components/barcode';
import { SimulatedCard } from '../../components/idcard/SimulatedCard';
import { errorText, t } from '../../i18n';
import { slipMessage } from '../kiosk/slip';
import { useCheckInFocus } from './useCheckInFocus';

type By = 'idNumber' | 'code' | 'namePhone';

/** Walk-in ticket issue and appointment check-in (ID number typed or read from the card, code typed or scanned, name + phone). */
export function IssueCheckIn({ state }: { state: QueueState }) {
  const issuable = state.streams.filter((s) => s.kind !== 'appointment');
  const [stream, setStream] = useState(issuable.find((s) => s.kind === 'walkin')?.id ?? issuable[0]?.id ?? 'A');
  const [by, setBy] = useState<By>('idNumber');
  const [fields, setFields] = useState({ idNumber: '', code: '', name: '', phone: '' });
  const [msg, setMsg] = useState<{ ok: boolean; warn?: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const { form: checkInForm, refocus } = useCheckInFocus(() => setBy('idNumber'));

  const checkIn = async (input: CallInput<'queue.checkIn'>) => {
    setBusy(true);
    const r = await call('queue.checkIn', input);
    setBusy(false);
    setMsg(r.ok ? { ok: true, text: t('queue.checkin.done', { number: r.value.ticket.number }) + (r.value.late ? t('queue.checkin.late') : '') } : { ok: false, text: errorText(r.error) });
    // The next applicant must not find the last one's ID number or phone in the form.
    if (r.ok) setFields({ idNumber: '', code: '', name: '', phone: '' });
    refocus(); // back to the field, for the next applicant or to correct this one
  };

  useBarcodeScanner((scan) => {
    const route = routeScan(scan.payload);
    if (route.action === 'check-in') {
      setBy('code');
      setFields((f) => ({ ...f, code: route.appointmentCode }));
      void checkIn({ by: 'code', code: route.appointmentCode });
    }
  });

  const issue = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await call('queue.issue', { stream });
    setBusy(false);
    if (!r.ok) return setMsg({ ok: false, text: errorText(r.error) });
    // The ticket is issued even when its slip did not print: the number is on screen to be noted down.
    const slip = slipMessage(r.value.slip, r.value.number);
    setMsg({ ok: true, warn: slip?.failed, text: t('queue.issue.done', { number: r.value.number, stream: r.value.streamName }) + (slip ? `；${slip.text}` : '') });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (by === 'idNumber') void checkIn({ by, idNumber: fields.idNumber.trim() });
    else if (by === 'code') void checkIn({ by, code: fields.code.trim() });
    else void checkIn({ by, name: fields.name.trim(), phone: fields.phone.trim() });
  };

  const readCard = async () => {
    const r = await call('devices.readIdCard', {});
    if (!r.ok) return setMsg({ ok: false, text: errorText(r.error) });
    setBy('idNumber');
    setFields((f) => ({ ...f, idNumber: r.value.identity.idNumber }));
    void checkIn({ by: 'idNumber', idNumber: r.value.identity.idNumber });
  };

  const field = (k: keyof typeof fields, label: ReactNode, extra: Record<string, string> = {}) => (
    <label>
      {label}
      <input value={fields[k]} onChange={(e) => setFields({ ...fields, [k]: e.target.value })} autoComplete="off" {...extra} />
    </label>
  );

  return (
    <div className="queue-side">
      <form className="queue-form" onSubmit={issue} aria-labelledby="queue-issue-h">
        <h2 id="queue-issue-h">{t('queue.issue.heading')}</h2>
        <label>
          {t('queue.issue.stream')}
          <select value={stream} onChange={(e) => setStream(e.target.value)}>
            {issuable.map((s) => <option key={s.id} value={s.id}>{s.name}（{s.id}）</option>)}
          </select>
        </label>
        <button type="submit" disabled={busy}>{t('queue.issue.submit')}</button>
      </form>
      <form ref={checkInForm} className="queue-form" onSubmit={submit} aria-labelledby="queue-checkin-h">
        <h2 id="queue-checkin-h">{t('queue.checkin.heading')}</h2>
        <label>
          {t('queue.checkin.by')}
          <select value={by} onChange={(e) => setBy(e.target.value as By)}>
            <option value="idNumber">{t('queue.checkin.byId')}</option>
            <option value="code">{t('queue.checkin.byCode')}</option>
            <option value="namePhone">{t('queue.checkin.byNamePhone')}</option>
          </select>
        </label>
        {by === 'idNumber' && field('idNumber', <span>{t('queue.checkin.idNumber')} <kbd>{t('queue.checkin.hotkey')}</kbd></span>, { inputMode: 'numeric', maxLength: '18', 'aria-keyshortcuts': 'Alt+I' })}
        {by === 'code' && field('code', t('queue.checkin.code'))}
        {by === 'namePhone' && (
          <>
            {field('name', t('queue.checkin.name'))}
            {field('phone', t('queue.checkin.phone'), { inputMode: 'tel', maxLength: '11' })}
          </>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>{t('queue.checkin.submit')}</button>
          <button type="button" className="ghost" disabled={busy} onClick={() => void readCard()}>{t('queue.checkin.readCard')}</button>
        </div>
        <SimulatedCard onError={(text) => setMsg({ ok: false, text })} />
        <p className="hint">{t('queue.checkin.scanHint')}</p>
      </form>
      {msg && <p role={msg.ok ? 'status' : 'alert'} className={msg.ok ? (msg.warn ? 'queue-ok queue-warn' : 'queue-ok') : 'form-error'} data-testid="queue-form-result">{msg.text}</p>}
    </div>
  );
}
