import type { AssistRecord } from '../../../common/assist/schema';
import type { HubClient } from '../../hub/client';
import { AssistService, type AssistHubPort } from '../../core/assist/service';
import type { EventBus } from '../../core/events';
import type { HubLink } from '../../core/queue/link';
import type { Db } from '../../db/connection';
import type { Lifecycle } from './deps';
import type { SyncDomain } from './sync';

/** What the assistance domain is built from. */
export interface AssistDeps extends Lifecycle {
  db: Db;
  /** The queue domain's hub client and link: 求助 go over the same enrolled connection, pushes arrive on the same socket. */
  client: HubClient | null;
  link: HubLink;
  bus: EventBus;
  now?: () => number;
  /** The sync outbox a 求助 or report waits in while the hub cannot take it, and its engine that sends it. */
  sync: Pick<SyncDomain, 'outbox' | 'register' | 'hub'>;
  /** The status bar shows the backlog: pushed again when the outbox changes. */
  publishStatus(): void;
}

export interface AssistDomain {
  service: AssistService;
  /** Whether the hub answers right now (the pages say so instead of failing). */
  online(): boolean;
}

/** The route table's assistance routes as the service's port. */
export function hubAssistPort(c: HubClient): AssistHubPort {
  return {
    request: (body) => c.call('assistRequest', { body }),
    cancel: (id, counter) => c.call('assistCancel', { params: { id }, body: { counter } }),
    accept: (id, helper, etaMinutes) => c.call('assistAccept', { params: { id }, body: { helper, etaMinutes } }),
    arrive: (id, helper) => c.call('assistArrive', { params: { id }, body: { helper } }),
    close: (id, body) => c.call('assistClose', { params: { id }, body: body as never }),
    walkUp: (body) => c.call('assistWalkUp', { body }),
    live: () => c.call('assistLive'),
    ledger: (q) => c.call('assistLedger', { query: q }),
    settings: () => c.call('assistSettings'),
    setSettings: (body) => c.call('assistSetSettings', { body }),
    takeReport: (body) => c.call('reportTake', { body }),
    advanceReport: (id, body, supervisor) => c.call(supervisor ? 'reportSupervise' : 'reportAdvance', { params: { id }, body }),
    reports: () => c.call('reports'),
  };
}

export function createAssistDomain(deps: AssistDeps): AssistDomain {
  const port = deps.client ? hubAssistPort(deps.client) : null;
  const service = new AssistService(deps.db, () => port, {
    outbox: deps.sync.outbox,
    now: deps.now,
    changed: (r) => deps.bus.emit('assist.changed', r),
    pendingChanged: () => deps.publishStatus(),
  });
  const onPush = (e: { record: AssistRecord }) => deps.bus.emit('assist.changed', e.record);
  deps.link.assistListeners.add(onPush);
  // Queued ones are sent by the sync engine (its backoff and dead letters), under the key the online attempt used.
  const sending = deps.sync.hub;
  if (sending) {
    const senders = service.senders({ request: (body) => sending.call('assistRequest', { body }), takeReport: (body) => sending.call('reportTake', { body }) });
    for (const [kind, send] of Object.entries(senders)) deps.sync.register(kind, send);
  }
  deps.onClose(() => {
    deps.link.assistListeners.delete(onPush);
  });
  return { service, online: () => deps.link.online };
}
