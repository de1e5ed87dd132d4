import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/connection';
import { appliedMigrations } from '../../../main/db/migrate';
import { workstationMigrations } from '../../../main/db/migrations';
import { plant, releases, rowsOf, schemaOf, userTables } from '../../fixtures/schemas/released';
import { tempDir } from '../../fixtures/workstation';

describe('upgrading a workstation database written by each released schema', () => {
  it('has at least one released schema to upgrade from', () => expect(releases().length).toBeGreaterThan(0));

  it.each(releases())('%s: opens, migrates to the latest, keeps every row, and ends with the schema of a new database', (release) => {
    const dir = tempDir();
    const file = path.join(dir, 'windowdesk.sqlite');
    plant(release, 'workstation', file);
    const old = new Database(file, { readonly: true });
    const tables = userTables(old);
    const rows = rowsOf(old, tables);
    const columns = Object.fromEntries(tables.map((t) => [t, (old.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => c.name)]));
    old.close();
    expect(Object.values(rows).every((r) => r.length > 0)).toBe(true);

    const db = openDatabase({ dataDir: dir, migrations: workstationMigrations });
    expect(appliedMigrations(db)).toEqual(workstationMigrations.map((m) => m.name));
    // Every old row keeps every old column's value (on the old columns: later migrations may add some).
    // Except the cached bookings' plain ID numbers, which 0017 replaced by their masked form (the hub keeps no plain number).
    const dropped = (t: string, c: string) => t === 'queue_appointments' && c === 'id_number';
    const kept = Object.fromEntries(Object.entries(columns).map(([t, cols]) => [t, db.prepare(`SELECT ${cols.filter((c) => !dropped(t, c)).map((c) => `"${c}"`).join(', ')} FROM "${t}"`).raw().all()]));
    const keptRows = Object.fromEntries(Object.entries(rows).map(([t, rs]) => [t, (rs as unknown[][]).map((r) => r.filter((_v, i) => !dropped(t, columns[t][i])))]));
    expect(kept).toEqual(keptRows);
    const fresh = openDatabase({ dataDir: tempDir(), migrations: workstationMigrations });
    expect(schemaOf(db)).toEqual(schemaOf(fresh));
    db.close();
    fresh.close();

    // and the next start finds nothing to do
    const again = openDatabase({ dataDir: dir, migrations: workstationMigrations });
    expect(appliedMigrations(again)).toEqual(workstationMigrations.map((m) => m.name));
    again.close();
  });
});
