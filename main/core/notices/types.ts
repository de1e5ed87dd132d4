import type { CaseDetail } from '../cases/queries';

export interface NoticeHall {
  /** e.g. 上海市松江区行政服务中心 */
  name: string;
  /** The issuing body printed above the seal line, e.g. 上海市绿化和市容管理局 */
  issuer?: string;
  address?: string;
  phone?: string;
}

/** A signature printed on its line: who signed, in what capacity, the image, and its binding. */
export interface NoticeSignature {
  id: string;
  signerName: string;
  /** e.g. 委托代理人, 法定代表人本人, 申请人本人 */
  capacity: string;
  png: Buffer;
  at: string;
  timeSource: 'hub' | 'local';
  documentSha256: string | null;
}

export interface NoticeInput {
  case: CaseDetail;
  /** The commitment's signature, when the letter is printed signed. */
  signature?: NoticeSignature | null;
  hall: NoticeHall;
  /** When the notice is printed (ISO instant). */
  printedAt: string;
  /** The hub's page where the applicant may rate this service later (好差评), printed as a QR. */
  rateUrl?: string | null;
}

export type NoticeKind = 'acceptance' | 'rejection' | 'correction' | 'deficiency' | 'commitment' | 'result-receipt';

export const NOTICE_TITLES: Record<NoticeKind, string> = {
  acceptance: '受理通知书',
  rejection: '不予受理通知书',
  correction: '补正材料一次性告知书',
  deficiency: '容缺受理告知书',
  commitment: '告知承诺书',
  'result-receipt': '领取回执',
};
