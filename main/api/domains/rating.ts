import { hallDay } from '../../../common/hall-time';
import { currentCalendar } from '../../core/calendar';
import { isUnreachable } from '../../core/queue/link';
import type { CitizenDisplay } from '../../core/citizen';
import type { EventBus } from '../../core/events';
import { RatingService, RatingStore, ratingSenders, type RatingSendPort } from '../../core/rating';
import type { SettingsStore } from '../../core/settings';
import type { Db } from '../../db/connection';
import type { Logger } from '../logger';
import { HidRatingPad, SimulatedRatingPad, type RatingPad } from '../../../native/rating-pad';
import type { Lifecycle } from './deps';
import type { SyncDomain } from './sync';

export interface RatingDomainDeps extends Lifecycle {
  db: Db;
  bus: EventBus;
  citizen: Pick<CitizenDisplay, 'finished'>;
  settings: Pick<SettingsStore, 'get'>;
  log: Logger;
  now?: () => Date;
  /** The sync outbox ratings are written to, and its engine that sends them. */
  sync: Pick<SyncDomain, 'outbox' | 'register' | 'hub'>;
  /** Where phones reach the hub's rating page (the later-rating QR); null: no QR. */
  laterBase?: () => string | null;
}

export interface RatingDomain {
  service: RatingService;
  /** The 评价器 (null: none configured); the simulated one can be pressed by tests and the demo. */
  pad: RatingPad | null;
  bus: EventBus;
  today(): string;
}

/** How often the later ratings given by QR are collected from the hub. */
const COLLECT_MS = 30_000;

/**
 * 好差评: the rating service; its offers and snapshots go to the hub through the sync outbox (POST
 * /rating-offers and /ratings, both idempotent, sent by the sync engine over the sync domain's
 * client); the later ratings by QR are collected from the hub every half minute over the same client.
 */
export function createRatingDomain(deps: RatingDomainDeps): RatingDomain {
  // One client for everything rating sends and collects: the sync domain's (it follows a new enrolment).
  const sending = deps.sync.hub;
  if (sending) {
    const port: RatingSendPort = {
      postRating: async (rating, idempotencyKey) => {
        await sending.call('putRating', { body: { counter: rating.counter, idempotencyKey, rating } });
      },
      offer: async (counter, offer) => {
        await sending.call('offerRating', { body: { counter, offer } });
      },
    };
    for (const [kind, send] of Object.entries(ratingSenders(port))) deps.sync.register(kind, send);
  }
  const hub = sending && { answers: (counter: number, after: number) => sending.call('laterRatings', { query: { counter: String(counter), after: String(after) } }) };
  const pad = openPad(deps);
  const service = new RatingService({
    store: new RatingStore(deps.db),
    calendar: currentCalendar,
    screens: deps.citizen,
    outbox: deps.sync.outbox,
    now: deps.now,
    laterDays: () => deps.settings.get('ratingLaterDays'),
    screenSeconds: () => deps.settings.get('ratingScreenSeconds'),
    hub: () => hub,
    log: deps.log,
    pad: () => (pad ? (pad.simulated ? 'simulated' : 'hid') : null),
    laterBase: deps.laterBase,
  });
  pad?.on('press', (level) => {
    try {
      service.padPress(level);
    } catch (e) {
      deps.log.error(`[rating] 评价器: ${(e as Error).message}`);
    }
  });
  // Later ratings by QR, collected as they come (an unreachable hub is simply tried again next time).
  const timer = setInterval(() => {
    service.collectLater().catch((e: Error) => isUnreachable(e) || deps.log.error(`[rating] later ratings: ${e.message}`));
  }, COLLECT_MS);
  timer.unref();
  deps.onClose(() => {
    clearInterval(timer);
    service.dispose();
    void pad?.close();
  });
  const today = () => hallDay(deps.now?.() ?? new Date());
  return { service, pad, bus: deps.bus, today };
}

/** Simulated devices get the demo's pad; real ones the configured USB pad (a pad that fails to open is logged, the screen still asks). */
function openPad(deps: RatingDomainDeps): RatingPad | null {
  if (deps.settings.get('deviceMode') === 'simulated') return new SimulatedRatingPad();
  const ids = deps.settings.get('ratingPad');
  if (!ids) return null;
  const [vid, pid] = ids.split(':').map((h) => parseInt(h, 16));
  const pad = new HidRatingPad(vid, pid);
  pad.open().catch((e: Error) => deps.log.error(`[rating] 评价器: ${e.message}`));
  return pad;
}
