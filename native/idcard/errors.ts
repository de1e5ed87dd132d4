import { DeskError } from '../../common/errors';

// One typed error for everything the reader path can throw, so callers (and the fuzz test)
// can rely on `instanceof IdCardError` and a stable `code`.
export class IdCardError extends DeskError {
  constructor(code: string, message: string, readonly sw3?: number, details?: Record<string, unknown>) {
    super(code, message, { ...details, ...(sw3 === undefined ? {} : { sw3 }) });
    this.name = 'IdCardError';
  }
}

export const SW3 = {
  OK: 0x90,
  FOUND: 0x9f,
  NO_ITEM: 0x91,
} as const;

/** GA 467 SW3 codes other than success, with the clerk-facing message. */
const STATUS: Record<number, [code: string, message: string]> = {
  0x91: ['IDCARD_NO_SUCH_ITEM', '卡内没有该项信息（例如没有追加住址），可忽略。'],
  0x10: ['IDCARD_SAM_CHECKSUM', '读卡器收到的数据校验错误，请重试；反复出现请检查连接线。'],
  0x11: ['IDCARD_SAM_LENGTH', '读卡器收到的数据长度错误，请重试；反复出现请重启读卡器。'],
  0x21: ['IDCARD_SAM_COMMAND', '读卡器拒绝了命令（命令或参数错误），请重启读卡器后重试。'],
  0x23: ['IDCARD_SAM_UNAUTHORISED', '读卡器报告越权操作，请重启读卡器；仍不行请联系技术人员。'],
  0x24: ['IDCARD_SAM_UNKNOWN', '读卡器报告无法识别的错误，请把证件拿开后重新放置。'],
  0x31: ['IDCARD_CARD_AUTH_SAM', '证件未能认证读卡器安全模块，请重新放置证件；仍失败请联系技术人员。'],
  0x32: ['IDCARD_SAM_AUTH_CARD', '读卡器未能认证证件，证件可能损坏或非真实证件，请人工核验。'],
  0x33: ['IDCARD_VERIFY_FAILED', '证件信息验证错误，请重新放置证件；仍失败请人工核验。'],
  0x40: ['IDCARD_UNKNOWN_CARD', '无法识别的卡类型，请放置居民身份证、居住证或外国人永久居留身份证。'],
  0x41: ['IDCARD_READ_FAILED', '读卡失败，请把证件平放在读卡区中央，不要移动，然后重试。'],
  0x47: ['IDCARD_RANDOM_FAILED', '读卡器取随机数失败，请重新放置证件后重试。'],
  0x60: ['IDCARD_SAM_SELFTEST', '读卡器安全模块自检失败，请重启读卡器；仍失败请联系技术人员更换设备。'],
  0x66: ['IDCARD_SAM_NOT_AUTHORISED', '读卡器安全模块未授权，请联系技术人员。'],
  0x80: ['IDCARD_NO_CARD', '未检测到证件，请把证件放在读卡区。'],
  0x81: ['IDCARD_SELECT_FAILED', '选卡失败，请把证件拿开后重新放置。'],
};

export function statusError(sw3: number, context?: string): IdCardError {
  const known = STATUS[sw3];
  const hex = sw3.toString(16).padStart(2, '0').toUpperCase();
  if (known) return new IdCardError(known[0], known[1], sw3, context ? { context } : undefined);
  return new IdCardError('IDCARD_STATUS_UNKNOWN', `读卡器返回未知状态码 ${hex}，请重启读卡器后重试。`, sw3, context ? { context } : undefined);
}

/** Every SW3 the table knows, for tests and diagnostics. */
export const KNOWN_STATUS_CODES: number[] = Object.keys(STATUS).map(Number);

export function isIdCardError(e: unknown): e is IdCardError {
  return e instanceof IdCardError;
}
