import type { SupervisorSnapshot } from './protocol';
import type { HallQueue } from './queue';
import { computeViews } from './views';

/**
 * What the supervisor's board shows (GET /supervisor), computed from the store (never from
 * client-side state) by the same code that computes the pushed board, without its waiting list.
 */
export async function supervisorSnapshot(q: HallQueue): Promise<SupervisorSnapshot> {
  const v = await computeViews(q, 0, { counters: new Set(), supervisor: true, freshForecast: true });
  const { waiting: _w, ...board } = v.supervisor!;
  return board;
}
