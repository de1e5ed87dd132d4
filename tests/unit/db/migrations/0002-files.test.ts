import { describe, expect, it } from 'vitest';
import { workstationMigrations } from '../../../../main/db/migrations';
import { step } from '../helpers';

describe('workstation migration 0002 files', () => {
  it('creates the file index with its kind/date index; id is the key and size, hash and path are required', () => {
    const { db, added } = step(workstationMigrations, 'files');
    expect(added).toEqual(['files', 'files_kind']);
    const cols = (db.prepare('PRAGMA table_info(files)').all() as { name: string; notnull: number; pk: number }[]).map((c) => `${c.name}${c.pk ? '*' : ''}${c.notnull ? '!' : ''}`);
    expect(cols).toEqual(['id*', 'kind!', 'mime!', 'size!', 'sha256!', 'path!', 'source', 'width', 'height', 'created_at!']);
    const ins = db.prepare("INSERT INTO files (id, kind, mime, size, sha256, path, created_at) VALUES ('f1', 'photo', 'image/jpeg', 1, 'h', 'p', 't')");
    ins.run();
    expect(() => ins.run()).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => db.prepare("INSERT INTO files (id, kind, mime, sha256, path, created_at) VALUES ('f2', 'photo', 'image/jpeg', 'h', 'p', 't')").run()).toThrow(/NOT NULL/);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM files WHERE kind = 'photo' ORDER BY created_at").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/files_kind/);
  });
});
