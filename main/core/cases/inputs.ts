import { z } from 'zod';

export const actorSchema = z.object({ staffId: z.string().min(1), counterId: z.string().min(1) });
export type Actor = z.infer<typeof actorSchema>;

export const applicantSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('person'), name: z.string().min(1), idNumber: z.string().min(1), phone: z.string().optional() }),
  z.object({ type: z.literal('company'), name: z.string().min(1), creditCode: z.string().min(1), legalRepresentative: z.string().optional(), phone: z.string().optional() }),
]);

/** How the person at the counter stands to the applicant; the applicant's own visit needs no agent. */
export const AGENT_RELATIONS = ['legal-representative', 'responsible-person', 'entrusted', 'guardian'] as const;
export type AgentRelation = (typeof AGENT_RELATIONS)[number];
export const RELATION_LABELS: Record<AgentRelation, string> = {
  'legal-representative': '法定代表人本人',
  'responsible-person': '负责人本人',
  entrusted: '委托代理人',
  guardian: '监护人',
};
export const ID_TYPE_LABELS = {
  'resident-id': '居民身份证',
  'hmt-residence-permit': '港澳台居民居住证',
  'foreign-permanent-residence': '外国人永久居留身份证',
} as const;
export type AgentIdType = keyof typeof ID_TYPE_LABELS;

/** The 经办人: who is at the counter for the applicant, and in what capacity. */
export const agentSchema = z.object({
  name: z.string().trim().min(1).max(64),
  /** Checked against the number (classifyPersonId); when absent, the number's own kind. */
  idType: z.enum(['resident-id', 'hmt-residence-permit', 'foreign-permanent-residence']).optional(),
  idNumber: z.string().min(1).max(32),
  phone: z.string().trim().max(32).optional(),
  relation: z.enum(AGENT_RELATIONS),
  /** A free note on the authority (e.g. 委托期限, or how it was proved instead of a 授权委托书). */
  note: z.string().trim().max(200).optional(),
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

const sha256 = z.string().regex(/^[0-9a-f]{64}$/i);

/**
 * One signature and what binds it: the document signed (its SHA-256, and the stored file when the
 * document is one), the clerk who asked, the workstation, and the time with where it came from.
 */
export const signatureSchema = z.object({
  purpose: z.enum(['commitment', 'elicence-authorisation', 'agent-authorisation', 'acceptance', 'result-receipt']),
  signerName: z.string().min(1),
  signerIdNumber: z.string().optional(),
  /** 'applicant' (in person) or the agent's relation. */
  signerRelation: z.enum(['applicant', ...AGENT_RELATIONS]),
  imagePath: z.string().optional(),
  imageSha256: sha256,
  image: z.object({ width: z.number().int().min(1), height: z.number().int().min(1) }),
  document: z.object({ sha256, fileId: z.string().min(1).optional() }),
  deviceId: z.string().min(1),
  /** The hub's clock when the workstation is online; else this machine's, marked local. */
  time: z.object({ at: z.string().min(1), source: z.enum(['hub', 'local']) }),
});

/** 撤回 an attachment: why, and whether the caller found its file missing or unreadable here (allowed after the decision too). */
export const withdrawSchema = z.object({ reason: z.string().trim().min(2).max(200), damaged: z.boolean() });
export const rejectSchema = z.object({ reason: z.string().min(2), legalBasis: z.string().min(2) });
export const completeSchema = z.object({ decision: z.enum(['approved', 'denied']), reason: z.string().optional() });
export const deliverySchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('pickup'), receiptSignatureId: z.string().optional() }),
  z.object({ method: z.literal('post'), recipient: z.string().min(1), phone: z.string().min(5), address: z.string().min(5), trackingNumber: z.string().optional() }),
]);

export type CreateDraftInput = z.infer<typeof createDraftSchema>;
export type AttachmentInput = z.infer<typeof attachmentSchema>;
export type SignatureInput = z.infer<typeof signatureSchema>;
export type AgentInput = z.infer<typeof agentSchema>;
export type RejectInput = z.infer<typeof rejectSchema>;
export type CompleteInput = z.infer<typeof completeSchema>;
export type DeliveryInput = z.infer<typeof deliverySchema>;
