import { DeskError } from '../../../common/errors';

/** 等保 2.0 身份鉴别: how long a session lives, when it locks, what a password must be. Read from the settings on each use. */
export interface SessionPolicy {
  maxAgeHours: number;
  idleMinutes: number;
}

export interface PasswordPolicy {
  minLength: number;
  /** Of the four classes: upper-case letters, lower-case letters, digits, other characters. */
  minClasses: number;
  /** 0 = never expires. */
  maxAgeDays: number;
  /** How many previous passwords (the current one included) a new one may not repeat. */
  history: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { maxAgeHours: 12, idleMinutes: 15 };
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 8, minClasses: 3, maxAgeDays: 90, history: 5 };

const CLASSES: ReadonlyArray<RegExp> = [/\p{Lu}/u, /\p{Ll}/u, /\p{Nd}/u, /[^\p{Lu}\p{Ll}\p{Nd}]/u];

export function passwordClasses(password: string): number {
  return CLASSES.filter((re) => re.test(password)).length;
}

/** Refuses a new password that breaks the policy, saying in Chinese what it needs. */
export function checkPasswordPolicy(password: string, policy: PasswordPolicy, staffNo: string): void {
  if ([...password].length < policy.minLength) {
    throw new DeskError('PASSWORD_WEAK', `新密码至少需要 ${policy.minLength} 个字符。`);
  }
  if (passwordClasses(password) < policy.minClasses) {
    throw new DeskError('PASSWORD_WEAK', `新密码需包含大写字母、小写字母、数字、符号中的至少 ${policy.minClasses} 类。`);
  }
  if (password.toLowerCase().includes(staffNo.toLowerCase())) {
    throw new DeskError('PASSWORD_WEAK', '新密码不能包含工号。');
  }
}

/** Whether a password set at `changedAt` has outlived the policy at `now`. */
export function passwordExpired(changedAt: string | null, policy: PasswordPolicy, now: Date): boolean {
  if (policy.maxAgeDays === 0 || !changedAt) return false;
  return now.getTime() - Date.parse(changedAt) > policy.maxAgeDays * 86_400_000;
}
