/**
 * The hub's side of the hall's trust: its CA, the device registry and the supervisors it verifies,
 * and the TLS certificate the hub presents, issued fresh at each start for every name it is reached
 * by (loopback, this host's name and LAN addresses, `--allow-host` names). On SQLite the CA is made
 * at first start in `<dataDir>/trust` (a throwaway directory for an in-memory hub) and the registry
 * is in the hub's own database. On PostgreSQL both are the hall's, shared by every host on the
 * database (shared-ca.ts, store/pg/trust-store.ts); this node's own rows are moved there first.
 */
import { mkdtempSync } from 'node:fs';
import { hostname, networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { PgDb } from '../store/pg/db';
import { PgTrustStore } from '../store/pg/trust-store';
import { adoptNodeTrust } from './adopt';
import { HallCa } from './ca';
import { DeviceRegistry } from './registry';
import { sharedHallCa } from './shared-ca';
import { HubStaff } from './staff';
import { SqliteTrustStore, type TrustStore } from './trust-store';

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

/** `pg`: the hall's PostgreSQL (the queue's), which then holds the CA and the registry; `db` is this node's hub.sqlite. */
export async function openHubTrust(opts: { dataDir: string; db: Database.Database; pg?: PgDb | null; hallName: string; hosts: readonly string[]; now: () => number }): Promise<HubTrust> {
  const memory = opts.dataDir === ':memory:';
  // Certificates are dated by the real clock (TLS peers check them against theirs); codes by the hub's.
  let ca: HallCa;
  let store: TrustStore;
  if (opts.pg) {
    ca = await sharedHallCa(opts.pg, memory ? null : join(opts.dataDir, 'trust'), opts.hallName);
    const moved = await adoptNodeTrust(opts.db, opts.pg);
    if (moved.devices + moved.codes + moved.staff + moved.assertions > 0) {
      console.log(`[hub] 已将本机数据库中的设备登记迁入共享数据库：设备 ${moved.devices} 台、登记码 ${moved.codes} 个、值班主任 ${moved.staff} 名、核验 ${moved.assertions} 条。`);
    }
    store = new PgTrustStore(opts.pg);
  } else {
    ca = await HallCa.openOrCreate(memory ? mkdtempSync(join(tmpdir(), 'wd-hub-trust-')) : join(opts.dataDir, 'trust'), opts.hallName);
    store = new SqliteTrustStore(opts.db);
  }
  const registry = new DeviceRegistry(store, ca, opts.now);
  // Each host issues its own server certificate (its own names) from the hall's CA.
  const server = await ca.issueServer(serverNames(opts.hosts));
  return { ca, registry, // Assertions, like certificates, are dated by the real clock (a hub's test clock moves bookings, not credentials).
    staff: new HubStaff(store), tls: { key: server.keyPem, cert: server.certPem, ca: [ca.certPem], requestCert: true, rejectUnauthorized: false } };
}
