/**
 * What a kiosk may read back: ticket numbers and where to go, never a person. Answers to a kiosk
 * device carry appointment holders masked (ID number, name, phone) and no free-text notes (a
 * clerk's note may name someone). Workstations get answers unchanged; a TV calls no such route.
 */
import { maskIdNumber, maskPersonName } from '../../../common/identity';
import type { DeviceRecord } from './registry';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

const ticket = (t: unknown) => (isRec(t) && 'number' in t && 'note' in t ? { ...t, note: null } : t);
const appointment = (a: unknown) => {
  if (!isRec(a)) return a;
  const phone = typeof a.phone === 'string' ? a.phone : '';
  return {
    ...a,
    idNumber: typeof a.idNumber === 'string' ? maskIdNumber(a.idNumber) : a.idNumber,
    name: typeof a.name === 'string' ? maskPersonName(a.name) : a.name,
    phone: phone.length > 4 ? `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}` : '****',
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
