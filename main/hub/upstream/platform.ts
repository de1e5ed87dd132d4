/**
 * The seam toward the city platform (issue 11): the 统一受理平台's case library and the archive
 * system. The default is none: the hub's own case record and archive are the hall's library and
 * archive, and nothing leaves the hall. With one configured (`--city-platform URL`), the hub's
 * forwarder (forwarder.ts) sends every changed case and every stored archive package to it.
 * The e-licence library is the third part of the city platform; the workstation reaches it through
 * its own seam (main/core/elicence/types.ts `ElicenceLibrary`).
 */
import type { UpstreamArchive, UpstreamCase } from './wire';

export interface CityPlatform {
  /** Who the supervisor is told the cases go to. */
  readonly name: string;
  /** Throws UpstreamFault: 'retry' (nothing known to have arrived) or 'reject' (refused for good). */
  putCase(c: UpstreamCase, idempotencyKey: string): Promise<void>;
  putArchive(a: UpstreamArchive, idempotencyKey: string): Promise<void>;
}

export class UpstreamFault extends Error {
  constructor(readonly kind: 'retry' | 'reject', message: string) {
    super(message);
  }
}
