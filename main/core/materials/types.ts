import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The applicant's consent to use their e-licence (电子证照授权调用), recorded with the exemption. */
export const authorisationSchema = z.object({
  by: z.string().min(1),
  method: z.enum(['signature-pad', 'signed-form', 'suishenban-scan']),
  at: z.string().min(1),
});

export const materialStatusSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('exempt-elicence'),
    licence: z.object({
      licenceNumber: z.string().min(1),
      type: z.string().min(1),
      issuer: z.string().min(1),
      validFrom: isoDate,
      validTo: isoDate.nullable(),
      status: z.enum(['valid', 'expired', 'revoked']),
      holder: z.object({ name: z.string(), idNumber: z.string().optional(), creditCode: z.string().optional() }),
    }),
    authorisation: authorisationSchema,
  }),
  z.object({ kind: z.literal('exempt-datashare'), check: z.string().min(1), result: z.enum(['pass', 'fail']), reference: z.string().min(1), checkedAt: z.string().min(1) }),
  z.object({ kind: z.literal('commitment'), signatureId: z.string().optional() }),
  z.object({ kind: z.literal('captured'), attachmentIds: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('original-sighted'), note: z.string().optional() }),
  z.object({ kind: z.literal('missing') }),
]);

export type Authorisation = z.infer<typeof authorisationSchema>;
export type MaterialStatus = z.infer<typeof materialStatusSchema>;
export type MaterialStatusKind = MaterialStatus['kind'];

export const STATUS_LABELS: Record<MaterialStatusKind, string> = {
  'exempt-elicence': '电子证照免交',
  'exempt-datashare': '数据共享核验免交',
  commitment: '告知承诺替代',
  captured: '已采集',
  'original-sighted': '已核验原件',
  missing: '缺少',
};
