// Data at rest: what SQLCipher encryption costs. Opening the workstation database (quick_check,
// schema check, WAL, as every start does) and a read-heavy query, encrypted vs the same data in
// plain SQLite, both measured here in the same run; a commit with synchronous FULL (what a ticket
// issue pays) against NORMAL; and unlocking the key ring with a PIN.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../main/db/connection';
import { KeyRing } from '../../main/db/keys/keyring';
import { unlockKeyRing } from '../../main/db/keys/keystore';
import { workstationMigrations } from '../../main/db/migrations';
import { hubMigrations } from '../../main/hub/store/migrations';
import { percentile, round } from './stats';
import type { BenchFigure, BenchSuite } from './types';

const ROWS = 20_000;
const OPENS = 30;

function seed(dir: string, key?: Buffer): void {
  const db = openDatabase({ dataDir: dir, migrations: workstationMigrations, key });
  const ins = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) ins.run(`k${i}`, JSON.stringify({ name: `申请人${i}`, id: `31010119900101${String(i).padStart(4, '0')}` }));
  })();
  db.close();
}

function measure(dir: string, key?: Buffer): { open: number; scan: number } {
  const opens: number[] = [];
  const scans: number[] = [];
  for (let i = 0; i < OPENS; i++) {
    let t = performance.now();
    const db = openDatabase({ dataDir: dir, migrations: workstationMigrations, key });
    opens.push(performance.now() - t);
    t = performance.now();
    db.prepare(`SELECT count(*) FROM settings WHERE value LIKE '%9999%'`).pluck().get();
    scans.push(performance.now() - t);
    db.close();
  }
  return { open: percentile(opens, 50), scan: percentile(scans, 50) };
}

const suite: BenchSuite = {
  name: 'data at rest (SQLCipher)',
  async run(): Promise<BenchFigure[]> {
    const plainDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-bench-plain-'));
    const encDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-bench-enc-'));
    const key = KeyRing.generate().databaseKey('workstation');
    try {
      seed(plainDir);
      seed(encDir, key);
      measure(plainDir);
      measure(encDir, key); // warm both (page cache, JIT) before the measured rounds
      const plain = measure(plainDir);
      const enc = measure(encDir, key);
      const pinDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-bench-pin-'));
      await unlockKeyRing(pinDir, { demo: false, pin: async () => '135790' });
      const t = performance.now();
      await unlockKeyRing(pinDir, { demo: false, pin: async () => '135790' });
      const unlock = performance.now() - t;
      fs.rmSync(pinDir, { recursive: true, force: true });
      const commit = (sync: 'NORMAL' | 'FULL') => {
        const d = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-bench-sync-'));
        const db = openDatabase({ dataDir: d, migrations: workstationMigrations, key, synchronous: sync });
        const ins = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
        const t0 = performance.now();
        for (let i = 0; i < 100; i++) ins.run(`c${i}`, 'x');
        const ms = (performance.now() - t0) / 100;
        db.close();
        fs.rmSync(d, { recursive: true, force: true });
        return ms;
      };
      const normal = commit('NORMAL');
      const full = commit('FULL');
      // The hub's database (its own schema, file hub.sqlite), opened the same way at each hub start.
      const hubKey = KeyRing.generate().databaseKey('hub');
      const hubOpen = (dir: string, k?: Buffer) => {
        const times: number[] = [];
        for (let i = 0; i < OPENS; i++) {
          const t0 = performance.now();
          openDatabase({ dataDir: dir, fileName: 'hub.sqlite', migrations: hubMigrations, key: k }).close();
          times.push(performance.now() - t0);
        }
        return percentile(times, 50);
      };
      const hubPlainDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-bench-hub-plain-'));
      const hubEncDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-bench-hub-enc-'));
      hubOpen(hubPlainDir);
      hubOpen(hubEncDir, hubKey);
      const hubPlain = hubOpen(hubPlainDir);
      const hubEnc = hubOpen(hubEncDir, hubKey);
      fs.rmSync(hubPlainDir, { recursive: true, force: true });
      fs.rmSync(hubEncDir, { recursive: true, force: true });
      const size = (d: string) => fs.statSync(path.join(d, 'windowdesk.sqlite')).size / 1024 / 1024;
      return [
        { name: `open workstation db, encrypted (${ROWS} rows, median of ${OPENS})`, value: round(enc.open), unit: 'ms', baseline: { name: 'plain SQLite', value: round(plain.open) } },
        { name: `open hub db, encrypted (median of ${OPENS})`, value: round(hubEnc), unit: 'ms', baseline: { name: 'plain SQLite', value: round(hubPlain) } },
        { name: 'full scan query, encrypted (median)', value: round(enc.scan), unit: 'ms', baseline: { name: 'plain SQLite', value: round(plain.scan) } },
        { name: 'database file size, encrypted', value: round(size(encDir), 2), unit: 'MiB', baseline: { name: 'plain SQLite', value: round(size(plainDir), 2) } },
        { name: 'one commit, encrypted, synchronous FULL (ticket issue)', value: round(full), unit: 'ms', baseline: { name: 'synchronous NORMAL', value: round(normal) } },
        { name: 'unlock key ring with operator PIN (scrypt N=2^15)', value: round(unlock, 1), unit: 'ms', note: 'once per start; slows PIN guessing on a stolen keyring.json' },
      ];
    } finally {
      fs.rmSync(plainDir, { recursive: true, force: true });
      fs.rmSync(encDir, { recursive: true, force: true });
    }
  },
};
export default suite;
