import { t } from '../../i18n';

/** One figure a supervisor reads at a glance; a button when it has a list behind it. */
export function Figure({ label, value, note, onOpen, alert, testId }: { label: string; value: string | number; note?: string; onOpen?: () => void; alert?: boolean; testId: string }) {
  const body = (
    <>
      <span className="report-figure-label">{label}</span>
      <strong className="report-figure-value">{value}</strong>
      {note && <span className="report-figure-note">{note}</span>}
    </>
  );
  const cls = `report-figure${alert ? ' alert' : ''}`;
  return onOpen ? (
    <button type="button" className={cls} onClick={onOpen} aria-label={`${t('reports.drill', { what: label })}：${value}`} data-testid={testId}>{body}</button>
  ) : (
    <div className={cls} data-testid={testId}>{body}</div>
  );
}
