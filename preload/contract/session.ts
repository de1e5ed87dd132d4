import { z } from 'zod';
import { call, event, okSchema, roleSchema, voidSchema } from './define';

export const staffSchema = z.object({
  id: z.string(),
  staffNo: z.string(),
  name: z.string(),
  role: roleSchema,
});
export type Staff = z.infer<typeof staffSchema>;

export const counterSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  name: z.string(),
  dedication: z.string().nullable(),
});
export type Counter = z.infer<typeof counterSchema>;

export const sessionInfoSchema = z.object({
  staff: staffSchema,
  counter: counterSchema.nullable(),
  startedAt: z.string(),
  /** Locked for idleness (or by 锁屏): the screen stays, covered, until the password is given again. */
  locked: z.boolean(),
  /** The password expired or was reset: nothing but 修改密码 until it is changed. */
  mustChangePassword: z.boolean(),
  /** After this many minutes without activity the session locks (the renderer locks its screen itself at the same time). */
  idleMinutes: z.number().int(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

const password = z.string().min(1).max(256);

export const sessionCalls = {
  'session.login': call({
    input: z.object({
      staffNo: z.string().trim().min(1).max(32),
      password,
      counterId: z.string().max(64).nullable(),
      /** The clerk confirmed 「是否接管？」: the counter's other clerk is signed out and told. */
      takeOver: z.boolean().optional(),
    }).strict(),
    // The token lets a reloaded renderer resume its session over WebSocket; only its hash is stored.
    output: sessionInfoSchema.extend({ token: z.string() }),
    access: 'public',
  }),
  'session.resume': call({
    input: z.object({ token: z.string().min(16).max(128) }).strict(),
    output: sessionInfoSchema.nullable(),
    access: 'public',
  }),
  'session.logout': call({ input: voidSchema, output: okSchema, access: 'signed-in' }),
  'session.current': call({ input: voidSchema, output: sessionInfoSchema.nullable(), access: 'public' }),
  /** 锁屏 now (the renderer's idle timer, or the clerk leaving the counter). */
  'session.lock': call({ input: voidSchema, output: okSchema, access: 'signed-in' }),
  /** The lock screen's password: the screen underneath is as it was left. */
  'session.unlock': call({ input: z.object({ password }).strict(), output: okSchema, access: 'signed-in' }),
  /** Keyboard or mouse activity, reported at most about once a minute (calls count by themselves). */
  'session.activity': call({ input: voidSchema, output: okSchema, access: 'signed-in' }),
  'session.changePassword': call({
    input: z.object({ current: password, next: password }).strict(),
    output: okSchema,
    access: 'signed-in',
  }),
};

export const sessionEvents = {
  /** To the connections of one session: it ended elsewhere (another clerk took the counter over, or the account was disabled). */
  'session.ended': event({ payload: z.object({ reason: z.enum(['logout', 'replaced', 'disabled', 'expired']), by: z.string().nullable() }), scope: 'session' }),
};
