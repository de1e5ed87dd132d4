import { z } from 'zod';
import { call, okSchema, roleSchema, voidSchema } from './define';
import { HelperCapacity } from '../../common/assist/schema';

export const auditRowSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorStaffId: z.string().nullable(),
  actorRole: z.string().nullable(),
  counterId: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.enum(['ok', 'refused', 'failed']),
  details: z.string(),
});

/** audit.verify: ok, the first broken row, truncated, or re-hashed — and which anchor it was checked against. */
export const auditVerdictSchema = z.object({
  ok: z.boolean(),
  status: z.enum(['ok', 'broken', 'truncated', 'rehashed']),
  rows: z.number().int(),
  head: z.object({ seq: z.number().int() }).nullable(),
  brokenAt: z.number().int().optional(),
  reason: z.string().optional(),
  anchor: z.object({ seq: z.number().int(), at: z.string(), source: z.enum(['hub', 'local']) }).nullable(),
  hubReachable: z.boolean(),
});

export const staffRowSchema = z.object({
  id: z.string(),
  staffNo: z.string(),
  name: z.string(),
  role: roleSchema,
  locked: z.boolean(),
  /** 帮办身份: who this person helps as (帮办人员 / 审批官 / 领导干部); set by an administrator. */
  assistCapacity: HelperCapacity,
  active: z.boolean(),
});

export const hubEnrolmentSchema = z.object({
  hubUrl: z.string().nullable(),
  mode: z.enum(['embedded', 'remote', 'none']),
  needsEnrolment: z.boolean(),
  device: z.object({ id: z.string(), role: z.string(), counters: z.array(z.number().int()) }).nullable(),
  restartRequired: z.boolean(),
});

export const adminCalls = {
  /** Whether this machine is enrolled with its hall hub (a remote hub refuses it until it is). */
  'hub.enrolment': call({ input: voidSchema, output: hubEnrolmentSchema, access: ['supervisor', 'admin'] }),
  /** Enrols this machine with a remote hub: its address and the one-time code its administrator made. */
  'hub.enrol': call({
    input: z.object({ hubUrl: z.string().min(8).max(256), code: z.string().min(16).max(40) }).strict(),
    output: hubEnrolmentSchema,
    access: ['admin'],
    audited: true,
  }),
  /** The kiosk's own screen (no staff session): whether this machine still needs enrolling, and the hub it would use. */
  'kiosk.enrolment': call({ input: voidSchema, output: z.object({ needsEnrolment: z.boolean(), enrolled: z.boolean(), hubUrl: z.string().nullable() }), access: 'public' }),
  /** The kiosk enrols itself with a kiosk code, only while it holds no credential (main/core/trust/workstation-enrolment.ts enrolKiosk). */
  'kiosk.enrol': call({
    input: z.object({ hubUrl: z.string().min(8).max(256).optional(), code: z.string().min(16).max(40) }).strict(),
    output: z.object({ needsEnrolment: z.boolean(), enrolled: z.boolean(), hubUrl: z.string().nullable() }),
    access: 'public',
    audited: true,
  }),
  'audit.recent': call({
    input: z.object({ limit: z.number().int().min(1).max(500).default(100), action: z.string().max(64).optional() }).strict(),
    output: z.array(auditRowSchema),
    access: ['supervisor', 'admin'],
  }),
  'audit.verify': call({
    input: voidSchema,
    output: auditVerdictSchema,
    access: ['supervisor', 'admin'],
    audited: true,
  }),
  'staff.list': call({ input: voidSchema, output: z.array(staffRowSchema), access: ['supervisor', 'admin'] }),
  'staff.unlock': call({ input: z.object({ staffId: z.string().min(1).max(64) }).strict(), output: okSchema, access: ['supervisor', 'admin'], audited: true }),
  'settings.get': call({ input: voidSchema, output: z.record(z.string(), z.unknown()), access: ['admin', 'supervisor'] }),
  'settings.set': call({
    input: z.object({ key: z.enum(['hubUrl', 'deviceMode', 'scannerDevice', 'printerQueue', 'slipPrinter', 'idcardReader', 'lockoutThreshold', 'lockoutMinutes', 'sessionMaxHours', 'idleLockMinutes', 'passwordMinLength', 'passwordMinClasses', 'passwordMaxAgeDays', 'passwordHistory']), value: z.union([z.string().max(512), z.number(), z.boolean(), z.null()]) }).strict(),
    output: okSchema,
    access: ['admin'],
    audited: true,
  }),
};
