import { z } from 'zod';
import { call, event } from './define';
import { fileRefSchema } from './devices';

/** The intake domain's calls and events (一窗受理 → 一口发证). Spread into the contract by index.ts. */
const INTAKE = ['clerk', 'supervisor'] as const;
const READERS = ['clerk', 'assistant', 'supervisor'] as const;
const id = z.string().min(1).max(64);

export const catalogHitSchema = z.object({
  code: z.string(),
  name: z.string(),
  department: z.string(),
  instant: z.boolean(),
  promisedLimitDays: z.number().int(),
  scenarios: z.array(z.object({ code: z.string(), name: z.string(), materialCount: z.number().int() })),
});
export type CatalogHit = z.infer<typeof catalogHitSchema>;

export const applicantInputSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('person'), name: z.string().trim().min(1).max(64), idNumber: z.string().trim().min(1).max(32), phone: z.string().max(32).optional() }).strict(),
  z.object({
    type: z.literal('company'), name: z.string().trim().min(1).max(128), creditCode: z.string().trim().min(1).max(32),
    legalRepresentative: z.string().max(64).optional(), phone: z.string().max(32).optional(),
  }).strict(),
]);

export const agentRelationSchema = z.enum(['legal-representative', 'responsible-person', 'entrusted', 'guardian']);
export type AgentRelationName = z.infer<typeof agentRelationSchema>;
export const agentIdTypeSchema = z.enum(['resident-id', 'hmt-residence-permit', 'foreign-permanent-residence']);

/** The 经办人: who is at the counter for the applicant, and in what capacity. */
export const agentInputSchema = z.object({
  name: z.string().trim().min(1).max(64),
  idType: agentIdTypeSchema.optional(),
  idNumber: z.string().trim().min(1).max(32),
  phone: z.string().trim().max(32).optional(),
  relation: agentRelationSchema,
  note: z.string().trim().max(200).optional(),
}).strict();

/** The agent as the clerk's screen shows them: the ID number masked. */
export const agentViewSchema = z.object({
  name: z.string(),
  idType: agentIdTypeSchema.nullable(),
  idNumberMasked: z.string(),
  phone: z.string().nullable(),
  relation: agentRelationSchema,
  relationLabel: z.string(),
  /** The material proving the authority (授权委托书 …) and its state on the checklist. */
  proof: z.object({ materialId: z.string(), name: z.string(), statusLabel: z.string(), applicable: z.boolean() }).nullable(),
  note: z.string().nullable(),
});

export const materialViewSchema = z.object({
  materialId: z.string(),
  name: z.string(),
  requirement: z.enum(['required', 'optional', 'conditional']),
  condition: z.string().nullable(),
  applicable: z.boolean(),
  needed: z.boolean(),
  status: z.enum(['exempt-elicence', 'exempt-datashare', 'commitment', 'captured', 'original-sighted', 'missing']),
  statusLabel: z.string(),
  /** Licence number, issuer and validity; the data-sharing reference; attachment count. */
  detail: z.string().nullable(),
  allowed: z.array(z.enum(['exempt-elicence', 'exempt-datashare', 'commitment', 'captured', 'original-sighted', 'missing'])),
  elicenceType: z.string().nullable(),
  datashareCheck: z.string().nullable(),
  deficiencyAllowed: z.boolean(),
});
export type MaterialView = z.infer<typeof materialViewSchema>;

export const caseViewSchema = z.object({
  id: z.string(),
  caseNumber: z.string().nullable(),
  state: z.string(),
  stateLabel: z.string(),
  decision: z.enum(['approved', 'denied']).nullable(),
  itemCode: z.string(),
  itemName: z.string(),
  scenarioName: z.string(),
  catalogVersion: z.string(),
  instant: z.boolean(),
  promisedLimitDays: z.number().int(),
  deliveryOptions: z.array(z.enum(['pickup', 'post'])),
  applicant: z.object({ type: z.enum(['person', 'company']), name: z.string(), idNumberMasked: z.string().nullable(), creditCode: z.string().nullable(), legalRepresentative: z.string().nullable() }),
  /** The 经办人, or null when the applicant came in person. */
  agent: agentViewSchema.nullable(),
  /** The queue ticket the case was taken for. */
  ticket: z.object({ ref: z.string(), number: z.string() }).nullable(),
  dueDate: z.string().nullable(),
  /** Why the due date is only provisional (暂定): next year's holiday arrangement is not imported yet. */
  dueProvisional: z.string().nullable(),
  deficiency: z.object({ materials: z.array(z.object({ id: z.string(), name: z.string() })), deadline: z.string() }).nullable(),
  correctionMaterials: z.array(z.string()).nullable(),
  rejection: z.object({ reason: z.string(), legalBasis: z.string() }).nullable(),
  materials: z.array(materialViewSchema),
  summary: z.object({ needed: z.number().int(), satisfied: z.number().int(), missing: z.array(z.string()), readyToAccept: z.boolean(), canAcceptWithDeficiency: z.boolean() }),
  events: z.array(z.object({ type: z.string(), at: z.string(), actorStaffId: z.string(), counterId: z.string(), toState: z.string().nullable() })),
});
export type CaseView = z.infer<typeof caseViewSchema>;

export const noticeKindSchema = z.enum(['acceptance', 'rejection', 'correction', 'deficiency', 'commitment', 'result-receipt']);
export type NoticeKindName = z.infer<typeof noticeKindSchema>;
export const noticeRefSchema = z.object({ kind: noticeKindSchema, title: z.string(), file: fileRefSchema });
export type NoticeRef = z.infer<typeof noticeRefSchema>;
/** The counter's current ticket as 受理 sees it. */
export const servingSchema = z.object({
  ticket: z.object({ ref: z.string(), number: z.string(), streamName: z.string(), status: z.string() }),
  booking: z.object({ name: z.string(), idNumber: z.string(), itemCode: z.string().nullable(), itemName: z.string().nullable() }).nullable(),
  case: z.object({ id: z.string(), caseNumber: z.string().nullable(), stateLabel: z.string() }).nullable(),
});
export type Serving = z.infer<typeof servingSchema>;
const decisionOutput = z.object({ case: caseViewSchema, notice: noticeRefSchema });

export const licenceViewSchema = z.object({
  licenceNumber: z.string(),
  type: z.string(),
  name: z.string(),
  issuer: z.string(),
  holderName: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  status: z.enum(['valid', 'expired', 'revoked']),
  /** Materials of this case the licence can exempt. */
  materialIds: z.array(z.string()),
});
export type LicenceView = z.infer<typeof licenceViewSchema>;

/** What the clerk chooses for one material; the server fills in evidence (licence, check result, PDF) itself. */
export const materialChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exempt-elicence'), licenceNumber: z.string().min(1).max(64), authorisation: z.enum(['signature-pad', 'signed-form', 'suishenban-scan']) }).strict(),
  z.object({ kind: z.literal('exempt-datashare') }).strict(),
  z.object({ kind: z.literal('captured'), fileIds: z.array(id).min(1).max(50) }).strict(),
  z.object({ kind: z.literal('original-sighted'), note: z.string().max(200).optional() }).strict(),
  z.object({ kind: z.literal('missing') }).strict(),
]);

export const progressRowSchema = z.object({
  caseNumber: z.string().nullable(),
  itemName: z.string(),
  scenarioName: z.string(),
  applicantName: z.string(),
  state: z.string(),
  stateLabel: z.string(),
  nextStep: z.string(),
  acceptedDate: z.string().nullable(),
  dueDate: z.string().nullable(),
  dueProvisional: z.string().nullable(),
});

const dueRow = z.object({ id: z.string(), caseNumber: z.string(), itemName: z.string(), applicantName: z.string(), state: z.string(), dueDate: z.string(), workingDaysLeft: z.number().int(), dueProvisional: z.string().nullable() });

export const signaturePurposeSchema = z.enum(['commitment', 'elicence-authorisation', 'agent-authorisation', 'acceptance', 'result-receipt']);

export const intakeCalls = {
  'intake.catalogSearch': call({
    input: z.object({ q: z.string().max(64), limit: z.number().int().min(1).max(50).default(10) }).strict(),
    output: z.object({ version: z.string(), hits: z.array(catalogHitSchema) }),
    access: INTAKE,
  }),
  /** Simulated enterprise registry look-up (演示企业库): fills the company's name from its credit code. */
  'intake.companyLookup': call({
    input: z.object({ creditCode: z.string().trim().min(1).max(32) }).strict(),
    output: z.object({ name: z.string(), legalRepresentative: z.string().nullable(), simulated: z.boolean() }).nullable(),
    access: INTAKE,
  }),
  'intake.createDraft': call({
    input: z.object({
      applicant: applicantInputSchema,
      agent: agentInputSchema.optional(),
      itemCode: z.string().min(1).max(64),
      scenarioCode: z.string().min(1).max(64),
      catalogVersion: z.string().min(1).max(64).optional(),
      /** Take the case for the ticket being served at this counter (refused if it is not the one). */
      ticketRef: z.string().regex(/^(hub:\d+|offline:[A-Z]{1,2}-\d+-\d{3,})$/, '号的引用格式不正确').optional(),
    }).strict(),
    output: caseViewSchema,
    access: INTAKE,
    audited: true,
  }),
  /**
   * The ticket being served at this counter, with its booking (the applicant and the booked item, for
   * 受理 to preselect) and the case already taken for it. Audited: it reads the booking's ID number.
   */
  'intake.serving': call({ input: z.object({}).strict(), output: servingSchema.nullable(), access: INTAKE, audited: true }),
  /** The case taken for a queue ticket, for 叫号 and the serving bar (no personal data). */
  'intake.ticketCase': call({ input: z.object({ ref: z.string().min(1).max(40) }).strict(), output: servingSchema.shape.case, access: READERS }),
  'intake.case': call({ input: z.object({ caseId: id }).strict(), output: caseViewSchema, access: READERS }),
  /** Looks the applicant (or company) up in the e-licence library. Audited: it reads personal records. */
  'intake.elicenceLookup': call({ input: z.object({ caseId: id }).strict(), output: z.object({ licences: z.array(licenceViewSchema), simulated: z.boolean() }), access: INTAKE, audited: true }),
  /** Exempts every still-missing material a valid licence of the applicant covers, recording the applicant's authorisation. */
  'intake.applyElicences': call({
    input: z.object({ caseId: id, authorisation: z.enum(['signature-pad', 'signed-form', 'suishenban-scan']) }).strict(),
    output: z.object({ case: caseViewSchema, applied: z.array(z.object({ materialId: z.string(), licenceNumber: z.string() })) }),
    access: INTAKE,
    audited: true,
  }),
  'intake.setMaterial': call({
    input: z.object({ caseId: id, materialId: id, choice: materialChoiceSchema }).strict(),
    output: caseViewSchema,
    access: INTAKE,
    audited: true,
  }),
  'intake.setApplicable': call({ input: z.object({ caseId: id, materialId: id, applicable: z.boolean() }).strict(), output: caseViewSchema, access: INTAKE }),
  /** Puts a document on the citizen screen for the applicant to confirm and sign; commitment covers the listed materials. */
  'intake.requestSignature': call({
    input: z.object({ caseId: id, purpose: signaturePurposeSchema, materialIds: z.array(id).max(50).default([]) }).strict(),
    output: z.object({ requestId: z.string(), notice: noticeRefSchema.nullable() }),
    access: INTAKE,
  }),
  'intake.accept': call({ input: z.object({ caseId: id }).strict(), output: decisionOutput, access: INTAKE, audited: true }),
  'intake.acceptWithDeficiency': call({
    input: z.object({ caseId: id, followUpWorkingDays: z.number().int().min(1).max(60) }).strict(),
    output: decisionOutput,
    access: INTAKE,
    audited: true,
  }),
  'intake.requestCorrection': call({ input: z.object({ caseId: id }).strict(), output: decisionOutput, access: INTAKE, audited: true }),
  'intake.reject': call({
    input: z.object({ caseId: id, reason: z.string().trim().min(2).max(500), legalBasis: z.string().trim().min(2).max(500) }).strict(),
    output: decisionOutput,
    access: INTAKE,
    audited: true,
  }),
  'intake.startReview': call({ input: z.object({ caseId: id }).strict(), output: caseViewSchema, access: INTAKE, audited: true }),
  'intake.complete': call({
    input: z.object({ caseId: id, decision: z.enum(['approved', 'denied']), reason: z.string().max(500).optional() }).strict(),
    output: caseViewSchema,
    access: INTAKE,
    audited: true,
  }),
  /** 一口发证: hand the result over at this counter (any counter) or record the post, with a receipt. */
  'intake.issueResult': call({
    input: z.object({
      caseId: id,
      method: z.enum(['pickup', 'post']),
      receiptSignatureId: z.string().max(64).optional(),
      recipient: z.string().max(64).optional(),
      phone: z.string().max(32).optional(),
      address: z.string().max(200).optional(),
    }).strict(),
    output: decisionOutput,
    access: INTAKE,
    audited: true,
  }),
  /** (Re)generates one notice of a case as a stored PDF. */
  'intake.notice': call({ input: z.object({ caseId: id, kind: noticeKindSchema }).strict(), output: noticeRefSchema, access: READERS }),
  /** By case number, a scanned notice QR (WD-CASE:…), an ID number or a credit code. */
  'intake.progress': call({ input: z.object({ query: z.string().trim().min(1).max(80) }).strict(), output: z.array(progressRowSchema.extend({ id: z.string().nullable() })), access: READERS }),
  'intake.cases': call({
    input: z.object({ state: z.string().max(32).optional(), cursor: z.string().max(200).nullable().optional(), limit: z.number().int().min(1).max(200).default(50) }).strict(),
    output: z.object({ rows: z.array(z.object({ id: z.string(), caseNumber: z.string().nullable(), state: z.string(), stateLabel: z.string(), itemName: z.string(), applicantName: z.string(), agent: z.string().nullable(), createdAt: z.string(), dueDate: z.string().nullable(), dueProvisional: z.string().nullable() })), nextCursor: z.string().nullable() }),
    access: READERS,
  }),
  'intake.due': call({ input: z.object({ withinWorkingDays: z.number().int().min(0).max(20).default(2) }).strict(), output: z.object({ nearDue: z.array(dueRow), overdue: z.array(dueRow) }), access: READERS }),
};

export const intakeEvents = {
  /** The applicant signed on this counter's citizen screen. */
  'intake.signed': event({
    /** A commitment comes back as the signed letter (the signature on its line). */
    payload: z.object({ caseId: z.string(), requestId: z.string(), purpose: signaturePurposeSchema, signatureId: z.string(), signerName: z.string(), notice: noticeRefSchema.nullable() }),
    scope: 'counter',
  }),
};
