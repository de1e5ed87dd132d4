import { currentCalendar } from '../../core/calendar';
import { importCalendar } from '../../core/calendar/saved';
import { sessionOf, type Connection } from '../context';
import type { IntakeDomain } from '../domains/intake';
import type { HandlerMap } from './types';

/** The holiday calendar belongs to intake (due dates); an import is saved in the data directory. */
export interface CalendarContext {
  conn: Connection;
  intake: IntakeDomain;
  dataDir: string;
}

export const calendarHandlers: HandlerMap<'calendar.status' | 'calendar.import', CalendarContext> = {
  'calendar.status'(_input, ctx) {
    const cal = currentCalendar();
    return { coveredYears: cal.coveredYears(), source: cal.data.source ?? null, warning: cal.importWarning(ctx.intake.today()) };
  },
  'calendar.import'({ json }, ctx) {
    const years = importCalendar(ctx.dataDir, json);
    const s = sessionOf(ctx);
    const r = ctx.intake.cases.recomputeDeadlines(years, { staffId: s.staff.id, counterId: s.counterId ?? 'ADMIN' });
    return { importedYears: years, ...r };
  },
};
