// The calling policy's parameters as a hall configures them: one schema whose defaults are the
// policy's own (DEFAULT_POLICY), so the hub's hall configuration and the simulation cannot drift.
import { z } from 'zod';
import { DEFAULT_POLICY, type PolicyParams } from './types';

export const policyParamsSchema = z.object({
  appointmentTargetMinutes: z.number().positive().default(DEFAULT_POLICY.appointmentTargetMinutes),
  appointmentMarginMinutes: z.number().min(0).default(DEFAULT_POLICY.appointmentMarginMinutes),
  walkinDeadlineMinutes: z.number().positive().default(DEFAULT_POLICY.walkinDeadlineMinutes),
  walkinCapMinutes: z.number().positive().default(DEFAULT_POLICY.walkinCapMinutes),
  assistanceDeadlineMinutes: z.number().positive().default(DEFAULT_POLICY.assistanceDeadlineMinutes),
}) satisfies z.ZodType<PolicyParams, Partial<PolicyParams>>;
