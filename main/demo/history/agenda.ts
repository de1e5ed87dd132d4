// What the demo history has promised to do later — a helper's arrival, a follow-up's 回访 the next
// working day, a 办不成事 report's next step — run in time order as the moving clock reaches it.
// What falls after the last generated day never runs: that is how open and overdue work is left.

type Job = () => Promise<void> | void;

export class Agenda {
  private jobs: { at: number; seq: number; run: Job }[] = [];
  private seq = 0;

  at(ms: number, run: Job): void {
    this.jobs.push({ at: ms, seq: this.seq++, run });
    // Few jobs at a time (tens): a sort per insert is simpler than a heap and costs nothing here.
    this.jobs.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** Runs every job due by `now`, oldest first (a job may add others, which run if due too). */
  async runUntil(now: number): Promise<void> {
    while (this.jobs.length && this.jobs[0].at <= now) await this.jobs.shift()!.run();
  }
}
