import { z } from 'zod';

export const ROLES = ['clerk', 'assistant', 'supervisor', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/**
 * Who may make a call: `public` needs no session (login page, citizen screen);
 * `signed-in` any staff session; otherwise the listed roles.
 */
export type Access = 'public' | 'signed-in' | readonly Role[];

export interface CallDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /** Recorded in the audit log on every outcome, not only on refusals. */
  audited?: boolean;
}

export function call<I extends z.ZodType, O extends z.ZodType>(def: CallDef<I, O>): CallDef<I, O> {
  return def;
}

export interface EventDef<P extends z.ZodType = z.ZodType> {
  payload: P;
  /**
   * `counter` events reach only connections attached to that counter (the clerk and the citizen screen there);
   * `counter-staff` only the staff signed in at it; `session` only the connections of one staff session.
   */
  scope: 'all-staff' | 'counter' | 'counter-staff' | 'supervisors' | 'public' | 'session';
}

export function event<P extends z.ZodType>(def: EventDef<P>): EventDef<P> {
  return def;
}

export interface DeskErrorShape {
  code: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DeskErrorShape };

export const voidSchema = z.object({}).strict();
export const okSchema = z.object({ done: z.literal(true) });
