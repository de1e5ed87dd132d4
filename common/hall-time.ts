// Hall time: every hall is in China, which has one zone (UTC+8) and no daylight saving, so a
// fixed offset is exact and needs no time-zone database. The hub, the workstation and the
// renderer all reckon hall days and clock times with these functions, whatever zone the machine
// (or a test's browser) is set to.
export const HALL_UTC_OFFSET_MS = 8 * 3600_000;

const ms = (at: number | Date) => (typeof at === 'number' ? at : at.getTime());

/** The hall's calendar day (YYYY-MM-DD) for an instant. */
export function hallDay(at: number | Date): string {
  return new Date(ms(at) + HALL_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of `HH:MM` on a hall day. */
export function atHallTime(day: string, hhmm: string): number {
  return Date.parse(`${day}T${hhmm}:00+08:00`);
}

/** Date and time in the hall, `YYYY-MM-DD HH:MM:SS` (audit log, device errors). */
export function hallDateTime(at: number | Date | string): string {
  const t = typeof at === 'string' ? Date.parse(at) : ms(at);
  return new Date(t + HALL_UTC_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** The hall's wall-clock time of an instant: `HH:MM`, or `HH:MM:SS` with seconds. */
export function hallClock(at: number | Date, opts: { seconds?: boolean } = {}): string {
  return new Date(ms(at) + HALL_UTC_OFFSET_MS).toISOString().slice(11, opts.seconds ? 19 : 16);
}
