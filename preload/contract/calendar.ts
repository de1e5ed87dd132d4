import { z } from 'zod';
import { call } from './define';

const warningSchema = z.object({ year: z.number().int(), message: z.string() }).nullable();

export const calendarCalls = {
  /** Which years' State Council arrangements are imported, and the 「某年放假安排尚未导入」 warning for supervisors. */
  'calendar.status': call({
    input: z.object({}).strict(),
    output: z.object({ coveredYears: z.array(z.number().int()), source: z.string().nullable(), warning: warningSchema }),
    access: ['supervisor', 'admin'],
  }),
  /**
   * Imports the arrangement (the bundled calendar's JSON shape, as the hub serves it) and recounts every
   * open deadline that ran through a newly imported year. Refused whole if it is malformed or drops a year.
   */
  'calendar.import': call({
    input: z.object({ json: z.string().min(2).max(256 * 1024) }).strict(),
    output: z.object({ importedYears: z.array(z.number().int()), checked: z.number().int(), changed: z.number().int() }),
    access: ['admin'],
    audited: true,
  }),
};
