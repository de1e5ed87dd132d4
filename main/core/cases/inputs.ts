import { z } from 'zod';

export const actorSchema = z.object({ staffId: z.string().min(1), counterId: z.string().min(1) });
export type Actor = z.infer<typeof actorSchema>;

export const applicantSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('person'), name: z.string().min(1), idNumber: z.string().min(1), phone: z.string().optional() }),
  z.object({ type: z.literal('company'), name: z.string().min(1), creditCode: z.string().min(1), legalRepresentative: z.string().optional(), phone: z.string().optional() }),
]);

export const agentSchema = z.object({
  name: z.string().min(1),
  idNumber: z.string().min(1),
  phone: z.string().optional(),
  /** The authorisation (授权委托书): an attachment or a signature recorded at the counter. */
  authorisation: z.object({ scope: z.string().min(1), validTo: z.string().optional(), reference: z.string().min(1) }),
});

export const createDraftSchema = z.object({
  applicant: applicantSchema,
  agent: agentSchema.optional(),
  itemCode: z.string().min(1),
  scenarioCode: z.string().min(1),
  catalogVersion: z.string().min(1),
  /** The queue ticket called for this applicant, when there is one. */
  ticket: z.object({ ref: z.string().regex(/^(hub:\d+|offline:[A-Z]{1,2}-\d+-\d{3,})$/), number: z.string().min(1).max(20) }).optional(),
});

export const attachmentSchema = z.object({
  filePath: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/i),
  mime: z.enum(['application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'application/ofd']),
  pages: z.number().int().min(1).max(2000),
});

export const signatureSchema = z.object({
  purpose: z.enum(['commitment', 'elicence-authorisation', 'agent-authorisation', 'acceptance', 'result-receipt']),
  signerName: z.string().min(1),
  signerIdNumber: z.string().optional(),
  imagePath: z.string().optional(),
  imageSha256: z.string().regex(/^[0-9a-f]{64}$/i),
});

export const rejectSchema = z.object({ reason: z.string().min(2), legalBasis: z.string().min(2) });
export const completeSchema = z.object({ decision: z.enum(['approved', 'denied']), reason: z.string().optional() });
export const deliverySchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('pickup'), receiptSignatureId: z.string().optional() }),
  z.object({ method: z.literal('post'), recipient: z.string().min(1), phone: z.string().min(5), address: z.string().min(5), trackingNumber: z.string().optional() }),
]);

export type CreateDraftInput = z.infer<typeof createDraftSchema>;
export type AttachmentInput = z.infer<typeof attachmentSchema>;
export type SignatureInput = z.infer<typeof signatureSchema>;
export type RejectInput = z.infer<typeof rejectSchema>;
export type CompleteInput = z.infer<typeof completeSchema>;
export type DeliveryInput = z.infer<typeof deliverySchema>;
