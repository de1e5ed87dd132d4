import { useEffect, useRef, useState } from 'react';
import type { CaseView, NoticeRef } from '../../../../preload/contract/intake';
import { call, on } from '../../api/client';
import { t } from '../../i18n';
import { useAction } from './useAction';

/** 受理 / 容缺受理 / 补正 / 不予受理 for a draft; 出件 for a completed case. Each returns its notice. */
export function DecisionBar({ c, onDecided }: { c: CaseView; onDecided(c: CaseView, n: NoticeRef): void }) {
  const { run, error, busy } = useAction();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [basis, setBasis] = useState('');
  const [days, setDays] = useState(5);
  const open = c.state === 'draft' || c.state === 'correction-requested';
  const acceptBtn = useRef<HTMLButtonElement>(null);
  const [receipt, setReceipt] = useState<{ requested: boolean; signatureId: string | null }>({ requested: false, signatureId: null });
  const [post, setPost] = useState<{ open: boolean; recipient: string; phone: string; address: string }>({ open: false, recipient: '', phone: '', address: '' });

  // The collector's signature on the citizen screen joins the hand-over as its receipt.
  useEffect(() => on('intake.signed', (p) => {
    if (p.caseId === c.id && p.purpose === 'result-receipt') setReceipt({ requested: true, signatureId: p.signatureId });
  }), [c.id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && e.key === 'Enter' && acceptBtn.current && !acceptBtn.current.disabled) {
        e.preventDefault();
        acceptBtn.current.click();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const decide = async (p: Promise<import('../../../../preload/contract').Result<{ case: CaseView; notice: NoticeRef }>>) => {
    const r = await run(() => p);
    if (r) {
      setRejecting(false);
      onDecided(r.case, r.notice);
    }
  };

  return (
    <section className="panel intake-decision" aria-labelledby="intake-dec-h">
      <h2 id="intake-dec-h">{t('intake.decision.heading')}</h2>
      {open && (
        <div className="actions">
          <button ref={acceptBtn} type="button" className="primary" disabled={busy} onClick={() => void decide(call('intake.accept', { caseId: c.id }))} aria-keyshortcuts="Control+Enter">
            {t('intake.decision.accept')}
          </button>
          {!c.instant && (
            <>
              <label>
                {t('intake.decision.days')}
                <input type="number" min={1} max={60} value={days} onChange={(e) => setDays(Number(e.target.value))} />
              </label>
              <button type="button" disabled={busy} onClick={() => void decide(call('intake.acceptWithDeficiency', { caseId: c.id, followUpWorkingDays: days }))}>
                {t('intake.decision.deficiency')}
              </button>
            </>
          )}
          {c.state === 'draft' && (
            <button type="button" disabled={busy} onClick={() => void decide(call('intake.requestCorrection', { caseId: c.id }))}>{t('intake.decision.correction')}</button>
          )}
          <button type="button" disabled={busy} onClick={() => setRejecting((x) => !x)}>{t('intake.decision.reject')}</button>
        </div>
      )}
      {open && rejecting && (
        <div className="intake-grid">
          <label>{t('intake.decision.reason')}<input value={reason} onChange={(e) => setReason(e.target.value)} /></label>
          <label>{t('intake.decision.basis')}<input value={basis} onChange={(e) => setBasis(e.target.value)} placeholder="《中华人民共和国行政许可法》第三十二条" /></label>
          <button type="button" disabled={busy} onClick={() => void decide(call('intake.reject', { caseId: c.id, reason, legalBasis: basis }))}>{t('intake.decision.confirmReject')}</button>
        </div>
      )}
      {c.state === 'completed' && (
        <div className="actions">
          <button type="button" disabled={busy || receipt.signatureId !== null} onClick={async () => {
            const r = await run(() => call('intake.requestSignature', { caseId: c.id, purpose: 'result-receipt', materialIds: [] }));
            if (r) setReceipt({ requested: true, signatureId: null });
          }}>{t('intake.decision.receiptSign')}</button>
          {receipt.requested && (
            <span role="status" className="hint">{receipt.signatureId ? t('intake.decision.receiptSigned') : t('intake.decision.receiptWaiting')}</span>
          )}
          <button type="button" className="primary" disabled={busy}
            onClick={() => void decide(call('intake.issueResult', { caseId: c.id, method: 'pickup', receiptSignatureId: receipt.signatureId ?? undefined }))}>
            {t('intake.decision.issue')}
          </button>
          {c.deliveryOptions.includes('post') && (
            <button type="button" disabled={busy} aria-expanded={post.open} onClick={() => setPost((p) => ({ ...p, open: !p.open }))}>{t('intake.decision.post')}</button>
          )}
        </div>
      )}
      {c.state === 'completed' && post.open && (
        <div className="intake-grid">
          <label>{t('intake.decision.postRecipient')}<input value={post.recipient} onChange={(e) => setPost({ ...post, recipient: e.target.value })} /></label>
          <label>{t('intake.decision.postPhone')}<input value={post.phone} inputMode="tel" onChange={(e) => setPost({ ...post, phone: e.target.value })} /></label>
          <label>{t('intake.decision.postAddress')}<input value={post.address} onChange={(e) => setPost({ ...post, address: e.target.value })} /></label>
          <button type="button" className="primary" disabled={busy}
            onClick={() => void decide(call('intake.issueResult', { caseId: c.id, method: 'post', recipient: post.recipient, phone: post.phone, address: post.address }))}>
            {t('intake.decision.postConfirm')}
          </button>
        </div>
      )}
      {!open && c.state !== 'completed' && <p className="muted">{t('intake.decision.done', { state: c.stateLabel })}</p>}
      {error && <p role="alert" className="form-error">{error}</p>}
    </section>
  );
}
