import type { Migration } from '../migrate';

/** The devices domain's workstation migrations (see README.md for the version range). */
export const devicesMigrations: Migration[] = [];
