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
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const sessionCalls = {
  'session.login': call({
    input: z.object({
      staffNo: z.string().trim().min(1).max(32),
      password: z.string().min(1).max(256),
      counterId: z.string().max(64).nullable(),
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
};

export const sessionEvents = {
  'session.ended': event({ payload: z.object({ reason: z.enum(['logout', 'replaced', 'disabled']) }), scope: 'all-staff' }),
};
