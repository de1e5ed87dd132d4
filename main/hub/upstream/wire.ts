/**
 * What the hub sends to the city platform (docs/city-platform.md describes it for the platform's
 * side). Two messages, each with an Idempotency-Key the platform answers a repeat of with its first
 * answer:
 * - a case, whenever it changed at the hub: the case record's fields and its step trail (times,
 *   whose clock, counter, staff; never the steps' payloads or the materials' content);
 * - an archive package (GB/T 42727 数据交换 → the archive system's 接收检测), once the hub has
 *   stored it: the BagIt bag's files and its digest, with the hub's receipt.
 */
import { z } from 'zod';
import { CASE_STATES } from '../cases/protocol';

export const UPSTREAM_VERSION = 1;

export const UpstreamCase = z.strictObject({
  version: z.literal(UPSTREAM_VERSION),
  hallCode: z.string(),
  caseId: z.string(),
  caseNumber: z.string().nullable(),
  itemCode: z.string(),
  itemName: z.string(),
  state: z.enum(CASE_STATES),
  applicant: z.strictObject({
    type: z.enum(['person', 'company']),
    name: z.string(),
    /** ID number or unified social credit code, in full: the case library links the case to the applicant's 一网通办 account by it. */
    key: z.string(),
  }),
  counterId: z.string(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
  dueDate: z.string().nullable(),
  completedAt: z.string().nullable(),
  issuedAt: z.string().nullable(),
  decision: z.enum(['approved', 'denied']).nullable(),
  steps: z.array(z.strictObject({
    seq: z.number().int(),
    type: z.string(),
    from: z.enum(CASE_STATES).nullable(),
    to: z.enum(CASE_STATES).nullable(),
    at: z.string(),
    timeSource: z.enum(['hub', 'local']),
    counterId: z.string(),
    staffId: z.string(),
    /** When the hub received the step (ms since the epoch): the ingestion delay is at − receivedAt. */
    receivedAt: z.number().int(),
  })),
  /** The hub's sequence of the case's latest step: a platform keeps the highest it has seen. */
  hubSeq: z.number().int(),
});
export type UpstreamCase = z.infer<typeof UpstreamCase>;

export const UpstreamArchive = z.strictObject({
  version: z.literal(UPSTREAM_VERSION),
  caseNumber: z.string(),
  bagSha256: z.string(),
  /** The hub's receipt (its 接收检测 results and where it stored the bag). */
  receipt: z.record(z.string(), z.unknown()),
  files: z.array(z.strictObject({ path: z.string(), base64: z.string() })),
});
export type UpstreamArchive = z.infer<typeof UpstreamArchive>;
