import { t } from '../../i18n';

/** A due date, with 暂定 and its reason (as the tooltip and for screen readers) while it is provisional. */
export function DueDate({ date, provisional }: { date: string; provisional: string | null }) {
  if (!provisional) return <>{date}</>;
  return (
    <span className="due-provisional" title={provisional}>
      {date}
      <span className="badge warn" aria-label={`${t('calendar.provisional')}：${provisional}`}>{t('calendar.provisional')}</span>
    </span>
  );
}
