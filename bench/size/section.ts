import type { Section } from '../lib/section.js';
import { type BenchRow, row } from '../lib/table.js';
import { loadSizeChecks, measureCheck, parseLimit } from './measure.js';

/** The kit's bundle against the 25 KB target of issue 13, and what its heaviest dependencies cost. */
export const sizeSection: Section = {
  name: 'size',
  async run() {
    const [kit] = await loadSizeChecks();
    if (!kit) throw new Error('.size-limit.mjs has no check');
    const target = parseLimit('25 KB');
    const total = await measureCheck(kit);
    const base = {
      section: 'bundle',
      unit: 'KB',
      baselineLabel: 'budget',
      baseline: target / 1000,
    };
    const rows: BenchRow[] = [
      row(
        { ...base, metric: 'react + client, min+gzip, peers excluded', ours: total / 1000 },
        { max: 1.0 },
      ),
    ];
    for (const dependency of ['valibot']) {
      const without = await measureCheck(kit, [dependency]);
      rows.push(
        row({
          ...base,
          metric: `  of which ${dependency}`,
          ours: (total - without) / 1000,
        }),
      );
    }
    return rows;
  },
};
