/**
 * Ratings → the sync outbox: a finished service's offer for the later rating (`rating.offer`) and
 * every snapshot of its rating (`rating.put`: given, followed up, closed, appealed) ride one lane
 * per service, `rating:<service id>`, in the order they happened; the engine sends them through the
 * hub's idempotent routes (a snapshot under its own key, an offer under its code's hash).
 */
import type { OpSender } from '../sync/transport';
import { syncFaultOf } from '../sync/transport';
import type { RatingOffer, RatingSnapshot } from '../../../common/rating';

export const RATING_OFFER = 'rating.offer';
export const RATING_PUT = 'rating.put';
export const ratingLane = (serviceId: string) => `rating:${serviceId}`;

export interface RatingOfferPayload { counter: number; offer: RatingOffer }
export interface RatingPutPayload { snapshot: RatingSnapshot }

/** The hub's routes for both kinds (the domain's are the sync wire's, with its faults and Retry-After). */
export interface RatingSendPort {
  postRating(snapshot: RatingSnapshot, idempotencyKey: string): Promise<void>;
  offer(counter: number, offer: RatingOffer): Promise<void>;
}

/** The senders the sync engine registers for ratings; any error is sorted as the sync wire sorts it. */
export function ratingSenders(port: RatingSendPort): Record<typeof RATING_OFFER | typeof RATING_PUT, OpSender> {
  const sorted = async (p: Promise<void>) => {
    try {
      await p;
    } catch (e) {
      throw syncFaultOf(e);
    }
  };
  return {
    [RATING_OFFER]: (op) => {
      const p = op.payload as RatingOfferPayload;
      return sorted(port.offer(p.counter, p.offer));
    },
    [RATING_PUT]: (op) => sorted(port.postRating((op.payload as RatingPutPayload).snapshot, op.idempotencyKey)),
  };
}
