// Keyboard-wedge scan detection, pure: no DOM, no Node. The renderer feeds it keydown events as
// {key, timeStamp}; it tells a scanner's burst from a person typing by inter-key timing and the
// terminator. Defaults follow onScan.js / jQuery-Scanner-Detection (avgTimeByChar 30 ms,
// minLength 6, Enter/Tab terminator, 100 ms quiet time).

export interface WedgeKey {
  key: string;
  /** milliseconds, monotonic (KeyboardEvent.timeStamp or performance.now()) */
  timeStamp: number;
}

export interface WedgeOptions {
  avgTimeByChar?: number;
  /** Any single gap above this means a human is involved. */
  maxGap?: number;
  minLength?: number;
  terminators?: string[];
  /** Quiet time after which a terminator-less burst is judged. */
  timeBeforeScanTest?: number;
  /** Optional programmed prefix/suffix (stripped from the result; a prefix forces scan mode). */
  prefix?: string;
  suffix?: string;
}

export type WedgeResult =
  | { type: 'scan'; data: string; avgMs: number }
  | { type: 'typing'; text: string };

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'AltGraph', 'Process', 'Unidentified', 'Dead']);

export class WedgeDetector {
  private chars: string[] = [];
  private times: number[] = [];
  private readonly o: Required<Omit<WedgeOptions, 'prefix' | 'suffix'>> & Pick<WedgeOptions, 'prefix' | 'suffix'>;

  constructor(opts: WedgeOptions = {}) {
    this.o = {
      avgTimeByChar: opts.avgTimeByChar ?? 30,
      maxGap: opts.maxGap ?? 80,
      minLength: opts.minLength ?? 6,
      terminators: opts.terminators ?? ['Enter', 'Tab'],
      timeBeforeScanTest: opts.timeBeforeScanTest ?? 100,
      prefix: opts.prefix,
      suffix: opts.suffix,
    };
  }

  /** True while a burst is being collected: the renderer may hold back the keystrokes. */
  get collecting(): boolean {
    return this.chars.length > 0;
  }

  /**
   * Feed one keydown. Returns a verdict when the burst ends (terminator, a non-character key,
   * or a gap too long for a scanner), otherwise undefined.
   */
  push(ev: WedgeKey): WedgeResult | undefined {
    if (MODIFIERS.has(ev.key)) return undefined;
    let verdict: WedgeResult | undefined;
    const last = this.times[this.times.length - 1];
    // a long pause closes the previous burst before this key starts a new one
    if (last !== undefined && ev.timeStamp - last > Math.max(this.o.timeBeforeScanTest, this.o.maxGap)) {
      verdict = this.judge(undefined);
    }
    if (this.o.terminators.includes(ev.key)) {
      const v = this.judge(ev.timeStamp);
      return v ?? verdict;
    }
    if ([...ev.key].length !== 1) {
      // Backspace, arrows…: a human is editing
      const v = this.judge(undefined, true);
      return v ?? verdict;
    }
    this.chars.push(ev.key);
    this.times.push(ev.timeStamp);
    return verdict;
  }

  /** Call from a timer (≥ timeBeforeScanTest after the last key) to judge a burst without terminator. */
  flush(now: number): WedgeResult | undefined {
    const last = this.times[this.times.length - 1];
    if (last === undefined || now - last < this.o.timeBeforeScanTest) return undefined;
    return this.judge(undefined);
  }

  reset(): void {
    this.chars = [];
    this.times = [];
  }

  private judge(terminatorAt: number | undefined, forceTyping = false): WedgeResult | undefined {
    const chars = this.chars;
    const times = this.times;
    this.reset();
    if (chars.length === 0) return undefined;
    let text = chars.join('');
    if (forceTyping) return { type: 'typing', text };
    const stamps = terminatorAt === undefined ? times : [...times, terminatorAt];
    let maxGap = 0;
    for (let i = 1; i < stamps.length; i++) maxGap = Math.max(maxGap, stamps[i] - stamps[i - 1]);
    const avgMs = stamps.length > 1 ? (stamps[stamps.length - 1] - stamps[0]) / (stamps.length - 1) : Infinity;
    const { prefix, suffix } = this.o;
    const hasPrefix = !!prefix && text.startsWith(prefix);
    if (hasPrefix) text = text.slice(prefix!.length);
    if (suffix && text.endsWith(suffix)) text = text.slice(0, -suffix.length);
    const fast = avgMs <= this.o.avgTimeByChar && maxGap <= this.o.maxGap;
    if ((fast || (hasPrefix && maxGap <= this.o.maxGap)) && text.length >= this.o.minLength) return { type: 'scan', data: text, avgMs };
    return { type: 'typing', text: chars.join('') };
  }
}
