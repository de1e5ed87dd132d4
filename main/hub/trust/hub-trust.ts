/**
 * The hub's side of the hall's trust: its CA (made at first start in `<dataDir>/trust`, a
 * throwaway directory for an in-memory hub), the device registry on the hub's own database, and
 * the TLS certificate the hub presents, issued fresh at each start for every name it is reached
 * by (loopback, this host's name and LAN addresses, `--allow-host` names).
 */
import { mkdtempSync } from 'node:fs';
import { hostname, networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { HallCa } from './ca';
import { DeviceRegistry } from './registry';
import { HubStaff } from './staff';

export interface HubTrust {
  ca: HallCa;
  registry: DeviceRegistry;
  /** The supervisors the hub verifies itself, and their assertions. */
  staff: HubStaff;
  /** What node:https (and Fastify's `https` option) needs: our certificate, the hall CA for client certificates. */
  tls: { key: string; cert: string; ca: string[]; requestCert: true; rejectUnauthorized: false };
}

/** The names a LAN client may reach the hub by, for the server certificate's subjectAltName. */
export function serverNames(extra: readonly string[]): { dns: string[]; ips: string[] } {
  const dns = new Set(['localhost', hostname().toLowerCase()]);
  const ips = new Set(['127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (!a.address.startsWith('fe80')) ips.add(a.address);
  for (const h of extra) (/^[\d.]+$|:/.test(h) ? ips : dns).add(h.toLowerCase());
  return { dns: [...dns], ips: [...ips] };
}

export async function openHubTrust(opts: { dataDir: string; db: Database.Database; hallName: string; hosts: readonly string[]; now: () => number }): Promise<HubTrust> {
  const dir = opts.dataDir === ':memory:' ? mkdtempSync(join(tmpdir(), 'wd-hub-trust-')) : join(opts.dataDir, 'trust');
  // Certificates are dated by the real clock (TLS peers check them against theirs); codes by the hub's.
  const ca = await HallCa.openOrCreate(dir, opts.hallName);
  const registry = new DeviceRegistry(opts.db, ca, opts.now);
  const server = await ca.issueServer(serverNames(opts.hosts));
  return { ca, registry, // Assertions, like certificates, are dated by the real clock (a hub's test clock moves bookings, not credentials).
    staff: new HubStaff(opts.db), tls: { key: server.keyPem, cert: server.certPem, ca: [ca.certPem], requestCert: true, rejectUnauthorized: false } };
}
