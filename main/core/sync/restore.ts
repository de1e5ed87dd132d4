/**
 * Cases back from the hub: a workstation rebuilt after a disk failure takes back its open cases,
 * and a counter handing out a result (一口发证) takes over a case another counter accepted. The
 * case, its materials and its trail are written in ONE transaction, and the case's outbox lane
 * continues after the hub's last step, so the next step this counter takes is the hub's next one.
 * The case's attachments come from its trail; their files are fetched from the hub afterwards,
 * outside this transaction (case-file-fetch.ts): each waits in `case_file_fetches` until then.
 * Its signatures are rebuilt from the trail too (restore-signatures.ts), their images fetched like files.
 */
import type { Database } from 'better-sqlite3';
import type { HallCaseFull } from '../../hub/cases/protocol';
import { caseLane } from './case-journal';
import { awaitCaseFiles } from './case-file-fetch';
import { restoreSignatures } from './restore-signatures';
import type { Outbox } from './outbox';

const columnsOf = (db: Database, table: string) => new Set((db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name));

function insertRow(db: Database, table: string, cols: Set<string>, row: Record<string, unknown>, conflict: string): number {
  const keys = Object.keys(row).filter((k) => cols.has(k));
  const values = keys.map((k) => {
    const v = row[k];
    return v !== null && typeof v === 'object' ? JSON.stringify(v) : (v as string | number | null);
  });
  return db.prepare(`INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')}) ${conflict}`).run(...values).changes;
}

/**
 * Writes `full` into the local database unless the case is already here and as far along.
 * Returns 'taken' (new here), 'updated' (here, but the hub was further: brought up to the hub's
 * state) or 'current'.
 */
export function importCase(db: Database, outbox: Outbox, full: HallCaseFull, note?: (message: string) => void): 'taken' | 'updated' | 'current' {
  const caseCols = columnsOf(db, 'cases');
  const materialCols = columnsOf(db, 'case_materials');
  return db.transaction(() => {
    const lane = caseLane(full.case.id);
    const here = db.prepare('SELECT last_seq FROM sync_aggregates WHERE aggregate = ?').get(lane) as { last_seq: number } | undefined;
    const exists = db.prepare('SELECT 1 FROM cases WHERE id = ?').get(full.case.id);
    if (exists && here && here.last_seq >= full.case.lastSeq) return 'current';
    const row: Record<string, unknown> = { ...full.snapshot.row, id: full.case.id };
    if (exists) {
      const keys = Object.keys(row).filter((k) => caseCols.has(k) && k !== 'id');
      db.prepare(`UPDATE cases SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`)
        .run(Object.fromEntries([...keys, 'id'].map((k) => [k, row[k] !== null && typeof row[k] === 'object' ? JSON.stringify(row[k]) : row[k]])));
    } else {
      insertRow(db, 'cases', caseCols, row, '');
    }
    for (const m of full.snapshot.materials) insertRow(db, 'case_materials', materialCols, m, 'ON CONFLICT (case_id, material_id) DO NOTHING');
    const ev = db.prepare(`INSERT INTO case_events (id, case_id, type, from_state, to_state, actor_staff_id, counter_id, at, payload, time_source)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`);
    const have = (db.prepare('SELECT COUNT(*) AS n FROM case_events WHERE case_id = ?').get(full.case.id) as { n: number }).n;
    // The hub's steps this machine lacks, in hub order; ids name the hub sequence they came from.
    for (const s of full.steps.slice(have)) ev.run(`hub-${s.hubSeq}`, full.case.id, s.type, s.from, s.to, s.staffId, s.counterId, s.at, JSON.stringify(s.payload), s.timeSource);
    awaitCaseFiles(db, full.case.id, full.steps, Date.now(), full.case.state !== 'archived');
    const sigs = restoreSignatures(db, full.case.id, full.steps, Date.now(), full.case.state !== 'archived');
    if (sigs.unrestorable) {
      note?.(`办件 ${full.case.caseNumber ?? full.case.id} 有 ${sigs.unrestorable} 个签名记录早于签名随办理记录上传的版本，只能在办理记录中看到，签名图像及其绑定无法恢复。`);
    }
    outbox.continueAfter(lane, full.case.lastSeq);
    // A restored number is taken: this machine's next number of that day comes after it.
    const n = /^SH-([A-Z0-9]+)-(\d{4})(\d{2})(\d{2})-(\d+)$/.exec(full.case.caseNumber ?? '');
    if (n) {
      db.prepare(`INSERT INTO case_number_seq (hall_code, day, seq) VALUES (?, ?, ?) ON CONFLICT (hall_code, day) DO UPDATE SET seq = MAX(seq, excluded.seq)`)
        .run(n[1], `${n[2]}-${n[3]}-${n[4]}`, Number(n[5]));
    }
    return exists ? 'updated' : 'taken';
  })();
}
