import { call } from '../api/client';
import { useSession } from '../app/session';
import { openCitizenScreen } from '../app/citizenWindow';
import { t } from '../i18n';

export function QueuePage() {
  const { session } = useSession();
  const counter = session?.counter ?? null;
  return (
    <section className="panel" aria-labelledby="queue-heading">
      <h1 id="queue-heading">{t('queue.heading')}</h1>
      {counter ? (
        <>
          <p className="counter-line" data-testid="current-counter">{t('queue.currentCounter', { name: counter.name })}</p>
          <div className="actions">
            <button type="button" onClick={() => void openCitizenScreen(counter.id)}>{t('queue.openCitizen')}</button>
            <button
              type="button"
              onClick={() => void call('citizen.show', { view: { mode: 'welcome', counterNumber: counter.number, clerkName: session!.staff.name } })}
            >
              {t('queue.citizenWelcome')}
            </button>
          </div>
        </>
      ) : (
        <p className="muted">{t('queue.noCounter')}</p>
      )}
    </section>
  );
}
