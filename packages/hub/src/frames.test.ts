import type { Envelope } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { replayFrames, tickBatch } from './frames.js';

function envelope(seq: number, type: Envelope['type'] = 'shock_applied'): Envelope {
  return {
    v: 1,
    seq,
    simulationId: 'sim',
    type,
    timestamp: '2026-01-01T00:00:00.000Z',
    data: { shock_type: 'credit_loss', target: 'system', magnitude: 0.1, timestep: seq },
  } as Envelope;
}

describe('frames', () => {
  it('a tick frame spans the whole tick even when the view kept nothing', () => {
    const tick = [envelope(4), envelope(5), envelope(6)];
    expect(tickBatch('sim', tick, [])).toEqual({
      v: 1,
      simulationId: 'sim',
      fromSeq: 4,
      toSeq: 6,
      events: [],
    });
    expect(tickBatch('sim', [], [])).toBeNull();
  });

  it('replay frames tile the replayed range and keep the viewed envelopes in order', () => {
    const logged = Array.from({ length: 7 }, (_, i) => envelope(i + 11));
    const viewed = logged.filter((e) => e.seq % 3 === 0); // 12, 15
    const frames = replayFrames('sim', logged, viewed, 3);
    expect(frames.map((f) => [f.fromSeq, f.toSeq])).toEqual([
      [11, 13],
      [14, 16],
      [17, 17],
    ]);
    expect(frames.map((f) => f.events.map((e) => e.seq))).toEqual([[12], [15], []]);
    expect(replayFrames('sim', [], [])).toEqual([]);
  });
});
