import { useEffect, useState } from 'react';
import { call } from '../../api/client';

/** 「某年放假安排尚未导入」 for supervisors and administrators, from 1 November of the year before. */
export function CalendarWarning() {
  const [warning, setWarning] = useState<string | null>(null);
  useEffect(() => {
    void call('calendar.status', {}).then((r) => setWarning(r.ok ? r.value.warning?.message ?? null : null));
  }, []);
  if (!warning) return null;
  return <div className="calendar-warning" role="note" data-testid="calendar-warning">{warning}</div>;
}
