import { describe, expect, it } from 'vitest';
import { claimsFromSubjectAltName, claimsUri, parseClaimsUri } from '../../../main/core/trust/claims';
import { caCheckInCode, caCheckOf, normaliseCode } from '../../../main/core/trust/codes';

describe('device claims in a certificate', () => {
  it('round-trips role and counters through the SAN URI', () => {
    const c = { deviceId: 'workstation-ab12cd34', role: 'workstation' as const, counters: [3, 14] };
    expect(parseClaimsUri(claimsUri(c))).toEqual(c);
    expect(claimsFromSubjectAltName(`DNS:x, URI:${claimsUri(c)}`)).toEqual(c);
    expect(parseClaimsUri(claimsUri({ deviceId: 'display-zz99yy88', role: 'display', counters: [] }))).toMatchObject({ counters: [] });
  });

  it('takes nothing it did not write: other URIs, unknown roles, junk counters, two claims', () => {
    for (const uri of ['urn:other:device:a-123456:workstation:3', 'urn:windowdesk:device:a-123456:admin:3', 'urn:windowdesk:device:a-123456:workstation:3x',
      'urn:windowdesk:device:a-123456:workstation:3:extra', 'urn:windowdesk:device:A B:kiosk:']) expect(parseClaimsUri(uri)).toBeNull();
    const one = claimsUri({ deviceId: 'kiosk-ab12cd34', role: 'kiosk', counters: [] });
    expect(claimsFromSubjectAltName(`URI:${one}, URI:${one.replace('ab12', 'cd34')}`)).toBeNull();
    expect(claimsFromSubjectAltName(undefined)).toBeNull();
  });
});

describe('enrolment codes', () => {
  it('are read the way people type them and carry the CA check in their last 8 characters', () => {
    expect(normaliseCode('k7pq m2xd 5f3a 9c1e')).toBe('K7PQ-M2XD-5F3A-9C1E');
    expect(normaliseCode('K7PQ-M2XD-5F3A-9CIO')).toBe('K7PQ-M2XD-5F3A-9C10');
    expect(normaliseCode('K7PQ-M2XD-5F3A')).toBeNull();
    expect(normaliseCode('K7PQ-M2XD-5F3A-9CUU')).toBeNull();
    const fp = 'a'.repeat(64);
    expect(caCheckOf(fp)).toHaveLength(8);
    expect(caCheckOf(fp)).not.toBe(caCheckOf('b'.repeat(64)));
    expect(caCheckInCode(`ABCD-EFGH-${caCheckOf(fp).slice(0, 4)}-${caCheckOf(fp).slice(4)}`)).toBe(caCheckOf(fp));
  });
});
