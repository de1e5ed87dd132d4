/**
 * The hall's certificate authority, made at the hub's first start: it signs the hub's own TLS
 * certificate and one certificate per enrolled device (workstation, kiosk, hall TV). Its private
 * key never leaves the hub's data directory (mode 0600); devices pin its certificate.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DeskError } from '../../../common/errors';
import { claimsUri, type DeviceClaims } from '../../core/trust/claims';
import { EC_ALG, type Key, fingerprintOf, importPrivateKey, newKeyPair, privateKeyPem, randomSerial, x509 } from '../../core/trust/x509';

const DAY = 24 * 3600_000;

export interface IssuedCert {
  certPem: string;
  serial: string;
  notAfter: number;
}

export class HallCa {
  private constructor(
    readonly certPem: string,
    private readonly cert: x509.X509Certificate,
    private readonly key: Key,
    private readonly now: () => number,
  ) {}

  /** SHA-256 of the CA certificate (hex): what a device checks against its enrolment code. */
  get fingerprint(): string {
    return fingerprintOf(this.certPem);
  }

  /** Opens the CA kept in `dir` (ca.crt, ca.key), making it on first start. */
  static async openOrCreate(dir: string, hallName: string, now: () => number = Date.now): Promise<HallCa> {
    const have = HallCa.readFiles(dir);
    if (have) return HallCa.fromPem(have.certPem, have.keyPem, now);
    mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
    const made = await HallCa.generate(hallName, now);
    // Made whole beside `dir`, then renamed into place: two hubs starting at once on a fresh data
    // directory end up with one CA (the loser of the rename opens the winner's), never a mix.
    const fresh = mkdtempSync(join(dirname(dir), '.trust-new-'));
    chmodSync(fresh, 0o700);
    writeFileSync(join(fresh, 'ca.key'), made.keyPem, { mode: 0o600 });
    writeFileSync(join(fresh, 'ca.crt'), made.certPem, { mode: 0o644 });
    try {
      renameSync(fresh, dir);
    } catch (e) {
      rmSync(fresh, { recursive: true, force: true });
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') return HallCa.openOrCreate(dir, hallName, now);
      throw e;
    }
    return HallCa.fromPem(made.certPem, made.keyPem, now);
  }

  /** The CA kept in `dir`, if there is one (null when neither file exists; refused when only one does). */
  static readFiles(dir: string): { certPem: string; keyPem: string } | null {
    const certFile = join(dir, 'ca.crt');
    const keyFile = join(dir, 'ca.key');
    if (existsSync(certFile) && existsSync(keyFile)) return { certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') };
    if (existsSync(certFile) !== existsSync(keyFile)) {
      throw new DeskError('CA_INCOMPLETE', `大厅证书颁发机构的文件不完整（${dir} 中只有 ca.crt 或 ca.key 之一），请从备份恢复，不要删除后重建：重建会使所有已登记设备失效。`);
    }
    return null;
  }

  static async fromPem(certPem: string, keyPem: string, now: () => number = Date.now): Promise<HallCa> {
    return new HallCa(certPem, new x509.X509Certificate(certPem), await importPrivateKey(keyPem), now);
  }

  /** A new self-signed hall CA (20 years), as PEM: kept by the caller (files, or the shared database). */
  static async generate(hallName: string, now: () => number = Date.now): Promise<{ certPem: string; keyPem: string }> {
    const keys = await newKeyPair();
    const start = new Date(now() - 60_000);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: randomSerial(),
      name: [{ CN: [`${hallName} 设备证书颁发机构`] }, { O: ['WindowDesk'] }],
      notBefore: start,
      notAfter: new Date(start.getTime() + 20 * 365 * DAY),
      keys,
      signingAlgorithm: EC_ALG,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    return { certPem: cert.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
  }

  /** The hub's TLS certificate for the names and addresses it is reached by on the LAN. */
  async issueServer(hosts: { dns: string[]; ips: string[] }, days = 397): Promise<IssuedCert & { keyPem: string }> {
    const keys = await newKeyPair();
    const names = [...hosts.dns.map((value) => ({ type: 'dns' as const, value })), ...hosts.ips.map((value) => ({ type: 'ip' as const, value }))];
    const issued = await this.sign(keys.publicKey, [{ CN: [hosts.dns[0] ?? hosts.ips[0] ?? 'hub'] }, { OU: ['hub'] }], days, [
      new x509.SubjectAlternativeNameExtension(names),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ]);
    return { ...issued, keyPem: await privateKeyPem(keys.privateKey) };
  }

  /**
   * A device's certificate from its certificate request: the request must be signed by the key it
   * carries (the device holds the private key; the hub never sees it). Role and counters come from
   * the enrolment code the administrator made, never from the request.
   */
  async issueDevice(csrPem: string, claims: DeviceClaims, days = 730): Promise<IssuedCert> {
    let csr: x509.Pkcs10CertificateRequest;
    try {
      csr = new x509.Pkcs10CertificateRequest(csrPem);
    } catch {
      throw new DeskError('INVALID_INPUT', '证书请求格式不正确，请在设备上重新生成后再登记。');
    }
    if (!(await csr.verify())) throw new DeskError('INVALID_INPUT', '证书请求的签名不正确，请在设备上重新生成后再登记。');
    const alg = csr.publicKey.algorithm as { name: string; namedCurve?: string };
    if (alg.name !== 'ECDSA' || alg.namedCurve !== 'P-256') throw new DeskError('INVALID_INPUT', '设备密钥须为 ECDSA P-256。');
    return this.sign(await csr.publicKey.export(), [{ CN: [claims.deviceId] }, { OU: [claims.role] }], days, [
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: claimsUri(claims) }]),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.BasicConstraintsExtension(false, undefined, true),
    ]);
  }

  private async sign(publicKey: Key, subject: x509.JsonName, days: number, extensions: x509.Extension[]): Promise<IssuedCert> {
    const serial = randomSerial();
    const start = new Date(this.now() - 60_000);
    const notAfter = new Date(start.getTime() + days * DAY);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial,
      subject,
      issuer: this.cert.subject,
      notBefore: start,
      notAfter,
      publicKey,
      signingKey: this.key,
      signingAlgorithm: EC_ALG,
      extensions: [...extensions, await x509.AuthorityKeyIdentifierExtension.create(this.cert)],
    });
    return { certPem: cert.toString('pem'), serial, notAfter: notAfter.getTime() };
  }
}
