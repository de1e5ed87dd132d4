import { DeskError } from '../../../common/errors';
import type { QueueDomain } from '../domains/queue';

/**
 * For the pages the hub owns (reports, hall devices): the queue link's hub client once the link is
 * up, else the clerk is told why in the page's own words (no hub configured, or not reachable now).
 */
export async function connectedHub(queue: QueueDomain, why: { notConfigured: string; unreachable: string }) {
  const hub = queue.link.hub;
  if (!hub) throw new DeskError('HUB_NOT_CONFIGURED', why.notConfigured);
  if (!(await queue.link.ensure())) throw new DeskError('HUB_UNREACHABLE', why.unreachable);
  return hub;
}
