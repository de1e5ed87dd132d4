import type { Role } from '../../../preload/contract/define';
import type { MessageKey } from '../i18n';

export interface NavEntry {
  path: string;
  label: MessageKey;
  roles: readonly Role[];
}

/** The main navigation, by role. Alt+1…Alt+5 follow this order. */
export const NAV: readonly NavEntry[] = [
  { path: '/queue', label: 'nav.queue', roles: ['clerk', 'assistant', 'supervisor'] },
  { path: '/intake', label: 'nav.intake', roles: ['clerk', 'supervisor'] },
  { path: '/assist', label: 'nav.assist', roles: ['clerk', 'assistant', 'supervisor'] },
  { path: '/monitor', label: 'nav.monitor', roles: ['supervisor', 'admin'] },
  { path: '/settings', label: 'nav.settings', roles: ['clerk', 'assistant', 'supervisor', 'admin'] },
];

export function navFor(role: Role): NavEntry[] {
  return NAV.filter((n) => n.roles.includes(role));
}
