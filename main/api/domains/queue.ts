import type { DomainBase } from './base';

/** The queue domain's services as handlers reach them (ws.queue). Built once per workstation. */
export type QueueDomain = Record<string, never>;

export async function createQueueDomain(_base: DomainBase): Promise<QueueDomain> {
  return {};
}
