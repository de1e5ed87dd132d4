export { RatingService, type RatingDeps, type RatingHub, type RatingScreens, type Served } from './service';
export { RATING_OFFER, RATING_PUT, ratingLane, ratingSenders, type RatingOfferPayload, type RatingPutPayload, type RatingSendPort } from './sync';
export { RatingStore, type FollowUpRow, type RatingRow, type ServiceRow } from './store';
export * from './rules';
export * from './followup';
export * from './figures';
export { followUpView } from './views';
