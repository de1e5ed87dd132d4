import type { BarcodePayload } from '../devices';
import { APPOINTMENT_CODE_MAX, APPOINTMENT_CODE_MIN } from '../queue/appointment';

// What a counter's scanner sees, and how we sort it. Everything we cannot prove locally is
// 'unknown' and goes to the hub for verification (随申码 has no public format, so it lands here).
//
// Formats:
//  - `WD-CASE:<caseNumber>` — our own notice QR (fixed by the brief).
//  - `WD-APPT:<code>` — our own appointment slip / check-in QR. The unified booking platform's
//    code format is not public; a hall can add its pattern through `appointmentPatterns`.
//  - e-licence, three shapes, because licence QR codes in the wild are verification links:
//      1. `EL:<licenceId>` (optionally `;issuer=<code>`) — our own demo/test shape, unambiguous;
//      2. an https URL on a *.gov.cn host with a licence id query parameter (`licenceId`,
//         `certId`, `zzbs` = 证照标识, `id`) — the typical "亮证" verification link;
//      3. a bare GB/T 36902-style licence identifier: OID arc `1.2.156.3005.2.` followed by
//         dot-separated fields (recalled from the standard, not checked against its text).
//    The hub still verifies the licence; we only route the scan.

export interface ClassifyOptions {
  appointmentPatterns?: RegExp[];
  /** Hosts accepted for e-licence URLs, suffix match. Default ['.gov.cn']. */
  licenceHosts?: string[];
}

const CASE_RE = /^WD-CASE:([A-Za-z0-9][A-Za-z0-9_-]{0,63})$/;
const APPT_RE = new RegExp(`^WD-APPT:([A-Za-z0-9][A-Za-z0-9_-]{${APPOINTMENT_CODE_MIN - 1},${APPOINTMENT_CODE_MAX - 1}})$`);
const EL_RE = /^EL:([A-Za-z0-9._-]{6,128})(?:;issuer=([A-Za-z0-9._-]{1,64}))?$/;
const OID_RE = /^1\.2\.156\.3005\.2(?:\.[0-9A-Za-z]+){3,}$/;
const LICENCE_PARAMS = ['licenceId', 'licenseId', 'certId', 'zzbs', 'id'];

export function classifyBarcode(input: string, opts: ClassifyOptions = {}): BarcodePayload {
  // Scanners append CR/LF and IMEs sometimes inject full-width spaces; strip controls only.
  const raw = String(input ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  let m = CASE_RE.exec(raw);
  if (m) return { kind: 'case', caseNumber: m[1] };
  m = APPT_RE.exec(raw);
  if (m) return { kind: 'appointment', code: m[1] };
  for (const re of opts.appointmentPatterns ?? []) {
    const am = re.exec(raw);
    if (am) return { kind: 'appointment', code: am[1] ?? am[0] };
  }
  m = EL_RE.exec(raw);
  if (m) return { kind: 'elicence', licenceId: m[1], ...(m[2] ? { issuer: m[2] } : {}), raw };
  if (OID_RE.test(raw)) return { kind: 'elicence', licenceId: raw, raw };
  const url = licenceUrl(raw, opts.licenceHosts ?? ['.gov.cn']);
  if (url) return url;
  return { kind: 'unknown', raw };
}

function licenceUrl(raw: string, hosts: string[]): BarcodePayload | undefined {
  if (!/^https:\/\//i.test(raw)) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return undefined;
  }
  const host = u.hostname.toLowerCase();
  if (!hosts.some((h) => host === h.replace(/^\./, '') || host.endsWith(h.startsWith('.') ? h : `.${h}`))) return undefined;
  for (const p of LICENCE_PARAMS) {
    const v = u.searchParams.get(p);
    if (v && /^[A-Za-z0-9._-]{6,128}$/.test(v)) return { kind: 'elicence', licenceId: v, verifyUrl: u.toString(), raw };
  }
  return undefined;
}
