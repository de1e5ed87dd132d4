/** Shared by the security-*.test.ts files: raw requests with any headers, and a fingerprint of every hub table. */
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TlsCredential } from '../../../main/core/trust/transport';
import { TEST_STAFF_HEADERS, tlsFor } from './helpers';
import type Database from 'better-sqlite3';
import type { RunningHub } from '../../../main/hub/index';
import type { SqliteQueueStore } from '../../../main/hub/store/sqlite';

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
    const headers: Record<string, string | number> = { ...(opts.as === undefined && url.startsWith('https:') ? TEST_STAFF_HEADERS : {}), ...opts.headers };
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

/** The hub's SQLite handle (the default store). */
export function dbOf(hub: RunningHub): Database.Database {
  return (hub.hub.store as SqliteQueueStore).db;
}

/** SHA-256 of every row of every table: equal before and after means nothing was written. */
/**
 * Every table's rows hashed — except the hub's own audit log, whose job is to record each refusal
 * (aggregated per source and minute); that it does is tested in audit.test.ts.
 */
export function tableHashes(db: Database.Database): Record<string, string> {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit_log' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
  return Object.fromEntries(
    tables.map((t) => {
      const rows = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).raw().all();
      return [t, createHash('sha256').update(JSON.stringify(rows)).digest('hex')];
    }),
  );
}
