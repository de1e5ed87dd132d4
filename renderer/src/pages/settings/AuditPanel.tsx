import { useEffect, useState } from 'react';
import { hallDateTime } from '../../../../common/hall-time';
import type { CallOutput } from '../../../../preload/contract';
import { call } from '../../api/client';
import { actionLabel, errorText, t } from '../../i18n';

type AuditRow = { seq: number; at: string; action: string; actorStaffId: string | null; actorRole: string | null; outcome: 'ok' | 'refused' | 'failed'; target: string | null; details: string };
type Role = 'clerk' | 'assistant' | 'supervisor' | 'admin';
type Verdict = CallOutput<'audit.verify'>;
type Reason = 'missing-row' | 'chain-broken' | 'row-altered' | 'key-mismatch' | 'unkeyed-row' | 'no-keyed-row' | 'behind-counter' | 'behind-anchor' | 'anchor-mac';

/** The verification in words: what was found, then what it was checked against (the hub's anchor, the local copy, or none). */
export function verdictText(v: Verdict): { text: string; bad: boolean } {
  const reason = v.reason ? t(`settings.auditReason.${v.reason as Reason}`) : '';
  const n = v.brokenAt ?? 0;
  const found =
    v.status === 'ok' ? t('settings.auditOk', { n: v.rows })
    : v.status === 'truncated' ? t('settings.auditTruncated', { n, reason })
    : v.status === 'rehashed' ? t('settings.auditRehashed', { n })
    : t('settings.auditBroken', { n, reason });
  const at = v.anchor ? hallDateTime(v.anchor.at) : '';
  const against =
    v.anchor?.source === 'hub' ? t('settings.auditAnchorHub', { seq: v.anchor.seq, at })
    : v.anchor ? t('settings.auditAnchorLocal', { seq: v.anchor.seq, at })
    : v.hubReachable ? t('settings.auditNoAnchor') : t('settings.auditNoHub');
  return { text: `${found}${against}`, bad: !v.ok };
}

/** A row's count when refusals from one source were folded into it (refusals are aggregated per minute). */
function countOf(r: AuditRow): number | null {
  try {
    const d = JSON.parse(r.details) as { count?: unknown; aggregated?: unknown };
    return d.aggregated && typeof d.count === 'number' ? d.count : null;
  } catch {
    return null;
  }
}

export function AuditPanel() {
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [verdict, setVerdict] = useState<{ text: string; bad: boolean } | null>(null);
  useEffect(() => {
    void call('audit.recent', { limit: 50 }).then((r) => r.ok && setRows(r.value));
    // The log keeps staff ids; the reader wants the person.
    void call('staff.list', {}).then((r) => r.ok && setNames(new Map(r.value.map((s) => [s.id, `${s.name}（${s.staffNo}）`]))));
  }, []);
  const actor = (r: AuditRow) => {
    const role = r.actorRole ? t(`role.${r.actorRole as Role}`) : null;
    const name = r.actorStaffId ? names.get(r.actorStaffId) : null;
    return name ? `${name}${role ? ` · ${role}` : ''}` : role ?? t('settings.noActor');
  };
  return (
    <section className="panel" role="region" aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t('settings.audit')}</h2>
      <button type="button" onClick={async () => {
        const r = await call('audit.verify', {});
        setVerdict(r.ok ? verdictText(r.value) : { text: errorText(r.error), bad: true });
      }}>{t('settings.auditVerify')}</button>
      {verdict && <p role={verdict.bad ? 'alert' : 'status'} className={verdict.bad ? 'form-error' : undefined} data-testid="audit-verdict">{verdict.text}</p>}
      <table>
        <thead><tr><th>{t('settings.col.time')}</th><th>{t('settings.col.action')}</th><th>{t('settings.col.actor')}</th><th>{t('settings.col.outcome')}</th></tr></thead>
        <tbody>
          {rows.map((r) => {
            const count = countOf(r);
            return (
              <tr key={r.seq}>
                <td>{hallDateTime(r.at)}</td><td>{actionLabel(r.action)}{r.target ? ` · ${r.target}` : ''}</td>
                <td>{actor(r)}</td><td>{t(`outcome.${r.outcome}`)}{count !== null ? t('settings.auditCount', { n: count }) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
