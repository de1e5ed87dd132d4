import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { enrolDevice, loadCredential, type EnrolTransport } from '../../../main/core/trust/device';
import { migrate } from '../../../main/db/migrate';
import { hubMigrations } from '../../../main/hub/store/migrations';
import { HallCa } from '../../../main/hub/trust/ca';
import { claimsFromSubjectAltName } from '../../../main/core/trust/claims';
import { DeviceRegistry } from '../../../main/hub/trust/registry';

const tmp = () => mkdtempSync(join(tmpdir(), 'wd-trust-'));

async function hall() {
  const dir = tmp();
  const ca = await HallCa.openOrCreate(join(dir, 'trust'), '测试大厅');
  const db = new Database(':memory:');
  migrate(db, hubMigrations);
  let now = Date.parse('2026-12-01T09:00:00+08:00');
  const clock = { now: () => now, advance: (min: number) => (now += min * 60_000) };
  return { dir, ca, db, clock, registry: new DeviceRegistry(db, ca, clock.now) };
}

/** The device reaching the registry directly, as the hub's enrol route will. */
const direct = (registry: DeviceRegistry, ca: HallCa): EnrolTransport => ({
  fetchCa: async () => ca.certPem,
  enrol: async (_pinned, body) => registry.redeem(body.code, body.csr),
});

const servers: https.Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

describe('the hall CA and device enrolment', () => {
  it('makes the CA once (key 0600) and opens the same CA on the next start', async () => {
    const { dir, ca } = await hall();
    expect(statSync(join(dir, 'trust', 'ca.key')).mode & 0o777).toBe(0o600);
    const again = await HallCa.openOrCreate(join(dir, 'trust'), '测试大厅');
    expect(again.fingerprint).toBe(ca.fingerprint);
    expect(readFileSync(join(dir, 'trust', 'ca.crt'), 'utf8')).toContain('BEGIN CERTIFICATE');
  });

  it('hubs starting at once on a fresh directory end up with one CA', async () => {
    const dir = join(tmp(), 'hub', 'trust');
    const cas = await Promise.all(Array.from({ length: 4 }, () => HallCa.openOrCreate(dir, '测试大厅')));
    expect(new Set(cas.map((c) => c.fingerprint)).size).toBe(1);
    expect((await HallCa.openOrCreate(dir, '测试大厅')).fingerprint).toBe(cas[0].fingerprint);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('enrols a workstation with a one-time code: its own key, a certificate naming its role and counters, the CA pinned', async () => {
    const { ca, registry } = await hall();
    const { code } = await registry.createCode({ role: 'workstation', counters: [3, 4], name: '3号窗口工作站' });
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const dataDir = tmp();
    // Typed the way people type it: lower case, spaces, an O for a zero.
    const typed = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    const cred = await enrolDevice(dataDir, typed, direct(registry, ca));
    expect(cred.claims).toMatchObject({ role: 'workstation', counters: [3, 4] });
    expect(statSync(join(dataDir, 'device', 'device.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'device')).mode & 0o777).toBe(0o700);
    expect(loadCredential(dataDir)?.claims).toEqual(cred.claims);
    expect(await registry.list()).toHaveLength(1);
    expect((await registry.list())[0]).toMatchObject({ id: cred.claims.deviceId, role: 'workstation', counters: [3, 4], name: '3号窗口工作站', revokedAt: null });

    // Used once: the same code enrols nothing more.
    await expect(enrolDevice(tmp(), code, direct(registry, ca))).rejects.toMatchObject({ code: 'ENROLMENT_REFUSED' });
  });

  it('refuses an expired code, a guessed code, and a hub whose CA does not match the code (before the code is sent)', async () => {
    const { ca, registry, clock } = await hall();
    const { code } = await registry.createCode({ role: 'kiosk', counters: [], name: '1号取号机', ttlMinutes: 30 });
    const guessed = `ZZZZ-ZZZZ-${code.slice(10)}`;
    await expect(enrolDevice(tmp(), guessed, direct(registry, ca))).rejects.toMatchObject({ code: 'ENROLMENT_REFUSED' });

    // A machine in the middle with its own CA: the device sees the mismatch and never sends the code.
    const impostor = await HallCa.openOrCreate(join(tmp(), 'trust'), '冒充大厅');
    let sent = false;
    const mitm: EnrolTransport = { fetchCa: async () => impostor.certPem, enrol: async () => { sent = true; throw new Error('unreachable'); } };
    await expect(enrolDevice(tmp(), code, mitm)).rejects.toMatchObject({ code: 'HUB_NOT_TRUSTED' });
    expect(sent).toBe(false);

    clock.advance(31);
    await expect(enrolDevice(tmp(), code, direct(registry, ca))).rejects.toMatchObject({ code: 'ENROLMENT_REFUSED' });
    expect(await registry.list()).toHaveLength(0);
  });

  it('finds a device by its serial as TLS prints it (leading zeros dropped, upper case) through the serial index', async () => {
    const { db, registry } = await hall();
    const serial = `00${'ab'.repeat(15)}`;
    db.prepare(`INSERT INTO devices (id, role, counters, name, serial, not_after, enrolled_at) VALUES ('workstation-0000aaaa', 'workstation', '[3]', 'w', ?, ?, 0)`)
      .run(serial, Date.parse('2030-01-01'));
    expect((await registry.bySerial(serial.replace(/^0+/, '').toUpperCase()))?.id).toBe('workstation-0000aaaa');
    expect((await registry.bySerial(serial))?.id).toBe('workstation-0000aaaa');
    expect(await registry.bySerial('ab'.repeat(15))).not.toBeNull();
    expect(await registry.bySerial('ab'.repeat(14))).toBeNull();
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM devices WHERE serial IN (?, ?)`).all('a', 'b') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX/);
  });

  it('refuses role/counter combinations that make no sense', async () => {
    const { registry } = await hall();
    await expect(registry.createCode({ role: 'workstation', counters: [], name: 'x' })).rejects.toThrow(/至少一个窗口/);
    await expect(registry.createCode({ role: 'display', counters: [2], name: 'x' })).rejects.toThrow(/不能指定窗口号/);
  });

  it('over TLS: the hub proves itself with a CA-issued certificate, the device with its own; a revoked device is refused at once', async () => {
    const { ca, registry } = await hall();
    const server = await ca.issueServer({ dns: ['localhost'], ips: ['127.0.0.1'] });
    const cred = await enrolDevice(tmp(), (await registry.createCode({ role: 'workstation', counters: [5], name: '5号' })).code, direct(registry, ca));

    const srv = https.createServer({ key: server.keyPem, cert: server.certPem, ca: [ca.certPem], requestCert: true, rejectUnauthorized: false }, async (req, res) => {
      const sock = req.socket as TLSSocket;
      const peer = sock.getPeerCertificate();
      const dev = sock.authorized ? await registry.bySerial(peer.serialNumber) : null;
      const claims = dev ? claimsFromSubjectAltName(peer.subjectaltname) : null;
      res.writeHead(dev && claims?.deviceId === dev.id ? 200 : 401).end(JSON.stringify(claims));
    });
    servers.push(srv);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    const get = (opts: https.RequestOptions) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        https.get({ host: '127.0.0.1', port, path: '/', ca: ca.certPem, ...opts }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        }).on('error', reject);
      });

    const ok = await get({ key: cred.keyPem, cert: cred.certPem });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual(cred.claims);
    expect((await get({})).status).toBe(401); // anonymous
    // A certificate from another CA: TLS accepts the connection (so it can be told why), the hub does not.
    const other = await (await HallCa.openOrCreate(join(tmp(), 'trust'), '别处')).issueServer({ dns: ['x'], ips: [] });
    expect((await get({ key: other.keyPem, cert: other.certPem })).status).toBe(401);
    // The device's client, pinned to the hall CA, refuses a hub with a certificate from elsewhere.
    await expect(get({ ca: (await HallCa.openOrCreate(join(tmp(), 'trust'), '别处2')).certPem, key: cred.keyPem, cert: cred.certPem })).rejects.toThrow();

    await registry.revoke(cred.claims.deviceId, '设备丢失');
    expect((await get({ key: cred.keyPem, cert: cred.certPem, agent: false })).status).toBe(401);
  });
});
