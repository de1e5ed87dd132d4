import { t, type MessageKey } from '../i18n';

/** An honest marker for a section whose capability has not been built yet. */
export function Pending({ name }: { name: MessageKey }) {
  return (
    <section className="panel" aria-label={t(name)}>
      <h1>{t(name)}</h1>
      <p className="muted">{t('placeholder.pending', { name: t(name) })}</p>
    </section>
  );
}
