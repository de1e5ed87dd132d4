import type { Migration } from '../../../db/migrate';
import { m0001 } from './0001-hub-queue';

/**
 * The hub's own database (hub.sqlite in its data dir), separate from any workstation database:
 * ONE list of its own, in order; a new migration is the next number at the end
 * (main/db/migrations/README.md).
 */
export const hubMigrations: readonly Migration[] = [m0001];
