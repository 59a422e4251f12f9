import type { BenchRow } from './table.js';

/** What every section gets from the runner. */
export interface SectionContext {
  quick: boolean;
  /** `ulimit -n` of this shell (children inherit it). */
  fileLimit: number;
  log: (line: string) => void;
}

/** One part of `npm run bench`: its name (for `--only=`) and what it measures, as table rows. */
export interface Section {
  name: string;
  run(ctx: SectionContext): Promise<BenchRow[]>;
}
