import { useEffect, useState } from 'react';
import type { CaseQualityView } from '../../../../preload/contract/sync';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';
import { hallClock } from '../../../../common/hall-time';
import { ageOf } from '../sync/format';

type Item = CaseQualityView['late'][number];

function Listing({ id, title, items }: { id: string; title: string; items: Item[] }) {
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}（{items.length}）</h3>
      {items.length === 0 ? <p className="muted">{t('quality.none')}</p> : (
        <ul>{items.slice(0, 20).map((i) => <li key={`${i.caseId}-${i.detail}`}>{i.caseNumber ?? i.caseId}：{i.detail}</li>)}</ul>
      )}
    </section>
  );
}

/** 办件质量 (seed 003): cases not yet at the hub, late ingestion, missing steps, overdue — read from the hub every minute. */
export function CaseQualityPanel() {
  const [q, setQ] = useState<CaseQualityView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = () => void call('sync.quality', {}).then((r) => {
      if (r.ok) {
        setQ(r.value);
        setError(null);
      } else setError(errorText(r.error));
    });
    load();
    const timer = setInterval(load, 60_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <section aria-labelledby="quality-h" className="case-quality" data-testid="case-quality">
      <h2 id="quality-h">{t('quality.heading')}</h2>
      {error && <p className="form-error" role="alert">{error}</p>}
      {q && (
        <>
          <p>{t('quality.totals', q.totals)}</p>
          <section aria-labelledby="quality-backlog-h">
            <h3 id="quality-backlog-h">{t('quality.backlog')}</h3>
            {q.backlog.filter((b) => b.pending + b.dead > 0).length === 0 ? <p className="muted">{t('quality.none')}</p> : (
              <ul>{q.backlog.filter((b) => b.pending + b.dead > 0).map((b) => (
                <li key={b.workstation}>{t('quality.backlogRow', { workstation: b.workstation, pending: b.pending, dead: b.dead, oldest: b.oldestAt ? `，${t('status.syncOldest', { age: ageOf(b.oldestAt) })}` : '' })}</li>
              ))}</ul>
            )}
          </section>
          <Listing id="quality-late-h" title={t('quality.late')} items={q.late} />
          <Listing id="quality-missing-h" title={t('quality.missing')} items={q.missingSteps} />
          <Listing id="quality-overdue-h" title={t('quality.overdue')} items={q.overdue} />
          {q.upstream && (
            <section aria-labelledby="quality-upstream-h" data-testid="quality-upstream">
              <h3 id="quality-upstream-h">{t('quality.upstream', { platform: q.upstream.platform })}</h3>
              <p>{t('quality.upstreamPending', { n: q.upstream.pendingCases, last: q.upstream.lastSuccessAt ? t('quality.upstreamLast', { at: hallClock(Date.parse(q.upstream.lastSuccessAt)) }) : '' })}</p>
              {q.upstream.lastError && <p className="form-error">{q.upstream.lastError}</p>}
              <Listing id="quality-upstream-refused-h" title={t('quality.upstreamRefused')} items={q.upstream.refusals.map((r) => ({ ...r, caseId: r.caseNumber ?? '' }))} />
            </section>
          )}
        </>
      )}
    </section>
  );
}
