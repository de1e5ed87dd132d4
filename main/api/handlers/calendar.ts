import { currentCalendar } from '../../core/calendar';
import { importCalendar } from '../../core/calendar/saved';
import { sessionOf } from '../context';
import type { HandlerMap } from './types';

export const calendarHandlers: HandlerMap<'calendar.status' | 'calendar.import'> = {
  'calendar.status'(_input, ctx) {
    const cal = currentCalendar();
    return { coveredYears: cal.coveredYears(), source: cal.data.source ?? null, warning: cal.importWarning(ctx.ws.intake.today()) };
  },
  'calendar.import'({ json }, ctx) {
    const years = importCalendar(ctx.ws.opts.dataDir, json);
    const s = sessionOf(ctx);
    const r = ctx.ws.intake.cases.recomputeDeadlines(years, { staffId: s.staff.id, counterId: s.counterId ?? 'ADMIN' });
    return { importedYears: years, ...r };
  },
};
