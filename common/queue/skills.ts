import type { PolicyCounter, PolicyTicket } from './types';

/** Skills check: the counter takes the stream, the item (if restricted), and the ticket is not reserved for another counter. */
export function canServe(counter: PolicyCounter, ticket: PolicyTicket): boolean {
  if (!counter.streams.includes(ticket.stream)) return false;
  if (ticket.targetCounter != null && ticket.targetCounter !== counter.number) return false;
  const items = counter.items;
  if (items && items.length > 0 && ticket.itemCode && !items.includes(ticket.itemCode)) return false;
  return true;
}
