import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../main/api/context';
import { dispatch } from '../../../main/api/dispatch';
import type { Workstation } from '../../../main/api/workstation';
import { CALL_NAMES, calls, type CallDef, type CallName, type Role } from '../../../preload/contract';
import { demoWorkstation } from '../../fixtures/workstation';

// Issue 9, acceptance: property-based fuzzing of every contract call with malformed input — each
// answer a clear code with a Chinese message, nothing written (table hashes unchanged). The list
// of calls is the contract itself (CALL_NAMES), so a new call is fuzzed without touching this file.
// Each call is made by a session whose role may make it, so it is the input check that answers.

/** Every table's rows, hashed; the audit log (refusals are recorded) and sessions' last-seen time (activity) aside. */
function tableHashes(ws: Workstation): Record<string, string> {
  const db = ws.db;
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit_log' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
  return Object.fromEntries(tables.map((t) => {
    const sql = t === 'sessions' ? 'SELECT id, staff_id, counter_id, created_at, ended_at FROM sessions ORDER BY 1' : `SELECT * FROM "${t}" ORDER BY 1`;
    return [t, createHash('sha256').update(JSON.stringify(db.prepare(sql).raw().all(), (_k, v) => (typeof v === 'bigint' ? String(v) : Buffer.isBuffer(v) ? v.toString('hex') : v))).digest('hex')];
  }));
}

/** The keys an object schema knows (zod 4: `.shape`), to build right keys with wrong values. */
function keysOf(schema: unknown): string[] {
  const s = schema as { shape?: Record<string, unknown>; def?: { in?: unknown; innerType?: unknown; schema?: unknown } };
  if (s.shape && typeof s.shape === 'object') return Object.keys(s.shape);
  const inner = s.def?.in ?? s.def?.innerType ?? s.def?.schema;
  return inner ? keysOf(inner) : [];
}

const junk = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.constant(-1), fc.constant(1e308), fc.string({ maxLength: 8 }),
  fc.constant('x'.repeat(100_000)), fc.constant('<script>alert(1)</script>'), fc.constant("'; DROP TABLE cases; --"),
  fc.constant({ __proto__: { admin: true } }), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), fc.jsonValue({ maxDepth: 3 }),
);

function malformed(name: CallName): fc.Arbitrary<unknown> {
  const keys = keysOf((calls[name] as CallDef).input);
  const arbs: fc.Arbitrary<unknown>[] = [
    junk,
    fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), junk, { maxKeys: 4 }),
  ];
  if (keys.length > 0) {
    arbs.push(fc.record(Object.fromEntries(keys.map((k) => [k, junk])), { requiredKeys: [] }));
    arbs.push(fc.tuple(fc.record(Object.fromEntries(keys.map((k) => [k, fc.jsonValue({ maxDepth: 1 })])), { requiredKeys: [] }), fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !keys.includes(k)))
      .map(([o, extra]) => ({ ...(o as object), [extra]: 1 })));
  }
  return fc.oneof(...arbs);
}

let n = 0;
async function signIn(ws: Workstation, staffNo: string, counterId: string | null): Promise<Connection> {
  const conn: Connection = { id: `fuzz-${++n}`, transport: 'ws', session: null, citizenCounterId: null };
  const r = await dispatch(ws, conn, 'session.login', { staffNo, password: `demo${staffNo}`, counterId });
  if (!r.ok) throw new Error(r.error.message);
  return conn;
}

describe('fuzzing every contract call with malformed input', () => {
  let ws: Workstation;
  const byRole = new Map<Role | 'anyone', Connection>();

  beforeAll(async () => {
    ws = await demoWorkstation();
    byRole.set('clerk', await signIn(ws, '1001', 'counter-3'));
    byRole.set('assistant', await signIn(ws, '2001', null));
    byRole.set('supervisor', await signIn(ws, '3001', null));
    byRole.set('admin', await signIn(ws, '9001', null));
    byRole.set('anyone', { id: 'fuzz-anon', transport: 'ws', session: null, citizenCounterId: null });
  });
  afterAll(() => ws?.close());

  const connFor = (def: CallDef): Connection => {
    if (def.access === 'public') return byRole.get('anyone')!;
    if (def.access === 'signed-in') return byRole.get('clerk')!;
    return byRole.get(def.access[0])!;
  };

  it('covers the whole contract', () => expect(CALL_NAMES.length).toBeGreaterThan(50));

  it.each(CALL_NAMES)('%s: each malformed input is refused with a clear code and writes nothing', async (name) => {
    const def = calls[name] as CallDef;
    const conn = connFor(def);
    const before = tableHashes(ws);
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(malformed(name), async (input) => {
        // The schema decides what is malformed; a value it accepts is not this test's case.
        if (def.input.safeParse(input ?? {}).success) return;
        refused++;
        const r = await dispatch(ws, conn, name, input);
        const info = `${name} ${JSON.stringify(input)?.slice(0, 160)}`;
        expect(r.ok, info).toBe(false);
        if (r.ok) return;
        expect(r.error.code, info).toBe('INVALID_INPUT');
        expect(r.error.message, info).toMatch(/[\u4e00-\u9fa5]/);
        expect(tableHashes(ws), info).toEqual(before);
      }),
      { numRuns: 25 },
    );
    expect(refused, 'a property that refused nothing proved nothing').toBeGreaterThan(0);
  });
});
