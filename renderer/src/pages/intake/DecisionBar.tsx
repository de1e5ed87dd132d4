import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { CaseView, NoticeRef } from '../../../../preload/contract/intake';
import { call, on } from '../../api/client';
import { t } from '../../i18n';
import { FieldError, invalidProps, useFieldErrors } from './errors';
import { useAction } from './useAction';

const atLeast2 = (s: string) => s.trim().length >= 2;
const reasonError = (s: string) => (atLeast2(s) ? null : t('intake.decision.reasonNeeded'));
const basisError = (s: string) => (atLeast2(s) ? null : t('intake.decision.basisNeeded'));
const daysError = (n: number) => (Number.isInteger(n) && n >= 1 && n <= 60 ? null : t('intake.decision.daysRange'));

/**
 * 受理 / 容缺受理 / 补正 / 不予受理 for a draft; 出件 for a completed case. Each returns its notice.
 * `after` (「结束并叫下一位」) ends the bar, so the whole decision sits in one always-visible row.
 */
export function DecisionBar({ c, onDecided, after }: { c: CaseView; onDecided(c: CaseView, n: NoticeRef): void; after?: ReactNode }) {
  const { run, busy } = useAction();
  const fields = useFieldErrors<'reason' | 'basis' | 'days'>();
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
      fields.clear();
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
                <input className="w-days" type="number" value={days} {...invalidProps('intake-days-err', fields.errors.days)}
                  onChange={(e) => { const n = Number(e.target.value); setDays(n); fields.fix('days', () => daysError(n)); }} />
                <FieldError id="intake-days-err" message={fields.errors.days} />
              </label>
              <button type="button" disabled={busy} onClick={() => {
                const bad = daysError(days);
                fields.set('days', bad);
                if (!bad) void decide(call('intake.acceptWithDeficiency', { caseId: c.id, followUpWorkingDays: days }));
              }}>
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
          <label>{t('intake.decision.reason')}
            <input className="w-wide" value={reason} {...invalidProps('intake-reason-err', fields.errors.reason)}
              onChange={(e) => { setReason(e.target.value); fields.fix('reason', () => reasonError(e.target.value)); }} />
            <FieldError id="intake-reason-err" message={fields.errors.reason} />
          </label>
          <label>{t('intake.decision.basis')}
            <input className="w-wide" value={basis} {...invalidProps('intake-basis-err', fields.errors.basis)} placeholder="《中华人民共和国行政许可法》第三十二条"
              onChange={(e) => { setBasis(e.target.value); fields.fix('basis', () => basisError(e.target.value)); }} />
            <FieldError id="intake-basis-err" message={fields.errors.basis} />
          </label>
          <button type="button" disabled={busy} onClick={() => {
            // Each field says what it lacks, beside it; nothing goes to the hub until both hold.
            fields.set('reason', reasonError(reason));
            fields.set('basis', basisError(basis));
            if (!reasonError(reason) && !basisError(basis)) void decide(call('intake.reject', { caseId: c.id, reason, legalBasis: basis }));
          }}>{t('intake.decision.confirmReject')}</button>
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
          <label>{t('intake.decision.postRecipient')}<input className="w-name" value={post.recipient} onChange={(e) => setPost({ ...post, recipient: e.target.value })} /></label>
          <label>{t('intake.decision.postPhone')}<input className="w-phone" value={post.phone} inputMode="tel" onChange={(e) => setPost({ ...post, phone: e.target.value })} /></label>
          <label>{t('intake.decision.postAddress')}<input className="w-wide" value={post.address} onChange={(e) => setPost({ ...post, address: e.target.value })} /></label>
          <button type="button" className="primary" disabled={busy}
            onClick={() => void decide(call('intake.issueResult', { caseId: c.id, method: 'post', recipient: post.recipient, phone: post.phone, address: post.address }))}>
            {t('intake.decision.postConfirm')}
          </button>
        </div>
      )}
      {!open && c.state !== 'completed' && <p className="muted">{t('intake.decision.done', { state: c.stateLabel })}</p>}
      {after && <div className="actions intake-decision-after">{after}</div>}
    </section>
  );
}
