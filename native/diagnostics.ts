// A bounded log a technician can copy from the device page. Fixed capacity: old lines fall off,
// so a reader spamming errors for days cannot grow memory.

export type DiagLevel = 'info' | 'warn' | 'error';

export interface DiagEntry {
  at: string;
  level: DiagLevel;
  source: string;
  message: string;
}

export class DiagnosticsLog {
  private buf: DiagEntry[] = [];
  private next = 0;
  private full = false;

  constructor(readonly capacity = 500) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  add(level: DiagLevel, source: string, message: string): void {
    const e: DiagEntry = { at: new Date().toISOString(), level, source, message: message.slice(0, 2000) };
    if (this.full) this.buf[this.next] = e;
    else this.buf.push(e);
    this.next = (this.next + 1) % this.capacity;
    if (this.next === 0) this.full = true;
  }

  entries(): DiagEntry[] {
    return this.full ? [...this.buf.slice(this.next), ...this.buf.slice(0, this.next)] : [...this.buf];
  }

  /** Plain text, oldest first, for the clipboard. */
  text(): string {
    return this.entries()
      .map((e) => `${e.at} ${e.level.toUpperCase().padEnd(5)} [${e.source}] ${e.message}`)
      .join('\n');
  }

  clear(): void {
    this.buf = [];
    this.next = 0;
    this.full = false;
  }
}
