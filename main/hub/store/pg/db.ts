/**
 * The PostgreSQL connection of a hub process: one pool, `?` placeholders (the SQL reads like the
 * SQLite store's), and `tx(fn)`: BEGIN … COMMIT on one pooled client, rolled back if `fn` throws.
 * Every PostgreSQL store (queue today, cases next) is a class over one `PgDb`, so adding a store
 * is writing its statements against `Q`, and its tables as a step of `pgHubMigrations`.
 */
import pg from 'pg';
import { DeskError } from '../../../../common/errors';

/** ms-epoch times and sequence numbers are BIGINT: read as JS numbers (they stay below 2^53). */
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser,
};

// Rows are untyped at the driver boundary, as in the SQLite store (rows.ts gives them their types).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PgRow = Record<string, any>;

/** What a statement runs on: the pool (autocommit) or a transaction's client. */
export interface Q {
  all(sql: string, params?: readonly unknown[]): Promise<PgRow[]>;
  one(sql: string, params?: readonly unknown[]): Promise<PgRow | undefined>;
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

/** `?` → `$1, $2, …` (no statement of ours has a `?` inside a literal), cached per SQL text. */
const converted = new Map<string, string>();
function numbered(sql: string): string {
  let out = converted.get(sql);
  if (out === undefined) {
    let i = 0;
    out = sql.replace(/\?/g, () => `$${++i}`);
    converted.set(sql, out);
  }
  return out;
}

function over(c: pg.Pool | pg.PoolClient): Q {
  const exec = (sql: string, params: readonly unknown[] = []) => c.query({ text: numbered(sql), values: params as unknown[] });
  return {
    all: async (sql, params) => (await exec(sql, params)).rows as PgRow[],
    one: async (sql, params) => (await exec(sql, params)).rows[0] as PgRow | undefined,
    run: async (sql, params) => (await exec(sql, params)).rowCount ?? 0,
  };
}

/** Keys of transaction-scoped advisory locks (pg_advisory_xact_lock): one per kind of serialised write. */
export const LOCK = { claim: 1, appointments: 2, migrate: 3 } as const;
/** The lock namespace of WindowDesk's hub (first key of the two-key form), so other users of the database never collide. */
const NAMESPACE = 0x5744; // "WD"
/** The namespace of locks on strings (`PgDb.lockKey`; a store taking several in one statement uses it directly). */
export const PG_KEY_NAMESPACE = NAMESPACE + 1;

export interface PgOptions {
  url: string;
  /** A schema to work in (created if missing): tests give each hub its own in one database. */
  schema?: string;
  max?: number;
  /** The root of the appointment ID match hash (store/identity-key.ts): the same for every hub process of the hall. */
  identityKey?: Buffer;
}

export class PgDb {
  readonly pool: pg.Pool;
  readonly q: Q;
  readonly schema: string | undefined;

  constructor(readonly opts: PgOptions) {
    if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) throw new DeskError('BAD_ARGUMENT', `PostgreSQL 模式名不合法：${opts.schema}`);
    this.schema = opts.schema;
    this.pool = new pg.Pool({
      connectionString: opts.url, max: opts.max ?? 10, types,
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    // A dropped idle connection (the server restarted) must not crash the hub: the pool replaces it.
    this.pool.on('error', () => {});
    this.q = over(this.pool);
  }

  /** Checks the server answers (a clear Chinese error otherwise) and creates the schema if one is named. */
  async connect(): Promise<void> {
    try {
      if (this.schema) {
        // search_path names it already; it may not exist yet on a fresh database.
        const c = await this.pool.connect();
        try {
          // Two processes starting at once both pass IF NOT EXISTS and the second then fails on the
          // catalog's unique name: one advisory lock per schema name makes them take turns.
          await c.query('BEGIN');
          await c.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`windowdesk:schema:${this.schema}`]);
          await c.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
          await c.query('COMMIT');
        } catch (e) {
          await c.query('ROLLBACK').catch(() => {});
          throw e;
        } finally {
          c.release();
        }
      } else {
        await this.pool.query('SELECT 1');
      }
    } catch (e) {
      throw new DeskError('DB_UNREACHABLE', `无法连接 PostgreSQL 数据库（${redactUrl(this.opts.url)}）：${(e as Error).message}`);
    }
  }

  /**
   * One transaction on one client. `lock` takes transaction-scoped advisory locks first (in the
   * order given), released by COMMIT/ROLLBACK — a process killed mid-transaction releases them
   * with its connection.
   */
  async tx<T>(fn: (q: Q) => Promise<T>, lock: readonly number[] = []): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      // One round trip for BEGIN and the locks (simple protocol; the keys are our own integers).
      await client.query(['BEGIN', ...lock.map((k) => `SELECT pg_advisory_xact_lock(${NAMESPACE}, ${Math.trunc(k)})`)].join('; '));
      const out = await fn(over(client));
      await client.query('COMMIT');
      return out;
    } catch (e) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection itself failed: drop it rather than return it to the pool
      }
      throw e;
    } finally {
      client.release(broken);
    }
  }

  /** An advisory lock on a string (an idempotency key, an offline op id), inside a transaction. */
  static lockKey(q: Q, key: string): Promise<unknown> {
    return q.one('SELECT pg_advisory_xact_lock(?::int, hashtext(?))', [PG_KEY_NAMESPACE, key]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** PostgreSQL's unique_violation. */
export const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';
