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

  it('key a past timestep by its run: the same timestep after a reset or a restart is another entry', () => {
    const first = simulationKeys.timeline('s1', { epoch: 'e1', run: 0 }, 5);
    const timelines = simulationKeys.timelines('s1');
    expect(first.slice(0, timelines.length)).toEqual(timelines);
    expect(simulationKeys.timeline('s1', { epoch: 'e1', run: 1 }, 5)).not.toEqual(first);
    expect(simulationKeys.timeline('s1', { epoch: 'e2', run: 0 }, 5)).not.toEqual(first);
  });
});
