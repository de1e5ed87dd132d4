export { RatingService, type RatingDeps, type RatingHub, type RatingScreens, type Served } from './service';
export { RatingStore, type FollowUpRow, type RatingRow, type ServiceRow } from './store';
export * from './rules';
export * from './followup';
export * from './figures';
export { followUpView } from './views';
