const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The hall's calendar date (Asia/Shanghai, no DST) for an instant, whatever the machine's time zone. */
export function shanghaiDate(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
