import { useEffect, useState } from 'react';
import { call, on } from '../../api/client';
import { SimulatedCard } from '../../components/idcard/SimulatedCard';
import { t } from '../../i18n';
import { AgentFields } from './AgentFields';
import { idNumberError, nameError, personFrom, type ApplicantDraft, type PersonDraft } from './applicant';
import { FieldError, invalidProps, useFieldErrors } from './errors';
import { useAction } from './useAction';

interface Props {
  value: ApplicantDraft;
  onChange(next: ApplicantDraft): void;
  /** Watch the reader while the screen waits for a card. */
  watching: boolean;
  hasCounter: boolean;
}

/** Who applies: read from the ID card (button or continuous watching) or typed and checked; a company by credit code; an agent with the authorisation. */
export function ApplicantPanel({ value, onChange, watching, hasCounter }: Props) {
  const { run, setError } = useAction();
  const [lookup, setLookup] = useState<string | null>(null);

  // Card reads land in the applicant slot, or the agent slot when an agent applies.
  const latest = { value, onChange };
  useEffect(() => {
    const off = on('devices.idcardRead', (read) => {
      const p: PersonDraft = { name: read.identity.name, idNumber: read.identity.idNumber, masked: read.identity.idNumberMasked, fromCard: true };
      const v = latest.value;
      latest.onChange(v.kind === 'person' && v.agentOn ? { ...v, agent: p } : { ...v, person: p });
    });
    const offErr = on('devices.idcardError', (e) => setError(e.message));
    return () => {
      off();
      offErr();
    };
  });


  useEffect(() => {
    if (!watching || !hasCounter) return;
    void call('devices.watchIdCard', { on: true });
    return () => void call('devices.watchIdCard', { on: false });
  }, [watching, hasCounter]);

  const readCard = async () => {
    const r = await run(() => call('devices.readIdCard', {}));
    if (!r) return;
    const p: PersonDraft = { name: r.identity.name, idNumber: r.identity.idNumber, masked: r.identity.idNumberMasked, fromCard: true };
    onChange(value.kind === 'person' && value.agentOn ? { ...value, agent: p } : { ...value, person: p });
  };

  const lookupCompany = async (creditCode: string) => {
    if (!creditCode.trim()) return;
    const r = await run(() => call('intake.companyLookup', { creditCode }));
    if (r === undefined) return;
    if (r === null) {
      setLookup(t('intake.applicant.companyUnknown'));
      return;
    }
    setLookup(r.simulated ? t('intake.applicant.companySimulated') : null);
    onChange({ ...value, company: { creditCode: creditCode.trim().toUpperCase(), name: r.name, legalRepresentative: r.legalRepresentative ?? value.company.legalRepresentative } });
  };

  return (
    <section className="panel intake-applicant" aria-labelledby="intake-applicant-h">
      <h2 id="intake-applicant-h">{t('intake.applicant.heading')}</h2>
      <div className="actions">
        <button type="button" onClick={() => void readCard()} disabled={!hasCounter}>{t('intake.applicant.readCard')}</button>
        {watching && hasCounter && <span className="hint" role="status">{t('intake.applicant.watching')}</span>}
        <SimulatedCard onError={setError} />
      </div>
      <fieldset className="intake-kind">
        <legend>{t('intake.applicant.kind')}</legend>
        <label><input type="radio" name="intake-kind" checked={value.kind === 'person'} onChange={() => onChange({ ...value, kind: 'person' })} />{t('intake.applicant.person')}</label>
        <label><input type="radio" name="intake-kind" checked={value.kind === 'company'} onChange={() => onChange({ ...value, kind: 'company' })} />{t('intake.applicant.company')}</label>
        {value.kind === 'person' && <label><input type="checkbox" checked={value.agentOn} onChange={(e) => onChange({ ...value, agentOn: e.target.checked })} />{t('intake.applicant.agentOn')}</label>}
      </fieldset>
      <PersonField
        label={value.kind === 'company' ? t('intake.applicant.presenter') : t('intake.applicant.applicant')}
        value={value.person}
        onChange={(p) => onChange({ ...value, person: p })}
        onError={setError}
      />
      {value.kind === 'company' && (
        <div className="intake-grid">
          <label>
            {t('intake.applicant.creditCode')}
            <input className="w-code" value={value.company.creditCode} onChange={(e) => onChange({ ...value, company: { ...value.company, creditCode: e.target.value } })} onBlur={(e) => void lookupCompany(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void lookupCompany(e.currentTarget.value)} />
          </label>
          <label>
            {t('intake.applicant.companyName')}
            <input className="w-wide" value={value.company.name} onChange={(e) => onChange({ ...value, company: { ...value.company, name: e.target.value } })} />
          </label>
          <label>
            {t('intake.applicant.legalRep')}
            <input className="w-name" value={value.company.legalRepresentative} onChange={(e) => onChange({ ...value, company: { ...value.company, legalRepresentative: e.target.value } })} />
          </label>
          {lookup && <p className="hint">{lookup}</p>}
        </div>
      )}
      {value.kind === 'person' && value.agentOn && (
        <div className="intake-grid">
          <PersonField label={t('intake.applicant.agent')} value={value.agent} onChange={(p) => onChange({ ...value, agent: p })} onError={setError} />
        </div>
      )}
      <AgentFields value={value} onChange={onChange} />
    </section>
  );
}

/** A person's name and ID number; once checked, only the masked number is shown. */
function PersonField({ label, value, onChange, onError }: { label: string; value: PersonDraft | null; onChange(p: PersonDraft | null): void; onError(m: string | null): void }) {
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const { errors, set, fix } = useFieldErrors<'name' | 'id'>();
  const key = label.replace(/\s+/g, '');
  if (value) {
    return (
      <div className="intake-person" data-testid="intake-person">
        <span>{label}：</span>
        <strong aria-label={`${label}姓名`}>{value.name}</strong>
        <span aria-label={`${label}证件号码`}>{value.masked}</span>
        {value.fromCard && <span className="badge">{t('intake.applicant.fromCard')}</span>}
        <button type="button" onClick={() => onChange(null)}>{t('intake.applicant.retype', { who: label })}</button>
      </div>
    );
  }
  // Each field's message beside it, gone as soon as the field checks out.
  const confirm = () => {
    set('name', nameError(name));
    set('id', idNumberError(id));
    const p = personFrom(name, id, false);
    if (typeof p === 'string') return;
    onError(null);
    onChange(p);
  };
  return (
    <div className="intake-grid">
      <label>{`${label}姓名`}
        <input className="w-name" value={name} {...invalidProps(`${key}-name-err`, errors.name)}
          onChange={(e) => { setName(e.target.value); fix('name', () => nameError(e.target.value)); }} />
        <FieldError id={`${key}-name-err`} message={errors.name} />
      </label>
      <label>
        {`${label}证件号码`}
        <input className="w-id" value={id} autoComplete="off" maxLength={20} {...invalidProps(`${key}-id-err`, errors.id)}
          onChange={(e) => { setId(e.target.value); fix('id', () => idNumberError(e.target.value)); }} onKeyDown={(e) => e.key === 'Enter' && confirm()} />
        <FieldError id={`${key}-id-err`} message={errors.id} />
      </label>
      <button type="button" onClick={confirm}>{t('intake.applicant.check', { who: label })}</button>
    </div>
  );
}
