// Seeded randomness for the simulation: same seed → same day. mulberry32 is small, fast and
// good enough for arrival processes; we never need cryptographic quality here.
export class Rng {
  private state: number;
  private spare: number | null = null;
  constructor(seed: number) {
    this.state = (seed >>> 0) ^ 0x9e3779b9;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  normal(mean = 0, sd = 1): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return mean + sd * s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }
  /** One of `shares` ([value, probability] pairs summing to 1), the last one for any remainder. */
  choose<T>(shares: readonly (readonly [T, number])[]): T {
    let u = this.next();
    for (const [v, p] of shares) {
      if (u < p) return v;
      u -= p;
    }
    return shares[shares.length - 1][0];
  }
  /** Log-normal with the given arithmetic mean and standard deviation (not the log-space ones). */
  lognormal(mean: number, sd: number): number {
    const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
    const mu = Math.log(mean) - sigma2 / 2;
    return Math.exp(this.normal(mu, Math.sqrt(sigma2)));
  }
  exponential(rate: number): number {
    let u = 0;
    while (u === 0) u = this.next();
    return -Math.log(u) / rate;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}
