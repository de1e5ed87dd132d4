/**
 * What the public follow page tells about one ticket: its number, stream, place in the queue and
 * state — nothing about the person (no name, ID number, phone, item or appointment). Anyone who
 * holds the slip's QR may read it, so it carries only what the hall TV shows anyway.
 */
import { z } from 'zod';
import { DeskError } from '../../../common/errors';
import type { HallQueue } from '../queue';
import { estimateMinutes } from '../forecast';
import { FOLLOW_CODE_RE } from './code';

/** 「即将叫到」 from this many tickets ahead (issue 13). */
export const SOON_AHEAD = 3;

export const FollowState = z.enum(['waiting', 'called', 'serving', 'finished', 'no_show', 'cancelled']);
export const FollowStatus = z.object({
  hall: z.string(),
  number: z.string(),
  streamName: z.string(),
  state: FollowState,
  /** Tickets the hub expects to call before this one (the forecast's replay; null unless waiting). */
  ahead: z.number().int().nullable(),
  /** Expected minutes until the call (null unless waiting, or when no open counter takes the stream). */
  estimateMinutes: z.number().int().min(0).nullable(),
  /** Three or fewer ahead: 「即将叫到」. */
  soon: z.boolean(),
  /** The counter it is called to or served at (null while waiting). */
  counter: z.number().int().nullable(),
  counterName: z.string().nullable(),
  /** The hub's clock when answered. */
  at: z.number(),
});
export type FollowStatus = z.infer<typeof FollowStatus>;

const unknown = () => new DeskError('UNKNOWN_FOLLOW_CODE', '没有找到这张号票，请核对号票上的二维码；号票只在取号当天有效。');

export async function followStatus(q: HallQueue, code: string): Promise<FollowStatus> {
  if (!FOLLOW_CODE_RE.test(code)) throw unknown();
  const t = await q.store.getTicketByFollowCode(code);
  // A slip is good for its day only: yesterday's code answers as unknown, not with an old state.
  if (!t || t.day !== q.today()) throw unknown();
  const state: FollowStatus['state'] = t.status === 'parked' ? 'serving' : t.status;
  let ahead: number | null = null;
  let minutes: number | null = null;
  if (t.status === 'waiting') {
    // Live, from the same replay of the calling policy that gave the slip its figures.
    const f = (await q.forecast.forTickets([t.id])).get(t.id);
    if (f && f.callAt !== null) {
      ahead = f.ahead;
      minutes = estimateMinutes(f);
    } else {
      // No open counter takes it: count who came first in its stream.
      const waiting = await q.store.listTickets({ day: t.day, statuses: ['waiting'] });
      ahead = waiting.filter((w) => w.stream === t.stream && w.id !== t.id && w.dueAt <= t.dueAt).length;
    }
  }
  const atCounter = state === 'called' || state === 'serving' ? t.counter : null;
  return {
    hall: q.hall.name,
    number: t.number,
    streamName: q.hall.streams.find((s) => s.id === t.stream)?.name ?? t.stream,
    state,
    ahead,
    estimateMinutes: minutes,
    soon: ahead !== null && ahead <= SOON_AHEAD,
    counter: atCounter,
    counterName: atCounter !== null ? (q.hall.counters.find((c) => c.number === atCounter)?.name ?? `${atCounter}号窗口`) : null,
    at: q.now(),
  };
}
