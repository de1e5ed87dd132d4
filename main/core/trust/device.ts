/**
 * This machine's credential in the hall: its own key pair (made here, never sent anywhere), the
 * certificate the hub issued for it (naming its role and counters) and the pinned hall CA. Kept in
 * the data directory's `device/` folder, 0700 and its files 0600.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeskError } from '../../../common/errors';
import { claimsFromSubjectAltName, type DeviceClaims, type DeviceRole } from './claims';
import { caCheckInCode, caCheckOf, normaliseCode } from './codes';
import { EC_ALG, fingerprintOf, newKeyPair, privateKeyPem, subtle, x509 } from './x509';
import { X509Certificate } from 'node:crypto';

export interface DeviceCredential {
  keyPem: string;
  certPem: string;
  caPem: string;
  claims: DeviceClaims;
}

/** How a device reaches a hub it does not trust yet: fetch the CA, then enrol over TLS pinned to it. */
export interface EnrolTransport {
  fetchCa(): Promise<string>;
  enrol(caPem: string, body: { code: string; csr: string; role?: DeviceRole }): Promise<{ certPem: string; caPem: string }>;
}

const files = (dataDir: string) => {
  const dir = join(dataDir, 'device');
  return { dir, key: join(dir, 'device.key'), cert: join(dir, 'device.crt'), ca: join(dir, 'hall-ca.crt') };
};

export function claimsOfCert(certPem: string): DeviceClaims | null {
  return claimsFromSubjectAltName(new X509Certificate(certPem).subjectAltName);
}

export function loadCredential(dataDir: string): DeviceCredential | null {
  const f = files(dataDir);
  if (!existsSync(f.cert) || !existsSync(f.key) || !existsSync(f.ca)) return null;
  const certPem = readFileSync(f.cert, 'utf8');
  const claims = claimsOfCert(certPem);
  if (!claims) throw new DeskError('DEVICE_CREDENTIAL_INVALID', `本机的设备证书无法识别（${f.cert}），请由管理员重新登记本机。`);
  return { keyPem: readFileSync(f.key, 'utf8'), certPem, caPem: readFileSync(f.ca, 'utf8'), claims };
}

/**
 * Enrols this machine with a one-time code: checks that the hub's CA matches the code BEFORE the
 * code is sent, makes the key pair, sends only the certificate request, checks the answer (issued
 * by that CA, for this key) and stores key, certificate and CA atomically.
 */
export async function enrolDevice(dataDir: string, codeInput: string, transport: EnrolTransport, expect?: { role: DeviceRole }): Promise<DeviceCredential> {
  const code = normaliseCode(codeInput);
  if (!code) throw new DeskError('INVALID_INPUT', '登记码应为 16 位字母数字（如 K7PQ-M2XD-5F3A-9C1E），请核对后重新输入。');
  const caPem = await transport.fetchCa();
  if (caCheckOf(fingerprintOf(caPem)) !== caCheckInCode(code)) {
    throw new DeskError('HUB_NOT_TRUSTED', '所连接的大厅服务与登记码不符：可能连错了地址，或网络中有人冒充大厅服务。请核对大厅服务地址后重试。');
  }
  const keys = await newKeyPair();
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=windowdesk-device', keys: keys as never, signingAlgorithm: EC_ALG });
  // `role`: the hub refuses (and keeps the code unused) a code made for another kind of device.
  const answer = await transport.enrol(caPem, { code, csr: csr.toString('pem'), ...(expect ? { role: expect.role } : {}) });
  const cert = new x509.X509Certificate(answer.certPem);
  const ca = new x509.X509Certificate(caPem);
  const spki = Buffer.from(await subtle.exportKey('spki', keys.publicKey as never));
  if (!(await cert.verify({ publicKey: ca.publicKey, signatureOnly: true })) || !Buffer.from(cert.publicKey.rawData).equals(spki)) {
    throw new DeskError('HUB_NOT_TRUSTED', '大厅服务返回的设备证书不是为本机签发的，已拒绝保存。请联系管理员。');
  }
  const claims = claimsOfCert(answer.certPem);
  if (!claims) throw new DeskError('HUB_NOT_TRUSTED', '大厅服务返回的设备证书缺少设备信息，已拒绝保存。');
  const f = files(dataDir);
  mkdirSync(f.dir, { recursive: true, mode: 0o700 });
  chmodSync(f.dir, 0o700);
  const write = (file: string, text: string) => {
    writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };
  // The certificate last: a half-written set is not a credential (loadCredential needs all three).
  write(f.key, await privateKeyPem(keys.privateKey));
  write(f.ca, caPem);
  write(f.cert, answer.certPem);
  return { keyPem: readFileSync(f.key, 'utf8'), certPem: answer.certPem, caPem, claims };
}
