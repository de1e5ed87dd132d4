import { z } from 'zod';
import { call, event, voidSchema } from './define';
import { counterSchema } from './session';

export const hubStatusSchema = z.object({
  url: z.string().nullable(),
  mode: z.enum(['embedded', 'remote', 'none']),
  reachable: z.boolean(),
  checkedAt: z.string().nullable(),
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
});
export type HubStatus = z.infer<typeof hubStatusSchema>;

export const deviceSummarySchema = z.object({
  kind: z.string(),
  model: z.string(),
  simulated: z.boolean(),
  state: z.enum(['ready', 'busy', 'absent', 'error']),
});

/** Case sync (issue 11): operations not yet at the hub, refused ones, the oldest one's age, the hub clock. */
export const syncStatusSchema = z.object({
  pending: z.number().int().nonnegative(),
  dead: z.number().int().nonnegative(),
  oldestAt: z.string().nullable(),
  connection: z.enum(['online', 'offline', 'unknown']),
  lastError: z.string().nullable(),
  driftWarning: z.string().nullable(),
});

export const statusSchema = z.object({
  hub: hubStatusSchema,
  devices: z.array(deviceSummarySchema),
  syncBacklog: z.number().int().nonnegative(),
  sync: syncStatusSchema.optional(),
});
export type StatusSnapshot = z.infer<typeof statusSchema>;

export const systemInfoSchema = z.object({
  product: z.string(),
  version: z.string(),
  shell: z.enum(['electron', 'browser']),
  demo: z.boolean(),
  hall: z.object({ id: z.string(), name: z.string() }).nullable(),
  counters: z.array(counterSchema),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

export const systemCalls = {
  'system.info': call({ input: voidSchema, output: systemInfoSchema, access: 'public' }),
  'system.status': call({ input: voidSchema, output: statusSchema, access: 'signed-in' }),
};

export const systemEvents = {
  'system.status': event({ payload: statusSchema, scope: 'all-staff' }),
};
