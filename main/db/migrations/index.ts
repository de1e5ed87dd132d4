import type { Migration } from '../migrate';
import { m0001 } from './0001-foundation';
import { m0002 } from './0002-files';
import { m0003 } from './0003-queue-offline';
import { m0004 } from './0004-cases';
import { m0005 } from './0005-case-ticket';
import { m0006 } from './0006-case-agent';
import { m0007 } from './0007-audit-keyed';
import { m0008 } from './0008-offline-dead-letter';
import { m0009 } from './0009-sessions';
import { m0011 } from './0011-sync-outbox';
import { m0013 } from './0013-archive-jobs';
import { m0014 } from './0014-assist';
import { m0015 } from './0015-rating';
import { m0017 } from './0017-appointment-cache-identity';
import { m0018 } from './0018-rating-reserved-codes';
import { m0021 } from './0021-sync-outbox-retention';
/** The workstation schema: ONE list, in order; a new migration is the next number at the end (README.md). */
export const workstationMigrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0011, m0013, m0014, m0015, m0017, m0018, m0021];
