import '../components/testSetup.js';
import { sampleSnapshot } from '@simstream/protocol/testing';
import { toFeedEvent } from '@simstream/client';
import { describe, expect, it } from 'vitest';
import { deltaEvent, envelope } from '../components/fixtures.js';
import { healthSeries } from './healthSeries.js';

let seq = 0;
const step = (timestep: number, health: number, alive: number) =>
  deltaEvent(++seq, timestep, health, alive);

const shock = envelope(
  'shock_applied',
  { shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.3, timestep: 2 },
  999,
);

describe('healthSeries', () => {
  it('turns step events into percent points, oldest first, skipping other events', () => {
    const events = [step(1, 0.9, 30), shock, step(2, 0.855, 28)];
    expect(healthSeries(events, undefined, 10)).toEqual([
      { timestep: 1, health: 90, aliveAgents: 30 },
      { timestep: 2, health: 85.5, aliveAgents: 28 },
    ]);
  });

  it('reads the step summaries the events query holds like the steps they summarize', () => {
    const events = [step(1, 0.9, 30), shock, step(2, 0.855, 28)];
    const feed = events.map(toFeedEvent);
    expect(feed.some((e) => e.type === 'simulation_step' && 'snapshot' in e.data)).toBe(false);
    expect(healthSeries(feed, undefined, 10)).toEqual(healthSeries(events, undefined, 10));
    expect(healthSeries(feed, undefined, 10)).toHaveLength(2);
  });

  it('keeps only the newest `size` points', () => {
    const events = [1, 2, 3, 4, 5].map((t) => step(t, 1, 30));
    expect(healthSeries(events, undefined, 2).map((p) => p.timestep)).toEqual([4, 5]);
  });

  it('starts the line again after a reset instead of drawing back in time', () => {
    const events = [step(7, 0.5, 20), step(8, 0.4, 18), step(1, 1, 30), step(2, 0.99, 30)];
    expect(healthSeries(events, undefined, 10).map((p) => p.timestep)).toEqual([1, 2]);
  });

  it('adds the snapshot when it is ahead of the events, and ignores it otherwise', () => {
    const ahead = { ...sampleSnapshot(), timestep: 3, system_health: 0.5, alive_agents: 12 };
    const events = [step(1, 0.9, 30), step(2, 0.8, 25)];
    expect(healthSeries(events, ahead, 10).at(-1)).toEqual({
      timestep: 3,
      health: 50,
      aliveAgents: 12,
    });
    expect(healthSeries(events, { ...ahead, timestep: 2 }, 10)).toHaveLength(2);
    expect(healthSeries([], ahead, 10)).toEqual([{ timestep: 3, health: 50, aliveAgents: 12 }]);
  });
});
