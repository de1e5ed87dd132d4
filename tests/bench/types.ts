/** A measured figure. `ratio` compares it with a baseline measured in the same run (value / baseline). */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  note?: string;
}

/** Each `tests/bench/*.bench.ts` default-exports one suite; `npm run bench` runs them all in one process. */
export interface BenchSuite {
  name: string;
  run(): Promise<BenchFigure[]>;
}
