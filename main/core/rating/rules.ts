import { DeskError } from '../../../common/errors';

/**
 * The applicant's rating (好差评), as GB/T 39734-2020 and Shanghai set it: five levels, 1★ and 2★
 * are 差评 and must say why (offline 二级 indicators 服务效率/服务水平/服务态度, plus 其他 typed).
 * These are the only rules a rating is checked against; the screen, the pad and the QR page share them.
 */
export const LEVELS = [5, 4, 3, 2, 1] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_NAMES: Record<Level, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

export const BAD_REASONS = ['efficiency', 'competence', 'attitude', 'other'] as const;
export type BadReason = (typeof BAD_REASONS)[number];
export const BAD_REASON_NAMES: Record<BadReason, string> = { efficiency: '服务效率', competence: '服务水平', attitude: '服务态度', other: '其他' };

export const CHANNELS = ['screen', 'pad', 'qr'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Shanghai: 「1星（非常不满意）、2星（不满意）就是通常意义上的‘差评’」. */
export function isBad(level: number): boolean {
  return level <= 2;
}

/**
 * 好评 for the figures: 基本满意 and above by default (the complement of Shanghai's 差评); a hall that
 * counts only 满意 and above sets 4. Not a national number, so a parameter with that default.
 */
export const DEFAULT_GOOD_MIN = 3;

export interface RatingInput {
  level: number;
  reasons?: readonly string[];
  reasonText?: string | null;
}

export interface CheckedRating {
  level: Level;
  reasons: BadReason[];
  reasonText: string | null;
}

export const REASON_TEXT_MAX = 300;

/** A submission as the rules accept it, or a Chinese error naming what is wrong. */
export function checkRating(input: RatingInput): CheckedRating {
  if (!Number.isInteger(input.level) || input.level < 1 || input.level > 5) {
    throw new DeskError('RATING_BAD_LEVEL', '评价等级应为 1 到 5 星（非常不满意 到 非常满意）。');
  }
  const level = input.level as Level;
  const reasons = [...new Set(input.reasons ?? [])];
  for (const r of reasons) {
    if (!(BAD_REASONS as readonly string[]).includes(r)) throw new DeskError('RATING_BAD_REASON', `差评原因“${r}”无效，请选择服务效率、服务水平、服务态度或其他。`);
  }
  const text = input.reasonText?.trim() ? input.reasonText.trim() : null;
  if (text && text.length > REASON_TEXT_MAX) throw new DeskError('RATING_REASON_TOO_LONG', `差评原因最多 ${REASON_TEXT_MAX} 个字。`);
  if (!isBad(level)) return { level, reasons: [], reasonText: null };
  if (reasons.length === 0 && !text) {
    throw new DeskError('RATING_REASON_REQUIRED', '“不满意”和“非常不满意”属于差评，请选择或填写差评原因后再提交。');
  }
  if (reasons.includes('other') && !text) {
    throw new DeskError('RATING_REASON_REQUIRED', '选择“其他”时请填写具体原因。');
  }
  return { level, reasons: reasons as BadReason[], reasonText: text };
}

/** The reason as one line (export, supervisor list): the chosen dimensions, then the typed text. */
export function reasonLine(reasons: readonly string[], text: string | null): string {
  const names = reasons.filter((r) => r !== 'other' || !text).map((r) => BAD_REASON_NAMES[r as BadReason] ?? r);
  return [...names, ...(text ? [text] : [])].join('；');
}
