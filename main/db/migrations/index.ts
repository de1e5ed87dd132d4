import { caseMigrations } from '../../core/cases/migrations';
import type { Migration } from '../migrate';
import { m0001 } from './0001-foundation';
import { m0002 } from './0002-files';
import { devicesMigrations } from './devices';
import { queueMigrations } from './queue';

/** The workstation schema, in order. See README.md for the version ranges reserved per domain. */
export const workstationMigrations: readonly Migration[] = [m0001, m0002, ...queueMigrations, ...caseMigrations, ...devicesMigrations].sort((a, b) => a.version - b.version);
