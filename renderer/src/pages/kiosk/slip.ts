import type { SlipOutcomeView } from '../../../../preload/contract/queue';
import { t } from '../../i18n';

/** What the kiosk and the counter's 取号 form say about the ticket slip; null when there is nothing to say (no slip printer). */
export function slipMessage(slip: SlipOutcomeView | null, number: string): { failed: boolean; text: string } | null {
  if (!slip || slip.status === 'off') return null;
  if (slip.status === 'failed') return { failed: true, text: t('queue.slip.failed', { reason: slip.reason ?? '', number }) };
  return { failed: false, text: t(slip.status === 'simulated' ? 'queue.slip.simulated' : 'queue.slip.printed') };
}
