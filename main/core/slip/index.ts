/**
 * Printing the walk-in ticket slip right after the hub issued the ticket, in the main process
 * (the kiosk has no staff session, so no renderer round trip). Never throws: the ticket is
 * issued whatever the printer does, and the answer says how the slip went.
 */
import { isDeskError } from '../../../common/errors';
import type { SlipPrinter } from '../../../native/slip';
import { renderSlipEscpos } from './escpos';
import { renderSlipPdf } from './pdf';
import type { SlipFacts, SlipOutcome } from './types';

export type { SlipFacts, SlipOutcome } from './types';
export { renderSlipEscpos, slipReceipt, slipText } from './escpos';
export { renderSlipPdf, slipDocument, SLIP_WIDTH_PT } from './pdf';

export interface SlipServiceDeps {
  /** The printer the settings choose now (null: slips are off); read at each print, so a settings change applies at once. */
  printer(): SlipPrinter | null;
  log: { error(m: string): void };
}

export class SlipService {
  constructor(private readonly deps: SlipServiceDeps) {}

  async print(facts: SlipFacts): Promise<SlipOutcome> {
    let printer: SlipPrinter | null;
    try {
      printer = this.deps.printer();
    } catch (e) {
      return this.failed(facts, e);
    }
    if (!printer) return { status: 'off', reason: null };
    try {
      if (printer.format === 'pdf') {
        const { pdf, heightMm } = await renderSlipPdf(facts);
        await printer.print({ data: pdf, title: facts.number, heightMm });
      } else {
        await printer.print({ data: renderSlipEscpos(facts), title: facts.number });
      }
      return { status: printer.simulated ? 'simulated' : 'printed', reason: null };
    } catch (e) {
      return this.failed(facts, e);
    }
  }

  private failed(facts: SlipFacts, e: unknown): SlipOutcome {
    const reason = isDeskError(e) ? e.message.replace(/[。.]$/, '') : '号票打印机出错';
    this.deps.log.error(`slip ${facts.number}: ${e instanceof Error ? e.message : String(e)}`);
    return { status: 'failed', reason };
  }
}
