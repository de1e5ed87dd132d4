import type { AgentRelationName } from '../../../../preload/contract/intake';
import { t } from '../../i18n';
import { agentOf, relationOf, type ApplicantDraft } from './applicant';

const FOR_COMPANY: AgentRelationName[] = ['legal-representative', 'responsible-person', 'entrusted'];
const FOR_PERSON: AgentRelationName[] = ['entrusted', 'guardian'];

/**
 * The 经办人's capacity, phone and authority: shown for every company (its presenter is the agent)
 * and for a person applying through someone else. The capacity decides the proof the checklist asks
 * for (授权委托书 for 委托代理人, 监护关系证明 for 监护人).
 */
export function AgentFields({ value, onChange }: { value: ApplicantDraft; onChange(next: ApplicantDraft): void }) {
  if (value.kind === 'person' && !value.agentOn) return null;
  const relation = relationOf(value);
  const agent = agentOf(value);
  const options = value.kind === 'company' ? FOR_COMPANY : FOR_PERSON;
  return (
    <fieldset className="intake-agent" data-testid="intake-agent">
      <legend>{t('intake.agent.heading')}{agent && `：${t('intake.agent.summary', { name: agent.name, relation: t(`intake.agent.rel.${relation}`) })}`}</legend>
      <div role="radiogroup" aria-label={t('intake.agent.relation')} className="intake-kind">
        {options.map((r) => (
          <label key={r}>
            <input type="radio" name="intake-agent-relation" checked={relation === r} onChange={() => onChange({ ...value, relation: r })} />
            {t(`intake.agent.rel.${r}`)}
          </label>
        ))}
      </div>
      <div className="intake-grid">
        <label>
          {t('intake.agent.phone')}
          <input type="tel" autoComplete="off" maxLength={32} value={value.agentPhone} onChange={(e) => onChange({ ...value, agentPhone: e.target.value })} />
        </label>
        <label>
          {t('intake.agent.note')}
          <input maxLength={200} value={value.agentNote} onChange={(e) => onChange({ ...value, agentNote: e.target.value })} />
        </label>
      </div>
      <p className="hint">{t(`intake.agent.hint.${relation}`)}</p>
    </fieldset>
  );
}
