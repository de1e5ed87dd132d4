import { errorMessage } from '../../../common/errors';
import { callLabels, eventLabels } from './actions';
import { zhCN, type MessageKey } from './zh-CN';

/**
 * The one i18n layer: typed keys (a missing key is a compile error) and `{name}` parameters.
 * A library such as i18next would add plural/locale machinery this single-locale UI does not use.
 */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  let s: string = zhCN[key];
  if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

/** The message for an error from a call: the server's Chinese message, else the code's one from the registry (common/errors.ts). */
export function errorText(error: { code: string; message: string }): string {
  return error.message || errorMessage(error.code);
}

export type { MessageKey };

/** Audit actions are contract call names or main's own events; each has a Chinese name. */
export function actionLabel(action: string): string {
  return (callLabels as Record<string, string>)[action] ?? eventLabels[action] ?? t('action.unknown', { code: action });
}
