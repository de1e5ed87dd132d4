import { DeskError } from '../errors';
import { isValidCreditCode } from './credit-code';
import { isValidForeignPermanentResidenceId, isValidHmtResidencePermitNumber } from './permits';
import { isValidResidentIdNumber, normaliseIdNumber } from './resident-id';

export {
  isValidResidentIdNumber, birthDateFromId, sexFromId, maskIdNumber, normaliseIdNumber, makeResidentIdNumber, mod11CheckChar,
} from './resident-id';
export {
  isValidHmtResidencePermitNumber, hmtRegionOf, isValidForeignPermanentResidenceId,
  isValidForeignPermanentResidenceId2017, isValidForeignPermanentResidenceId2023,
} from './permits';
export { maskPersonName } from './name';
export { isValidCreditCode, makeCreditCode, creditCodeCheckChar, CREDIT_CODE_CHARSET } from './credit-code';

export type PersonIdKind = 'resident-id' | 'hmt-residence-permit' | 'foreign-permanent-residence';

/** Which personal document a number is, or null when it is none of them (or fails its check). */
export function classifyPersonId(s: string): PersonIdKind | null {
  if (isValidResidentIdNumber(s)) return 'resident-id';
  if (isValidHmtResidencePermitNumber(s)) return 'hmt-residence-permit';
  if (isValidForeignPermanentResidenceId(s)) return 'foreign-permanent-residence';
  return null;
}

/** Returns the normalised number or throws ID_NUMBER_INVALID. */
export function assertPersonId(s: string, who = '申请人'): string {
  if (!classifyPersonId(s)) {
    throw new DeskError('ID_NUMBER_INVALID', `${who}证件号码“${String(s ?? '')}”校验不通过，请核对后重新输入或重新读卡。`);
  }
  return normaliseIdNumber(s);
}

export function assertCreditCode(s: string, who = '申请单位'): string {
  if (!isValidCreditCode(s)) {
    throw new DeskError('CREDIT_CODE_INVALID', `${who}统一社会信用代码“${String(s ?? '')}”校验不通过，请对照营业执照核对后重新输入。`);
  }
  return String(s).replace(/\s+/g, '').toUpperCase();
}
