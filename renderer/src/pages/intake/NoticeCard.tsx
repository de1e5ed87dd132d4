import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';
import { fileUrl } from './files';

export interface ShownNotice {
  title: string;
  fileId: string;
  caseNumber?: string | null;
  /** Print it at once, without a press (the notice of a decision, when the counter prints by itself). */
  autoPrint?: boolean;
}

/** A generated notice: open it in a new tab, save it, or print it on the counter's printer. */
export function NoticeCard({ notice }: { notice: ShownNotice }) {
  const [msg, setMsg] = useState<{ text: string; alert: boolean } | null>(null);
  const print = useCallback(async () => {
    setMsg({ text: t('intake.notice.printing'), alert: false });
    const r = await call('devices.print', { fileId: notice.fileId, paper: 'a4', copies: 1 });
    setMsg(r.ok ? { text: `${t(r.value.simulated ? 'intake.notice.printedSim' : 'intake.notice.printed', { state: t(`intake.notice.job.${r.value.state}`) })}${r.value.reason ? `（${r.value.reason}）` : ''}`, alert: r.value.state === 'failed' } : { text: errorText(r.error), alert: true });
  }, [notice.fileId]);
  // Once per notice, even if React runs effects twice in development.
  const printed = useRef(false);
  useEffect(() => {
    if (!notice.autoPrint || printed.current) return;
    printed.current = true;
    void print();
  }, [notice.autoPrint, print]);
  const name = `${notice.title}${notice.caseNumber ? `-${notice.caseNumber}` : ''}.pdf`;
  const guard = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      setMsg({ text: (e as Error).message, alert: true });
    }
  };
  return (
    <div className="intake-notice" role="group" aria-label={notice.title} data-testid="intake-notice" data-file-id={notice.fileId}>
      <strong>{notice.title}</strong>
      {notice.caseNumber && <span>{t('intake.notice.caseNumber', { n: notice.caseNumber })}</span>}
      <button type="button" onClick={() => void guard(async () => { window.open(await fileUrl(notice.fileId), '_blank'); })}>{t('intake.notice.open', { title: notice.title })}</button>
      <button type="button" onClick={() => void guard(async () => {
        const a = document.createElement('a');
        a.href = await fileUrl(notice.fileId);
        a.download = name;
        a.click();
      })}>{t('intake.notice.save', { title: notice.title })}</button>
      <button type="button" onClick={() => void print()}>{t('intake.notice.print', { title: notice.title })}</button>
      {msg && <span role={msg.alert ? 'alert' : 'status'} className={msg.alert ? 'form-error' : 'hint'}>{msg.text}</span>}
    </div>
  );
}
