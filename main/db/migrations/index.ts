import type { Migration } from '../migrate';
import { m0001 } from './0001-foundation';

/** The workstation schema, in order. See README.md for the reserved version ranges. */
export const workstationMigrations: readonly Migration[] = [m0001];
