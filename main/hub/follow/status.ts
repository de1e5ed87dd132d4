/**
 * What the public follow page tells about one ticket: its number, stream, place in the queue and
 * state — nothing about the person (no name, ID number, phone, item or appointment). Anyone who
 * holds the slip's QR may read it, so it carries only what the hall TV shows anyway.
 */
import { z } from 'zod';
import { DeskError } from '../../../common/errors';
import type { HallQueue } from '../queue';
import { FOLLOW_CODE_RE } from './code';

export const FollowState = z.enum(['waiting', 'called', 'serving', 'finished', 'no_show', 'cancelled']);
export const FollowStatus = z.object({
  hall: z.string(),
  number: z.string(),
  streamName: z.string(),
  state: FollowState,
  /** Waiting tickets of the same stream due before this one (null unless waiting). */
  ahead: z.number().int().nullable(),
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
  if (t.status === 'waiting') {
    // The same count as the kiosk prints: waiting tickets of the stream due no later than this one.
    const waiting = await q.store.listTickets({ day: t.day, statuses: ['waiting'] });
    ahead = waiting.filter((w) => w.stream === t.stream && w.id !== t.id && w.dueAt <= t.dueAt).length;
  }
  const atCounter = state === 'called' || state === 'serving' ? t.counter : null;
  return {
    hall: q.hall.name,
    number: t.number,
    streamName: q.hall.streams.find((s) => s.id === t.stream)?.name ?? t.stream,
    state,
    ahead,
    counter: atCounter,
    counterName: atCounter !== null ? (q.hall.counters.find((c) => c.number === atCounter)?.name ?? `${atCounter}号窗口`) : null,
    at: q.now(),
  };
}
