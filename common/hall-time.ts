// Hall time: China has one zone (UTC+8) and no daylight saving, so a fixed offset is exact.
const OFFSET_MS = 8 * 3600_000;

/** The hall's calendar day (YYYY-MM-DD) for an instant. */
export function hallDay(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of `HH:MM` on a hall day. */
export function atHallTime(day: string, hhmm: string): number {
  return Date.parse(`${day}T${hhmm}:00+08:00`);
}

export function hallClock(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(11, 16);
}
