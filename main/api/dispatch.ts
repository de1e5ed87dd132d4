import { calls, type CallName, type Result } from '../../preload/contract';
import { describeIssues } from '../../common/validation';
import type { CallDef } from '../../preload/contract/define';
import { errorMessage, isDeskError } from '../../common/errors';
import { maskIdNumber } from '../../common/identity';
import type { Connection } from './context';
import { parseOutput } from './frozen';
import { handlers } from './handlers';
import type { Workstation } from './workstation';

function fail(code: string, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function zodSummary(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(根)'}: ${i.message}`).join('；');
}

/**
 * The single entry point for every call from every transport: look the call up in the
 * contract, check the session and role, validate the input, run the handler, validate the
 * output, and return a Result. Nothing is thrown across the boundary; a refusal for role is
 * written to the audit log; an invalid input changes nothing because the handler never runs.
 */
export async function dispatch(ws: Workstation, conn: Connection, name: string, rawInput: unknown): Promise<Result<unknown>> {
  if (typeof name !== 'string' || !Object.hasOwn(calls, name)) return fail('UNKNOWN_CALL', errorMessage('UNKNOWN_CALL'));
  const def = calls[name as CallName] as CallDef;
  const refused = checkSession(ws, conn, name, def);
  if (refused) return refused;
  const session = conn.session;
  const actor = { actorStaffId: session?.staff.id ?? null, actorRole: session?.staff.role ?? null, counterId: session?.counterId ?? null };

  if (def.access !== 'public') {
    if (!session) return fail('NOT_SIGNED_IN', errorMessage('NOT_SIGNED_IN'));
    if (def.access !== 'signed-in' && !def.access.includes(session.staff.role)) {
      // Aggregated per staff and call (one row a minute with a count), so a looping client cannot flood the log.
      ws.audit.refusal({ ...actor, action: name, source: `conn:${conn.transport}`, details: { reason: 'role', required: def.access } });
      return fail('FORBIDDEN', errorMessage('FORBIDDEN'));
    }
  }

  const parsed = def.input.safeParse(rawInput ?? {});
  if (!parsed.success) return fail('INVALID_INPUT', `输入不符合要求：${describeIssues(parsed.error.issues)}。`);

  try {
    const value = await handlers[name as CallName](parsed.data, conn, ws);
    // Strips what the contract does not list; an unchanged frozen answer is not parsed twice (frozen.ts).
    const out = parseOutput(def.output, value);
    if (!out.success) {
      ws.log.error(`output of ${name} does not match the contract: ${zodSummary(out.error.issues)}`);
      return fail('INTERNAL', errorMessage('INTERNAL'));
    }
    if (def.audited) ws.audit.record({ ...actor, ...actorAfter(conn), action: name, outcome: 'ok', details: auditDetails(parsed.data) });
    return { ok: true, value: out.data };
  } catch (e) {
    if (isDeskError(e)) {
      if (def.audited) ws.audit.record({ ...actor, action: name, outcome: 'failed', details: { code: e.code } });
      return fail(e.code, e.message);
    }
    ws.log.error(`call ${name} failed: ${(e as Error).stack ?? String(e)}`);
    return fail('INTERNAL', errorMessage('INTERNAL'));
  }
}

/** What a locked session may still do; with a password to change, also that. */
const WHILE_LOCKED = new Set(['session.unlock', 'session.logout']);
const WHILE_MUST_CHANGE = new Set(['session.changePassword', 'session.logout', 'session.lock']);

/**
 * The session's clocks, before anything else: an expired or ended session is dropped from the
 * connection (a call that needs one is refused as such), a locked one answers only its password,
 * one whose password must change only 修改密码. Any other call from a session counts as activity.
 * Public calls run as they would without a session.
 */
function checkSession(ws: Workstation, conn: Connection, name: string, def: CallDef): Result<never> | null {
  const session = conn.session;
  if (!session) return null;
  const state = ws.staff.sessions.state(session.id);
  if (state === 'expired' || state === 'ended') {
    conn.session = null;
    if (def.access === 'public') return null;
    return fail(state === 'expired' ? 'SESSION_EXPIRED' : 'SESSION_ENDED', errorMessage(state === 'expired' ? 'SESSION_EXPIRED' : 'SESSION_ENDED'));
  }
  if (def.access === 'public') return null;
  if (state === 'locked' && !WHILE_LOCKED.has(name)) return fail('SESSION_LOCKED', errorMessage('SESSION_LOCKED'));
  if (state === 'must-change' && !WHILE_MUST_CHANGE.has(name)) return fail('PASSWORD_CHANGE_REQUIRED', errorMessage('PASSWORD_CHANGE_REQUIRED'));
  ws.staff.sessions.touch(session.id);
  return null;
}

/** After login the actor is the new session's staff. */
function actorAfter(conn: Connection) {
  const s = conn.session;
  return s ? { actorStaffId: s.staff.id, actorRole: s.staff.role, counterId: s.counterId } : {};
}

/**
 * Inputs go to the audit log, which can never be redacted later (it is a keyed chain, append-only), so
 * secrets are dropped and personal data is masked: ID numbers keep their first 4 and last 4
 * characters, phones their first 3 and last 4, names (and a post recipient) their first character,
 * addresses their first 6 (the district). Large payloads
 * (images, signatures) are replaced by their size.
 */
export function auditDetails(input: unknown, depth = 0): Record<string, unknown> {
  if (!input || typeof input !== 'object' || depth > 4) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) out[k] = auditValue(k, v, depth);
  return out;
}

function auditValue(key: string, v: unknown, depth: number): unknown {
  if (/password|token|secret/i.test(key)) return '***';
  if (typeof v === 'string') {
    if (/idnumber|passnumber/i.test(key)) return maskIdNumber(v);
    if (/phone|mobile/i.test(key)) return v.length > 7 ? `${v.slice(0, 3)}****${v.slice(-4)}` : '****';
    if (/address$/i.test(key)) return v ? `${[...v].slice(0, 6).join('')}****` : v;
    if ((/(^|[a-z])name$/i.test(key) && !/itemname|filename|streamname|hallname/i.test(key)) || /^recipient$/i.test(key)) return v ? `${[...v][0]}${'*'.repeat(Math.max(1, [...v].length - 1))}` : v;
    if (v.length > 512) return `[${v.length} 字符]`;
    return v;
  }
  if (Array.isArray(v)) return v.slice(0, 50).map((x) => (x && typeof x === 'object' ? auditDetails(x, depth + 1) : auditValue(key, x, depth + 1)));
  if (v && typeof v === 'object') return auditDetails(v, depth + 1);
  return v;
}
