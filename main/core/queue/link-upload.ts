/**
 * The link's return to online, its writes (workstation rules W2, W3, W5 in main/hub/OFFLINE.md):
 * calls the hub may have claimed without answering, then the offline outbox uploaded in order.
 */
import { isDeskError } from '../../../common/errors';
import { isUnreachable } from './reachability';
import type { HubPort } from './hub-port';
import type { OfflineStore } from './offline-store';

export interface UploadSink {
  readonly workstationId: string;
  readonly warnings: { code: string; message: string; at: number }[];
  /** The backlog changed: the status bar should be pushed again. */
  status(): void;
}

/**
 * W3: a call the hub may have claimed without the answer reaching us. The hub says what that
 * request id claimed (GET /calls/:requestId). The applicant was never told (nothing was shown or
 * spoken), so a ticket it claimed that is still `called` once at that counter goes back to its
 * queue with its place kept (transfer keeps dueAt). A request that claimed nothing leaves nothing.
 */
export async function resolvePendingCalls(c: HubPort, store: OfflineStore): Promise<void> {
  for (const p of store.pendingCalls()) {
    const { ticket } = await c.callRequest(p.requestId);
    if (ticket && ticket.status === 'called' && ticket.counter === p.counter && ticket.callCount <= 1) {
      await c.transfer(ticket.id, { counter: p.counter, toStream: ticket.stream });
    }
    store.clearPendingCall(p.requestId);
  }
}

/**
 * W2/W5: uploads the outbox in local order, one counter's run per request, until empty. The hub
 * answers each operation on its own; a rejected one goes to the dead-letter list with its reason
 * and the next still goes up. A batch the hub refuses or fails as a whole is resent one operation
 * at a time, so one bad operation is set aside alone; an operation the hub keeps failing on
 * (a fault, not a refusal) is set aside after three tries rather than jamming the outbox.
 */
export async function uploadOutbox(c: HubPort, store: OfflineStore, sink: UploadSink): Promise<{ uploaded: number; rejected: number }> {
  let uploaded = 0;
  let rejected = 0;
  let single = false;
  for (;;) {
    const rows = store.pending(single ? 1 : 2000);
    if (!rows.length) break;
    const counter = rows[0].counter;
    const end = rows.findIndex((r) => r.counter !== counter);
    const run = end === -1 ? rows : rows.slice(0, end);
    let results;
    try {
      results = await c.reconcile({ workstationId: sink.workstationId, counter, ops: run.map((r) => r.op) });
    } catch (e) {
      if (isUnreachable(e)) throw e;
      if (run.length > 1) {
        single = true;
        continue;
      }
      const err = isDeskError(e) ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: String(e) };
      const refused = isDeskError(e) && typeof e.details?.httpStatus === 'number' && e.details.httpStatus >= 400 && e.details.httpStatus < 500;
      if (refused) results = [{ opId: run[0].opId, outcome: 'rejected', error: err, warning: null }];
      else {
        // A fault at the hub: tried again on the next sync, set aside after three.
        if (store.noteFailure(run[0].opId, err, Date.now())) {
          rejected++;
          continue;
        }
        throw e;
      }
    }
    store.settle(results, Date.now());
    for (const r of results) {
      if (r.outcome === 'rejected') rejected++;
      else uploaded++;
      if (r.warning) sink.warnings.push({ ...r.warning, at: Date.now() });
    }
  }
  sink.status();
  return { uploaded, rejected };
}
