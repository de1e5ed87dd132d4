/** Wait statistics in minutes, as the simulation prints them. */
export interface WaitStats {
  n: number;
  p50: number;
  p95: number;
  max: number;
  within10: number;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Nearest-rank percentiles: reproducible and never interpolated past an observed wait. */
export function waitStats(waits: readonly number[], target = 10): WaitStats {
  if (waits.length === 0) return { n: 0, p50: 0, p95: 0, max: 0, within10: 1 };
  const s = [...waits].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return {
    n: s.length,
    p50: round(q(0.5)),
    p95: round(q(0.95)),
    max: round(s[s.length - 1]),
    within10: round(s.filter((w) => w <= target + 1e-9).length / s.length, 4),
  };
}
