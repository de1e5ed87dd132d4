/** Shared by the security-*.test.ts files: raw requests with any headers, and a fingerprint of every hub table. */
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TlsCredential } from '../../../main/core/trust/transport';
import { testStaffHeaders, tlsFor } from './helpers';
import type Database from 'better-sqlite3';
import type { RunningHub } from '../../../main/hub/index';
import type { SqliteQueueStore } from '../../../main/hub/store/sqlite';
import { PgQueueStore } from '../../../main/hub/store/pg/queue-store';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: { ok: boolean; value?: unknown; error?: { code: string; message: string } } | null;
}

/**
 * One request exactly as given (no Origin, no content-type unless set), over TLS to a secure hub,
 * presenting the test workstation's credential and supervisor headers unless `as` names another
 * credential, or null for none.
 */
export function send(url: string, method: string, path: string, opts: { body?: string | Buffer; headers?: Record<string, string>; as?: TlsCredential | null; tls?: Record<string, unknown> } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...(opts.as === undefined && url.startsWith('https:') ? testStaffHeaders(url) : {}), ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body);
    const secure = url.startsWith('https:');
    const request = secure ? httpsRequest : httpRequest;
    const req = request(url + path, { method, headers, ...(secure ? { ...tlsFor(url, opts.as), ...opts.tls } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

export const json = (url: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}, as?: TlsCredential | null) =>
  send(url, method, path, { body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers }, as });

/** A count (or any one value) from the hub's queue store, whichever backend it is on. */
export async function scalar(hub: RunningHub, sql: string): Promise<number> {
  const store = hub.hub.store;
  if (store instanceof PgQueueStore) return Number(Object.values((await store.db.q.one(sql))!)[0]);
  return (hub.hub.store as SqliteQueueStore).db.prepare(sql).pluck().get() as number;
}

/**
 * SHA-256 of every row of every table (the node's hub.sqlite, and the PostgreSQL schema when the
 * queue is there): equal before and after means nothing was written. Except the hub's own audit
 * log, whose job is to record each refusal (aggregated per source and minute); that it does is
 * tested in audit.test.ts.
 */
export async function tableHashes(hub: RunningHub): Promise<Record<string, string>> {
  const db: Database.Database = hub.localDb;
  const hash = (rows: unknown) => createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit_log' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
  // A WITHOUT ROWID table (hub 0022 upstream_cursors) has no rowid: its own scan is in key order.
  const rowsOf = (t: string) => {
    try {
      return db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).raw().all();
    } catch {
      return db.prepare(`SELECT * FROM "${t}"`).raw().all();
    }
  };
  const out: Record<string, string> = Object.fromEntries(tables.map((t) => [t, hash(rowsOf(t))]));
  const store = hub.hub.store;
  if (store instanceof PgQueueStore) {
    const pgTables = await store.db.q.all(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`);
    for (const { name } of pgTables) out[`pg:${name as string}`] = hash(await store.db.q.all(`SELECT * FROM "${name as string}" ORDER BY 1`));
  }
  return out;
}
