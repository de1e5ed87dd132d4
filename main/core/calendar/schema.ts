import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** One year of the State Council's arrangement: days off on weekdays, and make-up working days (调休) on weekends. */
export const calendarYearSchema = z.object({
  holidays: z.array(isoDate),
  workdays: z.array(isoDate),
});

/** The shape the hub serves at its calendar feed and the shape of resources/calendar/cn-holidays.json. */
export const holidayCalendarSchema = z
  .object({
    source: z.string().optional(),
    updatedAt: isoDate.optional(),
    years: z.record(z.string().regex(/^\d{4}$/), calendarYearSchema),
  })
  .superRefine((cal, ctx) => {
    for (const [year, y] of Object.entries(cal.years)) {
      const seen = new Set<string>();
      for (const d of [...y.holidays, ...y.workdays]) {
        if (!d.startsWith(`${year}-`)) ctx.addIssue({ code: 'custom', message: `${d} 不属于 ${year} 年` });
        if (seen.has(d)) ctx.addIssue({ code: 'custom', message: `${d} 同时或重复出现在放假和调休上班中` });
        seen.add(d);
      }
    }
  });

export type HolidayCalendarData = z.infer<typeof holidayCalendarSchema>;
