import { DEMO_HALL } from '../../common/demo-hall';
import { HallConfig } from './protocol';

/** The demo hall (common/demo-hall.ts) as the hub configures it. */
export function demoHall(): HallConfig {
  const { id, name, streams, counters } = DEMO_HALL;
  return HallConfig.parse({
    id,
    name,
    streams,
    counters: counters.map((c) => ({ ...c, items: null })),
    policy: {},
    checkIn: {},
    recall: {},
    supervisor: {},
    slots: {},
  });
}
