import { useState, type FormEvent } from 'react';
import type { FollowUpView } from '../../../../preload/contract/rating';
import { hallDateTime } from '../../../../common/hall-time';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';

/** One 差评's follow-up: record 回访 then 整改 (owner + record each), close with the applicant's answer and a reply, or accept an appeal. */
export function FollowUpDetail({ item, onChanged }: { item: FollowUpView; onChanged(v: FollowUpView): void }) {
  const [owner, setOwner] = useState('');
  const [record, setRecord] = useState('');
  const [complexity, setComplexity] = useState<'simple' | 'complex' | ''>('');
  const [satisfied, setSatisfied] = useState<'yes' | 'no' | ''>('');
  const [reply, setReply] = useState('');
  const [appeal, setAppeal] = useState('');
  const [error, setError] = useState<string | null>(null);
  const nextStep = !item.steps.some((s) => s.step === 'contact') ? 'contact' : !item.steps.some((s) => s.step === 'rectify') ? 'rectify' : null;

  async function run(p: ReturnType<typeof call<'rating.recordStep'>>) {
    const r = await p;
    if (!r.ok) return setError(errorText(r.error));
    setError(null);
    setOwner('');
    setRecord('');
    onChanged(r.value);
  }

  function step(e: FormEvent) {
    e.preventDefault();
    if (!nextStep) return;
    void run(call('rating.recordStep', { ratingId: item.ratingId, step: nextStep, owner, record, complexity: nextStep === 'rectify' && complexity ? complexity : null }));
  }
  function close(e: FormEvent) {
    e.preventDefault();
    void run(call('rating.closeFollowUp', { ratingId: item.ratingId, satisfied: satisfied === '' ? null : satisfied === 'yes', reply }));
  }
  function accept(e: FormEvent) {
    e.preventDefault();
    void run(call('rating.appeal', { ratingId: item.ratingId, reason: appeal }));
  }

  return (
    <div className="rating-detail" data-testid={`followup-detail-${item.ratingId}`}>
      {item.steps.map((s) => (
        <p key={s.step}>
          {t('rating.stepDone', { step: t(`rating.step.${s.step}`), owner: s.owner, record: s.record, time: hallDateTime(s.doneAt).slice(0, 16) })}
          {s.late && <strong className="overdue-badge"> {t('rating.stepLate')}</strong>}
        </p>
      ))}
      {item.state === 'open' && nextStep && (
        <form onSubmit={step} noValidate aria-label={t('rating.recordStep', { step: t(`rating.step.${nextStep}`) })}>
          <label>{t('rating.owner')}<input value={owner} maxLength={40} onChange={(e) => setOwner(e.target.value)} /></label>
          <label>{t('rating.record')}<input value={record} maxLength={1000} size={40} onChange={(e) => setRecord(e.target.value)} /></label>
          {nextStep === 'rectify' && (
            <label>{t('rating.complexity')}
              <select value={complexity} onChange={(e) => setComplexity(e.target.value as typeof complexity)}>
                <option value="">—</option>
                <option value="simple">{t('rating.simple')}</option>
                <option value="complex">{t('rating.complex')}</option>
              </select>
            </label>
          )}
          <button type="submit">{t('rating.recordStep', { step: t(`rating.step.${nextStep}`) })}</button>
        </form>
      )}
      {item.state === 'open' && (
        <form onSubmit={close} noValidate aria-label={t('rating.close')}>
          <label>{t('rating.satisfied')}
            <select value={satisfied} onChange={(e) => setSatisfied(e.target.value as typeof satisfied)}>
              <option value="">{t('rating.answer.none')}</option>
              <option value="yes">{t('rating.answer.yes')}</option>
              <option value="no">{t('rating.answer.no')}</option>
            </select>
          </label>
          <label>{t('rating.reply')}<input value={reply} maxLength={1000} size={40} onChange={(e) => setReply(e.target.value)} /></label>
          <button type="submit" className="primary">{t('rating.close')}</button>
        </form>
      )}
      {item.state === 'closed' && (
        <p>{t('rating.satisfied')}：{item.satisfied ? t('rating.answer.yes') : t('rating.answer.no')}；{t('rating.reply')}：{item.reply}</p>
      )}
      {!item.excluded ? (
        <form onSubmit={accept} noValidate aria-label={t('rating.appeal')}>
          <label>{t('rating.appealReason')}<input value={appeal} maxLength={500} size={40} onChange={(e) => setAppeal(e.target.value)} /></label>
          <button type="submit">{t('rating.appealAccept')}</button>
        </form>
      ) : (
        <p>{t('rating.excluded')}：{item.appealReason}</p>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}
