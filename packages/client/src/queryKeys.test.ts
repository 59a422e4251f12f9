import { describe, expect, it } from 'vitest';
import { simulationKeys } from './queryKeys.js';

describe('query keys', () => {
  it('nest under the simulation so one invalidation covers all of its queries', () => {
    const detail = simulationKeys.detail('s1');
    for (const key of [
      simulationKeys.snapshot('s1'),
      simulationKeys.events('s1'),
      simulationKeys.decisions('s1'),
      simulationKeys.entity('s1', 'BANK_001'),
    ]) {
      expect(key.slice(0, detail.length)).toEqual(detail);
    }
    expect(simulationKeys.snapshot('s1')).not.toEqual(simulationKeys.snapshot('s2'));
  });
});
