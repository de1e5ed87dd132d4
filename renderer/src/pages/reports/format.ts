import { t } from '../../i18n';

export const pct = (v: number | null) => (v === null ? t('reports.none') : `${(v * 100).toFixed(1)}%`);
export const mins = (v: number | null) => (v === null ? t('reports.none') : t('reports.minutes', { n: v }));
export const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
export const signed = (d: number) => (d > 0 ? `+${d}` : String(d));
