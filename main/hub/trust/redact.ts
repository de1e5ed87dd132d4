/**
 * What a kiosk may read back: ticket numbers and where to go, never a person. Answers to a kiosk
 * device carry appointment holders masked (name, phone; the hub keeps ID numbers only masked) and no free-text notes (a
 * clerk's note may name someone). Workstations get answers unchanged; a TV calls no such route.
 */
import { maskPersonName } from '../../../common/identity';
import type { DeviceRecord } from './registry';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

const ticket = (t: unknown) => (isRec(t) && 'number' in t && 'note' in t ? { ...t, note: null } : t);
const appointment = (a: unknown) => {
  if (!isRec(a)) return a;
  const phone = typeof a.phone === 'string' ? a.phone : '';
  return {
    ...a,
    // The matching hash stays at the hub and the workstations: a kiosk has nothing to match with it.
    idHash: '',
    name: typeof a.name === 'string' ? maskPersonName(a.name) : null,
    phone: phone.length > 4 ? `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}` : null,
    note: null,
  };
};

export function redactFor(device: DeviceRecord | null, route: string, value: unknown): unknown {
  if (device?.role !== 'kiosk') return value;
  if (route === 'issue') return ticket(value);
  if (route === 'tickets' && Array.isArray(value)) return value.map(ticket);
  if (route === 'checkIn' && isRec(value)) return { ...value, ticket: ticket(value.ticket), appointment: appointment(value.appointment) };
  return value;
}
