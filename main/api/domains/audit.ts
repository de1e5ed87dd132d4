import { AuditAnchors, type AnchorPort } from '../../core/audit/anchor';
import type { AuditLog } from '../../core/audit';
import type { Db } from '../../db/connection';
import type { TlsCredential } from '../../core/trust/transport';
import { HubClient } from '../../hub/client';
import { WORKSTATION_HEADER } from '../../hub/protocol';
import type { Lifecycle } from './deps';

export interface AuditAnchorDeps extends Lifecycle {
  db: Db;
  audit: AuditLog;
  /** The hall hub's address; null: no anchors (verification then relies on the chain alone). */
  hubUrl: string | null;
  /** This machine's device credential (an https hub requires it). */
  hubCredential: TlsCredential | null;
  workstationId(): string;
  everyMinutes(): number;
  /** Told of a new device credential (enrolment without restart). */
  onCredential?(fn: (cred: TlsCredential) => void): void;
}

/** The audit chain's anchoring at the hall hub (core/audit/anchor.ts), over the hub's `/audit/anchors` routes. */
export function createAuditAnchors(deps: AuditAnchorDeps): AuditAnchors {
  const client = deps.hubUrl ? new HubClient({ url: deps.hubUrl, timeoutMs: 3000, credential: deps.hubCredential, headers: () => ({ [WORKSTATION_HEADER]: deps.workstationId() }) }) : null;
  if (client) deps.onCredential?.((cred) => client.useCredential(cred));
  const port: AnchorPort | null = client && {
    put: (a) => client.call('auditAnchor', { body: a }),
    latest: (workstation) => client.call('auditAnchorLatest', { params: { workstation } }),
  };
  const anchors = new AuditAnchors(deps.db, deps.audit, port, deps.workstationId, { everyMinutes: deps.everyMinutes });
  anchors.start();
  deps.onClose(() => anchors.stop());
  return anchors;
}
