import type { Role } from '../../../preload/contract/define';
import type { MessageKey } from '../i18n';

export interface NavEntry {
  path: string;
  label: MessageKey;
  roles: readonly Role[];
  /** Alt+key opens it — the same key for every role, so a supervisor covering a counter presses what the clerk does. */
  key: number;
}

/** The main navigation. A role sees only its entries; the keys never shift. */
export const NAV: readonly NavEntry[] = [
  { path: '/queue', label: 'nav.queue', roles: ['clerk', 'assistant', 'supervisor'], key: 1 },
  { path: '/intake', label: 'nav.intake', roles: ['clerk', 'supervisor'], key: 2 },
  { path: '/assist', label: 'nav.assist', roles: ['clerk', 'assistant', 'supervisor'], key: 3 },
  { path: '/monitor', label: 'nav.monitor', roles: ['supervisor', 'admin'], key: 4 },
  { path: '/settings', label: 'nav.settings', roles: ['clerk', 'assistant', 'supervisor', 'admin'], key: 5 },
  { path: '/reports', label: 'nav.reports', roles: ['supervisor', 'admin'], key: 7 },
  { path: '/rating', label: 'nav.rating', roles: ['clerk', 'assistant', 'supervisor', 'admin'], key: 6 },
  { path: '/sync', label: 'nav.sync', roles: ['clerk', 'supervisor', 'admin'], key: 8 },
];

export function navFor(role: Role): NavEntry[] {
  return NAV.filter((n) => n.roles.includes(role));
}

/** Where each role lands after login: a supervisor watches the hall, an administrator configures it. */
export function homeFor(role: Role): string {
  return role === 'supervisor' ? '/monitor' : role === 'admin' ? '/settings' : role === 'assistant' ? '/assist' : '/queue';
}
