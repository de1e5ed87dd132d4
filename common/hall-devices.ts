/**
 * The hall's enrolled devices as the administrator manages them from a workstation (设置 → 大厅设备):
 * the hub's device list, a one-time enrolment code for a new device, a revocation. The wire shapes
 * of the hub routes (main/hub/routes.ts `hallDevices*`) and of the workstation's contract calls.
 */
import { z } from 'zod';

export const HALL_DEVICE_ROLES = ['workstation', 'kiosk', 'display'] as const;
export const HallDeviceRole = z.enum(HALL_DEVICE_ROLES);
export type HallDeviceRole = z.infer<typeof HallDeviceRole>;

export const HallDevice = z.object({
  id: z.string(),
  role: HallDeviceRole,
  counters: z.array(z.number().int()),
  name: z.string(),
  credential: z.enum(['certificate', 'cookie']),
  enrolledAt: z.number(),
  notAfter: z.number(),
  lastSeen: z.number().nullable(),
  revokedAt: z.number().nullable(),
  revokedReason: z.string().nullable(),
});
export type HallDevice = z.infer<typeof HallDevice>;

const CounterNumber = z.number().int().min(1).max(9999);

export const EnrolCodeRequest = z.strictObject({
  role: HallDeviceRole,
  counters: z.array(CounterNumber).max(64),
  /** What people call it (「3号窗口工作站」); the hub names it by role and counters when empty. */
  name: z.string().trim().max(60).optional(),
  /** How long the code stays redeemable: 5 minutes to a day (default 30). */
  ttlMinutes: z.number().int().min(5).max(1440).optional(),
});
export type EnrolCodeRequest = z.infer<typeof EnrolCodeRequest>;

export const EnrolCode = z.object({ code: z.string(), name: z.string(), expiresAt: z.number(), caFingerprint: z.string() });
export type EnrolCode = z.infer<typeof EnrolCode>;

export const RevokeRequest = z.strictObject({ reason: z.string().trim().min(1, '请填写撤销原因').max(200) });
