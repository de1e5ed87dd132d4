import { useEffect, useState } from 'react';
import type { CaseView, LicenceView } from '../../../../preload/contract/intake';
import { call, on } from '../../api/client';
import { t } from '../../i18n';
import { useAction } from './useAction';

type Method = 'signature-pad' | 'signed-form' | 'suishenban-scan';

/** The applicant's e-licences (looked up once per case, audited) and the authorised exemption of what they cover. */
export function ElicencePanel({ c, onCase }: { c: CaseView; onCase(c: CaseView): void }) {
  const { run, busy } = useAction();
  const [licences, setLicences] = useState<LicenceView[] | null>(null);
  const [simulated, setSimulated] = useState(false);
  const [authorised, setAuthorised] = useState(false);
  const [method, setMethod] = useState<Method>('signed-form');

  useEffect(() => {
    void run(() => call('intake.elicenceLookup', { caseId: c.id })).then((r) => {
      if (!r) return;
      setLicences(r.licences);
      setSimulated(r.simulated);
    });
  }, [c.id, run]);

  const [awaitingPad, setAwaitingPad] = useState(false);

  const apply = async (m: Method) => {
    const r = await run(() => call('intake.applyElicences', { caseId: c.id, authorisation: m }));
    if (r) onCase(r.case);
  };

  // Signature-pad authorisation: exempt once the applicant has signed on the citizen screen.
  useEffect(() => on('intake.signed', (p) => {
    if (p.caseId !== c.id || p.purpose !== 'elicence-authorisation') return;
    setAwaitingPad(false);
    void apply('signature-pad');
  }));

  const missingCovered = (licences ?? []).filter((l) => l.status === 'valid').flatMap((l) => l.materialIds)
    .filter((id) => c.materials.find((m) => m.materialId === id)?.status === 'missing');
  const editable = c.state === 'draft' || c.state === 'correction-requested';

  return (
    <section className="panel" aria-labelledby="intake-elic-h">
      <h2 id="intake-elic-h">{t('intake.elicence.heading')}{simulated && <span className="badge">{t('intake.elicence.simulated')}</span>}</h2>
      {licences && licences.length === 0 && <p className="muted">{t('intake.elicence.none')}</p>}
      {licences && licences.length > 0 && (
        <table className="intake-table" aria-label={t('intake.elicence.heading')}>
          <thead><tr><th>{t('intake.elicence.number')}</th><th>{t('intake.elicence.name')}</th><th>{t('intake.elicence.issuer')}</th><th>{t('intake.elicence.validity')}</th><th>{t('intake.elicence.status')}</th></tr></thead>
          <tbody>
            {licences.map((l) => (
              <tr key={l.licenceNumber}>
                <td>{l.licenceNumber}</td><td>{l.name}</td><td>{l.issuer}</td><td>{l.validFrom} 至 {l.validTo ?? '长期'}</td>
                <td>{t(`intake.elicence.st.${l.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editable && missingCovered.length > 0 && (
        <div className="actions">
          <label><input type="checkbox" checked={authorised} onChange={(e) => setAuthorised(e.target.checked)} />{t('intake.elicence.authorised')}</label>
          <label>
            {t('intake.elicence.method')}
            <select value={method} onChange={(e) => setMethod(e.target.value as Method)}>
              <option value="signed-form">{t('intake.elicence.m.signed-form')}</option>
              <option value="suishenban-scan">{t('intake.elicence.m.suishenban-scan')}</option>
              <option value="signature-pad">{t('intake.elicence.m.signature-pad')}</option>
            </select>
          </label>
          <button
            type="button"
            disabled={!authorised || busy}
            onClick={async () => {
              if (method !== 'signature-pad') return apply(method);
              if (await run(() => call('intake.requestSignature', { caseId: c.id, purpose: 'elicence-authorisation', materialIds: [] }))) setAwaitingPad(true);
            }}
          >
            {t('intake.elicence.apply', { n: missingCovered.length })}
          </button>
        </div>
      )}
      {awaitingPad && <p role="status" className="hint">{t('intake.elicence.awaitingPad')}</p>}
    </section>
  );
}
