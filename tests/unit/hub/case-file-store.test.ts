/**
 * The hub's case-file store (SQLite; the PostgreSQL twin runs the same paths in
 * tests/integration/hub/case-files.test.ts under the hub-pg project): one blob per digest, an
 * attachment's first receipt kept, and a case's files dropped without touching a blob another
 * case names.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/connection';
import { SqliteCaseFileStore, type NewCaseFile } from '../../../main/hub/files/store';
import { hubMigrations } from '../../../main/hub/store/migrations';

const file = (caseId: string, attachmentId: string, bytes: Buffer, receivedAt = 1): NewCaseFile => ({
  caseId, attachmentId, materialId: 'm1', sha256: createHash('sha256').update(bytes).digest('hex'), mime: 'application/pdf', bytes, workstation: 'ws-a', deviceId: 'workstation-aaaaaaaa', receivedAt,
});

describe('hub case-file store (SQLite)', () => {
  it('keeps one blob per digest and an attachment’s first receipt; dropping a case keeps a blob another case names', async () => {
    const db = openDatabase({ dataDir: ':memory:', migrations: hubMigrations });
    const store = new SqliteCaseFileStore(db);
    const shared = Buffer.from('%PDF-1.4 the same form');
    const own = Buffer.from('%PDF-1.4 only case A');
    const first = await store.put(file('A', 'a1', shared, 10));
    expect(first).toEqual({ link: { sha256: file('A', 'a1', shared).sha256, size: shared.length, receivedAt: 10 }, first: true });
    // A repeat later: the first receipt, nothing written.
    expect(await store.put(file('A', 'a1', shared, 99))).toEqual({ ...first, first: false });
    await store.put(file('A', 'a2', own));
    await store.put(file('B', 'b1', shared));
    const count = () => db.prepare('SELECT (SELECT COUNT(*) FROM case_files) AS links, (SELECT COUNT(*) FROM case_file_blobs) AS blobs').get();
    expect(count()).toEqual({ links: 3, blobs: 2 });
    expect(await store.dropCase('A')).toEqual({ links: 2, blobs: 1 });
    expect(count()).toEqual({ links: 1, blobs: 1 });
    expect(await store.get('A', file('A', 'a1', shared).sha256)).toBeNull();
    expect((await store.get('B', file('B', 'b1', shared).sha256))!.bytes.equals(shared)).toBe(true);
    expect(await store.dropCase('A')).toEqual({ links: 0, blobs: 0 });
  });
});
