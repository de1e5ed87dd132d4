import { z } from 'zod';
import { call, event, okSchema } from './define';

/**
 * What the citizen-facing screen at a counter shows. The clerk's side pushes it; the
 * citizen screen never sends anything but its attachment and, later, confirmations.
 */
export const citizenViewSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('welcome'), counterNumber: z.number().int().nullable(), clerkName: z.string().nullable(), hallName: z.string().nullable().default(null) }),
  z.object({ mode: z.literal('called'), counterNumber: z.number().int(), ticketNumber: z.string() }),
  /** After 开始: who is serving the applicant (name and 工号, as the counter's service card would show). */
  z.object({ mode: z.literal('serving'), counterNumber: z.number().int(), ticketNumber: z.string(), clerkName: z.string().nullable(), staffNo: z.string().nullable() }),
  /**
   * After 结束: thanks, and the rating question for this service (好差评: `rating`, until answered or
   * skipped; never forced), then back to the welcome.
   */
  z.object({
    mode: z.literal('finished'),
    counterNumber: z.number().int().nullable(),
    ticketNumber: z.string().nullable(),
    rating: z.object({
      serviceId: z.string(),
      itemName: z.string().nullable(),
      /** 不满意 / 非常不满意 pressed on the 评价器: the screen asks for the reason of that level. */
      chosenLevel: z.number().int().min(1).max(2).nullable().default(null),
      /** A 评价器 stands beside the screen (the simulated one is said 模拟). */
      pad: z.enum(['hid', 'simulated']).nullable().default(null),
      /** Rate later from a phone: the hub's rating page as a QR (SVG drawn by main), valid until `until`. */
      later: z.object({ url: z.string().max(500), qrSvg: z.string().max(200_000), until: z.string() }).nullable().default(null),
    }).nullable().default(null),
  }),
  z.object({ mode: z.literal('message'), counterNumber: z.number().int().nullable(), title: z.string(), body: z.string() }),
  z.object({
    mode: z.literal('checklist'),
    counterNumber: z.number().int().nullable(),
    itemName: z.string(),
    entries: z.array(z.object({ name: z.string(), status: z.string(), statusLabel: z.string() })),
  }),
  /** The applicant reads what they confirm and signs on the pad; the screen answers with `citizen.sign`. */
  z.object({
    mode: z.literal('sign'),
    counterNumber: z.number().int().nullable(),
    requestId: z.string(),
    title: z.string(),
    lines: z.array(z.string()),
    signerName: z.string(),
  }),
]);
export type CitizenView = z.infer<typeof citizenViewSchema>;

export const citizenCalls = {
  /**
   * The citizen screen asks for its counter's view. Only a screen bound to that counter gets it: the
   * Electron shell's own window, or a browser tab holding the `binding` that `citizen.pair` gave it.
   */
  'citizen.attach': call({
    input: z.object({ counterId: z.string().min(1).max(64), binding: z.string().min(16).max(128).optional() }).strict(),
    output: citizenViewSchema,
    access: 'public',
  }),
  /** The clerk at a counter shows a pairing code (6 digits, 2 minutes, once) for a browser citizen screen. */
  'citizen.pairingCode': call({
    input: z.object({}).strict(),
    output: z.object({ code: z.string(), expiresAt: z.string() }),
    access: ['clerk', 'assistant', 'supervisor', 'admin'],
    audited: true,
  }),
  /** The citizen screen types the code; it gets a binding secret to keep for reloads. */
  'citizen.pair': call({
    input: z.object({ counterId: z.string().min(1).max(64), code: z.string().regex(/^\d{6}$/, '请输入 6 位数字配对码') }).strict(),
    output: z.object({ binding: z.string() }),
    access: 'public',
    audited: true,
  }),
  /** In Electron the shell opens the citizen window on the second display; in a browser `opened` is false and the page opens it. */
  'citizen.openScreen': call({
    input: z.object({ counterId: z.string().min(1).max(64) }).strict(),
    output: z.object({ opened: z.boolean() }),
    access: ['clerk', 'assistant', 'supervisor'],
  }),
  /** From the citizen screen attached to a counter: the applicant's signature (PNG) for the pending request. */
  'citizen.sign': call({
    input: z.object({ requestId: z.string().min(1).max(64), pngBase64: z.string().min(16).max(4_000_000) }).strict(),
    output: okSchema,
    access: 'public',
  }),
  'citizen.show': call({ input: z.object({ view: citizenViewSchema }).strict(), output: okSchema, access: ['clerk', 'assistant', 'supervisor'] }),
};

export const citizenEvents = {
  'citizen.view': event({ payload: citizenViewSchema, scope: 'counter' }),
};
