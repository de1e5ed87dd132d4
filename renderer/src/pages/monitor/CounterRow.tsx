import { hallClock } from '../../../../common/hall-time';
import { useState } from 'react';
import type { SupervisorView } from '../../../../preload/contract/queue';
import { t, type MessageKey } from '../../i18n';
import { minutesText } from '../queue/useQueueState';

type Counter = SupervisorView['counters'][number];

/** One counter on the board, with the supervisor's actions: pause/resume and its skills (streams). */
export function CounterRow({ c, streams, onPause, onSkills }: { c: Counter; streams: SupervisorView['allStreams']; onPause(paused: boolean): void; onSkills(list: string[]): void }) {
  const [editing, setEditing] = useState<string[] | null>(null);
  return (
    <tr className={`counter-${c.state}`} data-testid={`monitor-counter-${c.number}`}>
      <td>{c.name}</td>
      <td data-testid={`monitor-staff-${c.number}`}>{c.staff ? t('queue.monitor.staff', { name: c.staff.name, no: c.staff.staffNo }) : '—'}</td>
      <td>{t(`queue.monitor.state.${c.state}` as MessageKey)}</td>
      <td>{c.ticket?.number ?? '—'}</td>
      <td>{c.since ? hallClock(c.since) : '—'}</td>
      <td>{c.servedToday}</td>
      <td>{c.avgServiceMinutes !== null ? minutesText(c.avgServiceMinutes) : '—'}</td>
      <td>
        {editing ? (
          <span className="monitor-skills">
            {streams.map((s) => (
              <label key={s.id}>
                <input type="checkbox" checked={editing.includes(s.id)} onChange={(e) => setEditing(e.target.checked ? [...editing, s.id] : editing.filter((x) => x !== s.id))} />
                {s.name}
              </label>
            ))}
          </span>
        ) : (
          c.streams.map((id) => streams.find((s) => s.id === id)?.name ?? id).join('、')
        )}
      </td>
      <td className="actions">
        <button type="button" className="ghost" onClick={() => onPause(!c.paused)} aria-label={`${c.paused ? t('queue.monitor.resume') : t('queue.monitor.pause')} ${c.name}`}>
          {c.paused ? t('queue.monitor.resume') : t('queue.monitor.pause')}
        </button>
        {editing ? (
          <button type="button" disabled={editing.length === 0} onClick={() => { onSkills(editing); setEditing(null); }}>{t('queue.monitor.saveSkills')}</button>
        ) : (
          <button type="button" className="ghost" onClick={() => setEditing(c.streams)}>{t('queue.monitor.editSkills')}</button>
        )}
      </td>
    </tr>
  );
}
