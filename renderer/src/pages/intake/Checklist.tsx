import { Fragment, useState } from 'react';
import { CapturePanel } from '../../components/capture';
import type { CaseView, MaterialView } from '../../../../preload/contract/intake';
import { call } from '../../api/client';
import { t } from '../../i18n';
import { importFiles } from './files';
import { useAction } from './useAction';

type Kind = MaterialView['status'];

/** One line per material of the scenario; the clerk sets one status each. The citizen screen mirrors it. */
export function Checklist({ c, onCase, onNotice }: { c: CaseView; onCase(c: CaseView): void; onNotice(n: { title: string; fileId: string }): void }) {
  const { run, setError, busy } = useAction();
  const [waiting, setWaiting] = useState<string | null>(null);
  const [capturing, setCapturing] = useState<string | null>(null);
  const editable = c.state === 'draft' || c.state === 'correction-requested';
  const followUp = new Set(c.deficiency?.materials.map((m) => m.id) ?? []);

  const choose = async (m: MaterialView, kind: Kind) => {
    if (kind === 'commitment') {
      const r = await run(() => call('intake.requestSignature', { caseId: c.id, purpose: 'commitment', materialIds: [m.materialId] }));
      if (!r) return;
      setWaiting(m.materialId);
      if (r.notice) onNotice({ title: r.notice.title, fileId: r.notice.file.fileId });
      return;
    }
    if (kind === 'captured') return;
    if (kind === 'exempt-elicence') {
      setError(t('intake.materials.useElicencePanel'));
      return;
    }
    const choice = kind === 'exempt-datashare' ? { kind } : kind === 'original-sighted' ? { kind } : { kind: 'missing' as const };
    const r = await run(() => call('intake.setMaterial', { caseId: c.id, materialId: m.materialId, choice }));
    if (r) onCase(r);
  };

  const attachPages = async (m: MaterialView, fileIds: string[]) => {
    if (!fileIds.length) return;
    const r = await run(() => call('intake.setMaterial', { caseId: c.id, materialId: m.materialId, choice: { kind: 'captured', fileIds } }));
    if (r) onCase(r);
  };

  const attach = async (m: MaterialView, files: FileList | null) => {
    if (!files?.length) return;
    const imported = await importFiles(files);
    if ('error' in imported) setError(imported.error.message);
    else await attachPages(m, imported.fileIds);
  };

  return (
    <section className="panel intake-checklist" aria-labelledby="intake-mat-h">
      <h2 id="intake-mat-h">
        {t('intake.materials.heading')}
        <span className="hint" data-testid="intake-summary">{t('intake.materials.summary', { ok: c.summary.satisfied, n: c.summary.needed })}</span>
      </h2>
      <table className="intake-table intake-materials">
        <thead><tr><th>{t('intake.materials.name')}</th><th>{t('intake.materials.status')}</th><th>{t('intake.materials.action')}</th></tr></thead>
        <tbody>
          {c.materials.map((m) => {
            const canEdit = editable || followUp.has(m.materialId);
            return (
              <Fragment key={m.materialId}>
              <tr className={`st-${m.status}${m.needed ? '' : ' not-needed'}`} data-testid={`material-${m.materialId}`}>
                <td>
                  <div>{m.name} <span className="hint">{t(`intake.req.${m.requirement}`)}</span></div>
                  {m.requirement === 'conditional' && (
                    <label className="hint">
                      <input type="checkbox" checked={m.applicable} disabled={!canEdit} onChange={async (e) => {
                        const checked = e.target.checked;
                        const r = await run(() => call('intake.setApplicable', { caseId: c.id, materialId: m.materialId, applicable: checked }));
                        if (r) onCase(r);
                      }} aria-label={t('intake.materials.applicable', { name: m.name })} />
                      {m.condition ?? t('intake.materials.applies')}
                    </label>
                  )}
                </td>
                <td>
                  <strong data-testid={`material-status-${m.materialId}`}>{m.statusLabel}</strong>
                  {m.detail && <div className="hint">{m.detail}</div>}
                  {waiting === m.materialId && m.status !== 'commitment' && <div className="hint" role="status">{t('intake.materials.waitSign')}</div>}
                </td>
                <td>
                  <select aria-label={t('intake.materials.choose', { name: m.name })} value={m.status} disabled={!canEdit || busy} onChange={(e) => void choose(m, e.target.value as Kind)}>
                    {(['missing', 'captured', 'original-sighted', 'exempt-elicence', 'exempt-datashare', 'commitment'] as const)
                      .filter((k) => m.allowed.includes(k) || k === m.status)
                      .map((k) => <option key={k} value={k} disabled={k === 'captured'}>{t(`intake.st.${k}`)}</option>)}
                  </select>
                  <label className="intake-import">
                    {t('intake.materials.import')}
                    <input type="file" multiple accept="image/png,image/jpeg,application/pdf" disabled={!canEdit || busy} aria-label={t('intake.materials.importFor', { name: m.name })}
                      onChange={(e) => void attach(m, e.target.files)} />
                  </label>
                  {/* The row names the material; the button says what it does, its accessible name says for what. */}
                  <button type="button" disabled={!canEdit} aria-expanded={capturing === m.materialId}
                    aria-label={t('intake.materials.capture', { name: m.name })}
                    onClick={() => setCapturing((x) => (x === m.materialId ? null : m.materialId))}>
                    {t('intake.materials.captureShort')}
                  </button>
                </td>
              </tr>
              {capturing === m.materialId && canEdit && (
                <tr>
                  <td colSpan={3}>
                    <CapturePanel label={t('intake.materials.capture', { name: m.name })} disabled={busy} onPages={(refs) => void attachPages(m, refs.map((r) => r.fileId))} />
                  </td>
                </tr>
              )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
