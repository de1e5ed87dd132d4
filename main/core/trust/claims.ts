/**
 * What a device certificate says about its holder, carried in one subjectAltName URI so any TLS
 * stack hands it over with the peer certificate: `urn:windowdesk:device:<id>:<role>:<counters>`
 * (counters joined by `+`, empty for a kiosk or a TV: Node quotes a SAN entry holding a comma,
 * so the list separator is one no TLS stack escapes).
 */
import { z } from 'zod';

export const DEVICE_ROLES = ['workstation', 'kiosk', 'display'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

export const DeviceClaims = z.object({
  deviceId: z.string().regex(/^[a-z]+-[0-9a-z]{6,16}$/),
  role: z.enum(DEVICE_ROLES),
  counters: z.array(z.number().int().positive()).max(64),
});
export type DeviceClaims = z.infer<typeof DeviceClaims>;

const PREFIX = 'urn:windowdesk:device:';

export function claimsUri(c: DeviceClaims): string {
  return `${PREFIX}${c.deviceId}:${c.role}:${c.counters.join('+')}`;
}

/** The claims of a URI, or null for anything that is not exactly ours. */
export function parseClaimsUri(uri: string): DeviceClaims | null {
  if (!uri.startsWith(PREFIX)) return null;
  const [deviceId, role, counters, ...rest] = uri.slice(PREFIX.length).split(':');
  if (rest.length > 0 || counters === undefined) return null;
  const r = DeviceClaims.safeParse({ deviceId, role, counters: counters === '' ? [] : counters.split('+').map((s) => (/^\d{1,4}$/.test(s) ? Number(s) : NaN)) });
  return r.success ? r.data : null;
}

/** The claims in a Node TLS peer certificate's `subjectaltname` (`URI:urn:…, DNS:…`). */
export function claimsFromSubjectAltName(san: string | undefined): DeviceClaims | null {
  if (!san) return null;
  const uris = san.split(/,\s*/).filter((p) => p.startsWith('URI:')).map((p) => p.slice(4));
  const found = uris.map(parseClaimsUri).filter((c): c is DeviceClaims => c !== null);
  return found.length === 1 ? found[0] : null;
}
