/**
 * Where the hub keeps the hall's reference publications: one append-only list (catalog versions
 * and calendars) in the hub's database — hub.sqlite, or PostgreSQL beside the queue (pg-store.ts),
 * so every hub process of a district answers the same. `seq` orders them; a pull cursor is
 * `<epoch>:<seq>`, the epoch naming this database (a cursor from another answers "start over").
 */
import type Database from 'better-sqlite3';

export type ReferenceKind = 'catalog' | 'calendar';

export interface StoredPublication {
  seq: number;
  kind: ReferenceKind;
  version: string;
  /** The JSON as published. */
  body: string;
  sha256: string;
  publishedAt: number;
  publishedBy: string;
}

export type NewPublication = Omit<StoredPublication, 'seq'>;

/** What a publication meets, read inside its transaction: the same catalog version, the kind's latest. */
export interface PublishState {
  sameVersion: StoredPublication | null;
  latest: StoredPublication | null;
}

/** `insert`, or the publication that already says the same (nothing is written). */
export type PublishDecision = { insert: true } | { insert: false; existing: StoredPublication };

export interface ReferenceStore {
  epoch(): Promise<string>;
  /**
   * One transaction, serialised with every other publication (so `seq` commits in order and a
   * cursor never passes a publication committed a moment later): reads the state, lets `decide`
   * refuse (throw) or skip, then appends.
   */
  publish(p: NewPublication, decide: (s: PublishState) => PublishDecision): Promise<{ publication: StoredPublication; inserted: boolean }>;
  after(seq: number, limit: number): Promise<StoredPublication[]>;
  latest(kind: ReferenceKind): Promise<StoredPublication | null>;
  list(): Promise<Array<Omit<StoredPublication, 'body'>>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

export function toPublication(r: Row): StoredPublication {
  return { seq: Number(r.seq), kind: r.kind, version: r.version, body: r.body, sha256: r.sha256, publishedAt: Number(r.published_at), publishedBy: r.published_by };
}

export class SqliteReferenceStore implements ReferenceStore {
  constructor(private readonly db: Database.Database) {}

  async epoch(): Promise<string> {
    return (this.db.prepare(`SELECT value FROM reference_meta WHERE key = 'epoch'`).get() as Row).value;
  }

  async publish(p: NewPublication, decide: (s: PublishState) => PublishDecision) {
    return this.db.transaction(() => {
      const sameVersion = p.kind === 'catalog' ? this.db.prepare(`SELECT * FROM reference_publications WHERE kind = 'catalog' AND version = ?`).get(p.version) as Row | undefined : undefined;
      const latest = this.db.prepare('SELECT * FROM reference_publications WHERE kind = ? ORDER BY seq DESC LIMIT 1').get(p.kind) as Row | undefined;
      const d = decide({ sameVersion: sameVersion ? toPublication(sameVersion) : null, latest: latest ? toPublication(latest) : null });
      if (!d.insert) return { publication: d.existing, inserted: false };
      const seq = Number(this.db.prepare(`INSERT INTO reference_publications (kind, version, body, sha256, published_at, published_by) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(p.kind, p.version, p.body, p.sha256, p.publishedAt, p.publishedBy).lastInsertRowid);
      return { publication: { ...p, seq }, inserted: true };
    }).immediate();
  }

  async after(seq: number, limit: number): Promise<StoredPublication[]> {
    return (this.db.prepare('SELECT * FROM reference_publications WHERE seq > ? ORDER BY seq LIMIT ?').all(seq, limit) as Row[]).map(toPublication);
  }

  async latest(kind: ReferenceKind): Promise<StoredPublication | null> {
    const r = this.db.prepare('SELECT * FROM reference_publications WHERE kind = ? ORDER BY seq DESC LIMIT 1').get(kind) as Row | undefined;
    return r ? toPublication(r) : null;
  }

  async list() {
    return (this.db.prepare('SELECT seq, kind, version, sha256, published_at, published_by FROM reference_publications ORDER BY seq').all() as Row[])
      .map((r) => { const { body: _b, ...rest } = toPublication({ ...r, body: '' }); return rest; });
  }
}
