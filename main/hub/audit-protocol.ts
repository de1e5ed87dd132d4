/** The audit anchors' wire shapes (routes.ts `auditAnchor`, `auditAnchorLatest`). */
import { z } from 'zod';

export const WorkstationId = z.string().min(1).max(100).regex(/^[\w.:-]+$/, '工作站标识只能包含字母、数字和 . : - _');

/** A workstation's audit chain head: its newest row's sequence and HMAC, and the workstation's time. */
export const AuditAnchorRequest = z.object({
  workstation: WorkstationId,
  // Bounded like every number the hub takes: a trillion rows is beyond any workstation's life.
  seq: z.number().int().positive().max(1e12),
  mac: z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位十六进制'),
  at: z.string().max(40),
}).strict();
export type AuditAnchorRequest = z.infer<typeof AuditAnchorRequest>;

/** What the hub holds: the head, the workstation's time, and when the hub received it (hub clock, ms). */
export const AuditAnchor = z.object({ seq: z.number().int(), mac: z.string(), at: z.string(), receivedAt: z.number() });
export type AuditAnchor = z.infer<typeof AuditAnchor>;
