/**
 * The hall CA's private key on a PostgreSQL hub is stored sealed under the hall trust key, which
 * the database never holds (main/hub/trust/trust-key.ts): the first host makes
 * `<data>/trust/hall-trust.key`; a second host without a copy refuses to start, saying what to
 * copy; with another key it refuses too; with the copy it serves as one hall. Here the
 * environment's key (tests/fixtures/pg.ts) is cleared, so the file path is the one tested.
 */
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../../main/hub/index';
import { PgDb } from '../../../main/hub/store/pg/db';
import { TRUST_KEY_ENV, TRUST_KEY_FILE } from '../../../main/hub/trust/trust-key';
import { PG_SKIP_REASON, PG_URL, pgSchema, pgSpec } from '../../fixtures/pg';
import { raw, startTestHub, tempDir } from '../hub/helpers';

describe.skipIf(!PG_URL)(`the hall trust key on PostgreSQL${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const hubs: RunningHub[] = [];
  const saved = process.env[TRUST_KEY_ENV];
  beforeAll(() => {
    delete process.env[TRUST_KEY_ENV];
  });
  afterAll(async () => {
    process.env[TRUST_KEY_ENV] = saved;
    for (const h of hubs) await h.close();
  });

  it('the first host makes the key; the database holds the CA key sealed; a host without the key, or with another, refuses; with a copy it serves', async () => {
    const schema = pgSchema();
    const db = pgSpec(schema);
    const aDir = tempDir();
    const a = await startTestHub({ db, dataDir: aDir });
    hubs.push(a.hub);
    const keyFile = join(aDir, 'trust', TRUST_KEY_FILE);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    // A dump of the database carries no usable private key.
    const pg = new PgDb({ url: PG_URL, schema });
    await pg.connect();
    try {
      const row = (await pg.q.one('SELECT key_pem FROM hall_ca WHERE id = 1'))!;
      expect(String(row.key_pem)).toMatch(/^wdenc1:/);
      expect(String(row.key_pem)).not.toContain('PRIVATE KEY');
    } finally {
      await pg.close();
    }

    const bDir = tempDir();
    const missing = await startHub({ port: 0, dataDir: bDir, db }).then((h) => (hubs.push(h), null), (e: Error & { code?: string }) => e);
    expect(missing?.code).toBe('TRUST_KEY_MISSING');
    expect(missing?.message).toContain(`trust/${TRUST_KEY_FILE}`);

    const cDir = tempDir();
    mkdirSync(join(cDir, 'trust'), { recursive: true });
    writeFileSync(join(cDir, 'trust', TRUST_KEY_FILE), randomBytes(32).toString('base64'));
    const wrong = await startHub({ port: 0, dataDir: cDir, db }).then((h) => (hubs.push(h), null), (e: Error & { code?: string }) => e);
    expect(wrong?.code).toBe('TRUST_KEY_MISMATCH');

    mkdirSync(join(bDir, 'trust'), { recursive: true });
    copyFileSync(keyFile, join(bDir, 'trust', TRUST_KEY_FILE));
    const b = await startTestHub({ db, dataDir: bDir });
    hubs.push(b.hub);
    expect(b.hub.trust!.ca.fingerprint).toBe(a.hub.trust!.ca.fingerprint);
    expect(readFileSync(join(bDir, 'trust', TRUST_KEY_FILE), 'utf8')).toBe(readFileSync(keyFile, 'utf8'));
    expect((await raw(b.hub.url, 'GET', '/hall')).status).toBe(200);
  });
});
