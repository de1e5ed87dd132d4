/**
 * The hall CA of a PostgreSQL hub: one for every host on the database (`hall_ca`, step 26), so a
 * device enrolled through any host is accepted by all and every host's TLS certificate chains to the
 * CA devices pinned. The first start inserts a CA (`ON CONFLICT DO NOTHING`) and every process reads
 * back the one that won. A host that already has a CA in `<data>/trust/` (a single-host PostgreSQL
 * hub from before, or a hall's former SQLite hub) offers that one, so its enrolled devices keep
 * working; a host whose own CA differs from the hall's refuses to start rather than split the hall.
 * The database's copy is the one used; the local files are left as they are (a backup of the old CA).
 * Its private key is stored sealed under the hall trust key, which the database never holds
 * (trust-key.ts): every host needs the same key, and one without it, or with another, refuses to start.
 */
import { DeskError } from '../../../common/errors';
import { fingerprintOf } from '../../core/trust/x509';
import type { PgDb } from '../store/pg/db';
import { randomBytes } from 'node:crypto';
import { HallCa } from './ca';
import { hallTrustKey, openCaKey, sealCaKey, trustKeyMissing } from './trust-key';

/** `localDir`: this host's `<data>/trust` (null for an in-memory hub, which has none). */
export async function sharedHallCa(db: PgDb, localDir: string | null, hallName: string, now: () => number = Date.now): Promise<HallCa> {
  const local = localDir ? HallCa.readFiles(localDir) : null;
  let row = await db.q.one('SELECT cert_pem, key_pem, fingerprint FROM hall_ca WHERE id = 1');
  // An in-memory hub (tests, demos) without the environment's key keeps one for its own life.
  let key = hallTrustKey(localDir, !row) ?? (localDir ? null : (memoryKey ??= randomBytes(32)));
  if (!row) {
    const offer = local ?? (await HallCa.generate(hallName));
    await db.q.run('INSERT INTO hall_ca (id, cert_pem, key_pem, fingerprint, created_at) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      [offer.certPem, sealCaKey(key!, offer.keyPem), fingerprintOf(offer.certPem), Date.now()]);
    row = await db.q.one('SELECT cert_pem, key_pem, fingerprint FROM hall_ca WHERE id = 1');
  }
  if (!row) throw new DeskError('CA_UNAVAILABLE', '无法从 PostgreSQL 数据库读取大厅证书颁发机构。 Could not read the hall CA from the PostgreSQL database.');
  if (local && fingerprintOf(local.certPem) !== row.fingerprint) throw caMismatch(localDir!, fingerprintOf(local.certPem), row.fingerprint as string);
  key ??= hallTrustKey(localDir, false);
  if (!key) throw trustKeyMissing(localDir);
  return HallCa.fromPem(row.cert_pem as string, openCaKey(key, row.key_pem as string), now);
}

let memoryKey: Buffer | null = null;

export function caMismatch(dir: string, local: string, shared: string): DeskError {
  return new DeskError('CA_MISMATCH', [
    `本机的大厅证书颁发机构（${dir}，指纹 ${local}）与共享数据库中的（指纹 ${shared}）不同：`,
    '同一数据库上的各台大厅服务必须使用同一个证书颁发机构，否则在一台登记的设备会被另一台拒绝。',
    '请确认 --db 指向本大厅的数据库；若本机的证书颁发机构已不再使用，将该目录移走后重新启动（本机将采用数据库中的）。',
    `The hall CA of this host (${dir}, fingerprint ${local}) differs from the one in the shared database (fingerprint ${shared}):`,
    'every hub on one database must present the same CA. Check --db; if this host\'s CA is no longer used, move that directory away and start again.',
  ].join('\n'));
}
