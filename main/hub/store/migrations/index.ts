import type { Migration } from '../../../db/migrate';
import { m0001 } from './0001-hub-queue';
import { m0002 } from './0002-counter-staff';
import { m0003 } from './0003-idempotency';
import { m0004 } from './0004-audit';
import { m0005 } from './0005-ticket-follow';
import { m0006 } from './0006-ticket-holder';
import { m0007 } from './0007-devices';
import { m0008 } from './0008-browser-devices';
import { m0009 } from './0009-hub-staff';
import { m0010 } from './0010-appointment-identity';
import { m0013 } from './0013-archive';
import { m0014 } from './0014-assist';
import { m0015 } from './0015-ratings';
import { m0016 } from './0016-ticket-estimate';
import { m0017 } from './0017-daily-reports';
import { m0018 } from './0018-case-report-indexes';
import { m0019 } from './0019-daily-report-figures';
import { m0022 } from './0022-upstream';
import { m0011 } from './0011-hall-cases';
import { m0021 } from './0021-reference-data';
import { m0023 } from './0023-case-files';
import { m0024 } from './0024-appointment-changes';
import { m0025 } from './0025-hall-ratings';
import { m0026 } from './0026-hall-trust';

/**
 * The hub's own database (hub.sqlite in its data dir), separate from any workstation database:
 * ONE list of its own, in order; a new migration is the next number at the end
 * (main/db/migrations/README.md).
 */
export const hubMigrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0013, m0014, m0015, m0016, m0017, m0018, m0019, m0021, m0022, m0023, m0024, m0025, m0026];
