import { useEffect, useState, type ComponentType } from 'react';
import { NavLink, Navigate, Route, Routes, useNavigate } from 'react-router';
import { CalendarWarning } from '../components/calendar/CalendarWarning';
import { t } from '../i18n';
import { AssistPage } from '../pages/AssistPage';
import { HelpButton } from '../pages/assist/HelpButton';
import { IntakePage } from '../pages/IntakePage';
import { MonitorPage } from '../pages/MonitorPage';
import { QueuePage } from '../pages/QueuePage';
import { ReportsPage } from '../pages/ReportsPage';
import { RatingPage } from '../pages/RatingPage';
import { CounterProvider } from '../pages/queue/counter';
import { ServingBar } from '../pages/queue/ServingBar';
import { SyncPage } from '../pages/SyncPage';
import { SettingsPage } from '../pages/SettingsPage';
import { homeFor, navFor } from './nav';
import { useSession } from './session';
import { StatusBar } from './StatusBar';
import { ChangePasswordForm } from './ChangePassword';
import { LockOverlay } from './LockOverlay';
import { PairingCode } from './PairingCode';

const PAGES: Record<string, ComponentType> = {
  '/queue': QueuePage,
  '/intake': IntakePage,
  '/assist': AssistPage,
  '/monitor': MonitorPage,
  '/settings': SettingsPage,
  '/reports': ReportsPage,
  '/rating': RatingPage,
  '/sync': SyncPage,
};

export function Shell() {
  const { session, info, signOut, lock } = useSession();
  const navigate = useNavigate();
  const [panel, setPanel] = useState<'password' | 'pairing' | null>(null);
  const locked = session!.locked;
  const entries = navFor(session!.staff.role);

  useEffect(() => {
    // Keyboard-first: Alt+digit switches section; the hint is printed beside each entry.
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const entry = entries.find((x) => String(x.key) === e.key);
      if (entry) {
        e.preventDefault();
        navigate(entry.path);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [entries, navigate]);

  return (
    <CounterProvider>
    {/* Locked: the shell stays mounted (pages keep their state) but takes no input under the overlay. */}
    <div className="shell" inert={locked} aria-hidden={locked || undefined}>
      <header className="top-bar">
        <div className="brand">
          <span className="emblem small" aria-hidden="true">办</span>
          <span className="product">{t('app.title')}</span>
          <span className="hall-name" title={info?.hall?.name}>{info?.hall?.name}</span>
          {info?.demo && <span className="badge">{t('app.demoBadge')}</span>}
        </div>
        <nav aria-label={t('nav.label')} className="main-nav">
          {entries.map((e) => (
            <NavLink key={e.path} to={e.path} className={({ isActive }) => (isActive ? 'active' : '')} aria-keyshortcuts={`Alt+${e.key}`}>
              {t(e.label)} <kbd>{t('nav.shortcut', { n: e.key })}</kbd>
            </NavLink>
          ))}
        </nav>
        <HelpButton />
        {session!.counter && <button type="button" className="ghost" onClick={() => setPanel('pairing')}>{t('pairing.show')}</button>}
        <button type="button" className="ghost" onClick={() => setPanel('password')}>{t('password.open')}</button>
        <button type="button" className="ghost" onClick={() => void lock()}>{t('session.lockNow')}</button>
        <button type="button" className="ghost" onClick={() => void signOut()}>{t('nav.logout')}</button>
      </header>
      {panel === 'pairing' && <PairingCode onClose={() => setPanel(null)} />}
      {panel === 'password' && (
        <div className="lock-backdrop">
          <div role="dialog" aria-modal="true"><ChangePasswordForm forced={false} onDone={() => setPanel(null)} onCancel={() => setPanel(null)} /></div>
        </div>
      )}
      <ServingBar />
      {(session!.staff.role === 'supervisor' || session!.staff.role === 'admin') && <CalendarWarning />}
      <main className="content">
        <Routes>
          {entries.map((e) => {
            const Page = PAGES[e.path];
            return <Route key={e.path} path={e.path} element={<Page />} />;
          })}
          <Route path="*" element={<Navigate to={homeFor(session!.staff.role)} replace />} />
        </Routes>
      </main>
      <StatusBar />
    </div>
    {locked && <LockOverlay />}
    </CounterProvider>
  );
}
