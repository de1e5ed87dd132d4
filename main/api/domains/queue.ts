import type { ViewSubscription } from '../../hub/protocol';
import { HubClient } from '../../hub/client';
import { HubLink } from '../../core/queue/link';
import { OfflineStore } from '../../core/queue/offline-store';
import { QueueService } from '../../core/queue/service';
import type { DomainBase } from './base';

/** The queue domain's services as handlers reach them (ws.queue). Built once per workstation. */
export interface QueueDomain {
  service: QueueService;
  link: HubLink;
  store: OfflineStore;
}

/** Sessions older than a working day no longer keep a subscription alive (a panel closed without logging out). */
const SESSION_HORIZON_MS = 12 * 3600_000;

export async function createQueueDomain(base: DomainBase): Promise<QueueDomain> {
  const store = new OfflineStore(base.db);
  const url = base.hubUrl();
  // The client tells the link which views version each answer's change is pushed in (read-your-writes).
  const client = url ? new HubClient({ url, timeoutMs: 3000, onViewsVersion: (v) => link.owe(v) }) : null;
  const link: HubLink = new HubLink(client, store, url);
  const openSessions = base.db.prepare(`SELECT s.counter_id AS counterId, st.role AS role FROM sessions s JOIN staff st ON st.id = s.staff_id
    WHERE s.ended_at IS NULL AND s.created_at >= ?`);
  // The views this workstation needs: the panels of the counters signed in here, the board while a supervisor is.
  const interest = (): ViewSubscription => {
    const rows = openSessions.all(new Date(Date.now() - SESSION_HORIZON_MS).toISOString()) as { counterId: string | null; role: string }[];
    const counters = rows.map((r) => (r.counterId ? base.hall.counter(r.counterId)?.number : undefined)).filter((n): n is number => n !== undefined);
    return { counters, supervisor: rows.some((r) => r.role === 'supervisor' || r.role === 'admin') };
  };
  const service = new QueueService(link, store, {
    bus: base.bus, hall: base.hall, citizen: base.citizen, interest, publishStatus: () => base.publishStatus(), log: base.log,
  });
  base.statusParts.syncBacklog = () => store.backlog();
  base.statusParts.hub = () => ({ reachable: link.online, checkedAt: link.checkedAt, error: link.lastError });
  link.start();
  // A session ended (logout) drops its subscription within a minute; a new one is added when its panel asks.
  const timer = setInterval(() => void link.want(interest()).catch(() => {}), 60_000);
  timer.unref();
  base.onClose(async () => {
    clearInterval(timer);
    await link.close();
  });
  return { service, link, store };
}
