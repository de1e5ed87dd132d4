import type { Migration } from '../migrate';

/** The queue domain's workstation migrations (see README.md for the version range). */
export const queueMigrations: Migration[] = [];
