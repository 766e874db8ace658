/** One figure of a benchmark run, printed as a table row and written to `bench/results/latest.json`. */
export type BenchRow = {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  /** The same metric for the baseline measured in the same run. */
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  /** The target this figure is held to, in words (e.g. `>= 0.80`). */
  target?: string;
};

/** What every module in `scenarios/` default-exports. */
export type Scenario = () => Promise<BenchRow[]>;
