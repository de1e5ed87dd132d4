import { HashRouter, Route, Routes } from 'react-router';
import { hostTokenPresent } from '../api/client';
import { t } from '../i18n';
import { CitizenScreen } from '../pages/CitizenScreen';
import { KioskPage } from '../pages/kiosk/KioskPage';
import { LoginPage } from '../pages/LoginPage';
import { SessionProvider, useSession } from './session';
import { Shell } from './Shell';
import { ChangePasswordForm } from './ChangePassword';
import { LockOverlay } from './LockOverlay';

function StaffApp() {
  const { session, ready, passwordChanged, signOut } = useSession();
  if (!ready) return <main className="login"><p>{t('app.connecting')}</p></main>;
  if (!session) return <LoginPage />;
  // An expired or reset password: nothing else until it is changed (main refuses every other call).
  if (session.mustChangePassword) {
    return (
      <>
        <main className="password-page" inert={session.locked}><ChangePasswordForm forced onDone={passwordChanged} onCancel={() => void signOut()} /></main>
        {session.locked && <LockOverlay />}
      </>
    );
  }
  return <Shell />;
}

export function App() {
  if (!hostTokenPresent()) return <main className="login"><p role="alert">{t('app.noToken')}</p></main>;
  return (
    <SessionProvider>
      <HashRouter>
        <Routes>
          <Route path="/citizen/:counterId" element={<CitizenScreen />} />
          <Route path="/kiosk" element={<KioskPage />} />
          <Route path="*" element={<StaffApp />} />
        </Routes>
      </HashRouter>
    </SessionProvider>
  );
}
