import { t, type MessageKey } from '../../i18n';

/** "3 分钟前" from an ISO time. */
export function ageOf(iso: string, now = Date.now()): string {
  const min = Math.floor((now - Date.parse(iso)) / 60_000);
  if (min < 1) return t('age.justNow');
  if (min < 120) return t('age.minutes', { n: min });
  return t('age.hours', { n: Math.floor(min / 60) });
}

export function stepLabel(step: string | null): string {
  if (!step) return '—';
  const key = `sync.step.${step}` as MessageKey;
  try {
    const s = t(key);
    return s === undefined ? step : s;
  } catch {
    return step;
  }
}

export const timeOf = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
