// One error type and one registry of the codes every layer shares. `code` is stable (the renderer
// and tests key on it); `message` is the Chinese sentence a clerk can act on. Handlers turn a
// DeskError into `{ ok: false, error: { code, message } }`; anything else becomes INTERNAL.
// Domain codes (CASE_NOT_FOUND, ID_NUMBER_INVALID, …) are thrown with a message written for
// the case at hand; the codes below are the ones any call can end in, so their messages live here
// once and the dispatcher, the preload bridge and the renderer all show the same sentence.

/** The codes any call can end in, with the Chinese message shown when nothing more specific is known. */
export const ERROR_MESSAGES = {
  INVALID_INPUT: '输入不符合要求。',
  UNKNOWN_CALL: '未知的调用。',
  NOT_SIGNED_IN: '请先登录。',
  FORBIDDEN: '当前角色无权进行此操作。',
  /** The session reached its maximum age (a fresh login is needed). */
  SESSION_EXPIRED: '登录已超过最长时限，请重新登录。',
  /** Another clerk took the counter over, or the session was ended elsewhere. */
  SESSION_ENDED: '本次登录已结束，请重新登录。',
  /** Idle lock: the screen stays as it was, the password is asked again. */
  SESSION_LOCKED: '屏幕已锁定，请输入密码解锁。',
  PASSWORD_CHANGE_REQUIRED: '密码已过期或需要更换，请先修改密码。',
  TOO_MANY_ATTEMPTS: '尝试过于频繁，请稍后再试。',
  BAD_CREDENTIALS: '工号或密码不正确。',
  ACCOUNT_LOCKED: '账号已锁定。',
  ACCOUNT_DISABLED: '该账号已停用，请联系大厅管理员。',
  UNKNOWN_COUNTER: '没有这个窗口，请检查窗口号。',
  HUB_UNREACHABLE: '无法连接大厅服务，已转入离线模式；网络恢复后会自动同步。',
  /** The renderer lost its connection to the workstation's own host (browser shell). */
  HOST_UNREACHABLE: '与工作台服务的连接中断，正在重连。',
  INTERNAL: '系统内部错误，请重试或联系技术支持。',
} as const satisfies Record<string, string>;

export type KnownErrorCode = keyof typeof ERROR_MESSAGES;
export const ERROR_CODES = Object.keys(ERROR_MESSAGES) as KnownErrorCode[];

/** The registry's message for a code; an unknown code gets INTERNAL's (never an English or empty text). */
export function errorMessage(code: string): string {
  return Object.hasOwn(ERROR_MESSAGES, code) ? ERROR_MESSAGES[code as KnownErrorCode] : ERROR_MESSAGES.INTERNAL;
}

export class DeskError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DeskError';
  }
}

export function isDeskError(e: unknown): e is DeskError {
  return e instanceof DeskError;
}
