/**
 * Assistance → the sync outbox: a 求助 pressed while the hub cannot be reached (`assist.request`)
 * and a 办不成事 report taken offline (`assist.report`), each on its own lane (one refused never
 * holds up another), keyed by its request key: the hub answers a repeat with its first record.
 */
import type { HelpRequest, AssistRecord } from '../../../common/assist/schema';
import type { TakeReportRequest, UnresolvedReport } from '../../../common/assist/reports';
import { syncFaultOf, type OpSender } from '../sync/transport';

export const ASSIST_REQUEST = 'assist.request';
export const ASSIST_REPORT = 'assist.report';
export const assistLane = (key: string) => `assist:${key}`;
export const reportLane = (key: string) => `report:${key}`;

/** The hub's routes for both kinds. */
export interface AssistSendPort {
  request(req: HelpRequest): Promise<AssistRecord>;
  takeReport(req: TakeReportRequest): Promise<UnresolvedReport>;
}

/**
 * The senders the sync engine registers: the payload goes under the operation's key (the same key
 * the online attempt used). `delivered` is told of a 求助's record once the hub has it (the counter
 * sees who is coming); it runs after the send, so its failure never makes the send look failed.
 */
export function assistSenders(port: AssistSendPort, delivered: (r: AssistRecord | null) => void): Record<typeof ASSIST_REQUEST | typeof ASSIST_REPORT, OpSender> {
  return {
    [ASSIST_REQUEST]: async (op) => {
      let record: AssistRecord;
      try {
        record = await port.request({ ...(op.payload as HelpRequest), key: op.idempotencyKey });
      } catch (e) {
        throw syncFaultOf(e);
      }
      tell(delivered, record);
    },
    [ASSIST_REPORT]: async (op) => {
      try {
        await port.takeReport({ ...(op.payload as TakeReportRequest), key: op.idempotencyKey });
      } catch (e) {
        throw syncFaultOf(e);
      }
      tell(delivered, null);
    },
  };
}

/** The hub has it: a failure to show it here must not make the operation be sent again (the hub pushes the record to every counter anyway). */
function tell(delivered: (r: AssistRecord | null) => void, r: AssistRecord | null): void {
  try {
    delivered(r);
  } catch {
    // shown at the next push or refresh of the counter's page
  }
}
