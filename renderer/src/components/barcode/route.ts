import type { BarcodePayload } from '../../../../common/devices';

/** One barcode scan as the pages receive it, whichever scanner it came from. */
export interface ScanEvent {
  /** The scanned text, prefix/suffix and terminator removed. */
  raw: string;
  payload: BarcodePayload;
  /** 'wedge': a keyboard-mode scanner seen by this page; 'hid-pos' / 'simulated': forwarded by the workstation. */
  source: 'wedge' | 'hid-pos' | 'simulated';
  symbology?: string;
  at: string;
}

/** What a page should do with a scan; the queue and intake pages switch on `action`. */
export type ScanRoute =
  | { action: 'check-in'; appointmentCode: string }
  | { action: 'case-lookup'; caseNumber: string }
  | { action: 'elicence'; licenceId: string; issuer?: string }
  | { action: 'unknown'; raw: string };

/**
 * appointment → 签到 (queue page), case → 办件进度查询 (intake page), e-licence → 电子证照核验,
 * anything else → shown to the clerk as unrecognised (随申码 and other opaque tokens go to the hub).
 */
export function routeScan(payload: BarcodePayload): ScanRoute {
  switch (payload.kind) {
    case 'appointment': return { action: 'check-in', appointmentCode: payload.code };
    case 'case': return { action: 'case-lookup', caseNumber: payload.caseNumber };
    case 'elicence': return { action: 'elicence', licenceId: payload.licenceId, ...(payload.issuer ? { issuer: payload.issuer } : {}) };
    default: return { action: 'unknown', raw: payload.raw };
  }
}
