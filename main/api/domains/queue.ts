import { HubLink } from '../queue/link';
import { OfflineStore } from '../queue/offline-store';
import { QueueService } from '../queue/service';
import type { DomainBase } from './base';

/** The queue domain's services as handlers reach them (ws.queue). Built once per workstation. */
export interface QueueDomain {
  service: QueueService;
  link: HubLink;
  store: OfflineStore;
}

export async function createQueueDomain(base: DomainBase): Promise<QueueDomain> {
  const store = new OfflineStore(base.db);
  const link = new HubLink(base.hubUrl(), store, {
    bus: base.bus, hall: base.hall, citizen: base.citizen, publishStatus: () => base.publishStatus(), log: base.log,
  });
  base.statusParts.syncBacklog = () => store.backlog();
  link.start();
  base.onClose(() => link.close());
  return { service: new QueueService(link, store), link, store };
}
