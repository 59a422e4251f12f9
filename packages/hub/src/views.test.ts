import { describe, expect, it } from 'vitest';
import { subscribeOk, subscriberView, viewKey } from './views.js';

describe('views', () => {
  it('subscribers asking for the same types in any order share one view key', () => {
    const a = subscriberView({ types: ['entity_default', 'shock_applied'], steps: 'delta' });
    const b = subscriberView({ types: ['shock_applied', 'entity_default'], steps: 'delta' });
    expect(viewKey(a)).toBe(viewKey(b));
  });

  it('step encoding and type filter each tell views apart; no filter means every type', () => {
    const all = subscriberView({});
    expect(all).toEqual({ types: null, steps: 'full' });
    const keys = new Set([
      viewKey(all),
      viewKey(subscriberView({ steps: 'delta' })),
      viewKey(subscriberView({ types: ['shock_applied'] })),
      viewKey(subscriberView({ types: [] })),
    ]);
    expect(keys.size).toBe(4);
  });

  it('acks a live subscribe as of now, a replay as of the replay, a miss as resync', () => {
    const runtime = { id: 'sim-a', seq: 12, epoch: 'e1' };
    expect(subscribeOk(runtime)).toEqual({
      ok: true,
      simulationId: 'sim-a',
      currentSeq: 12,
      epoch: 'e1',
      replayed: 0,
      resync: false,
    });
    expect(subscribeOk(runtime, { resync: false, events: [], currentSeq: 11 }, 3)).toMatchObject({
      currentSeq: 11,
      replayed: 3,
      resync: false,
    });
    expect(subscribeOk(runtime, { resync: true, currentSeq: 12 })).toMatchObject({
      replayed: 0,
      resync: true,
    });
  });
});
