import { createManualClock } from '@simstream/hub';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockStream, type MockStream } from './createMockStream.js';

const started: MockStream[] = [];
afterEach(() => {
  for (const mock of started.splice(0)) mock.dispose();
});

function start(options: Parameters<typeof createMockStream>[0]) {
  const clock = createManualClock(Date.parse('2026-01-01T12:00:00.000Z'));
  const mock = createMockStream({ ...options, clock });
  started.push(mock);
  return { mock, clock };
}

const timestep = (mock: MockStream) => mock.runtime.snapshot().snapshot.timestep;
const defaults = (mock: MockStream) =>
  mock.runtime.eventsSince(0).events.filter((e) => e.type === 'entity_default').length;

describe('createMockStream: speed', () => {
  it('runs a scenario’s steps `speed` times as often on the same clock', () => {
    const steps = (speed: number) => {
      const { mock, clock } = start({ scenario: 'calmMarket', speed });
      const before = timestep(mock);
      clock.advance(4_000);
      return timestep(mock) - before;
    };
    expect(steps(1)).toBe(4);
    expect(steps(2)).toBe(8);
    expect(steps(0.5)).toBe(2);
  });

  it('refuses a speed that is not a positive number', () => {
    expect(() => createMockStream({ speed: 0 })).toThrow(/speed must be a positive number/);
  });
});

describe('crashWithContagion unfolds over time', () => {
  it('starts calm; the crash comes 3 s in and defaults keep arriving over later steps', () => {
    const { mock, clock } = start({ scenario: 'crashWithContagion' });
    expect(defaults(mock)).toBe(0);
    clock.advance(2_900);
    expect(defaults(mock)).toBe(0);
    clock.advance(800);
    const atCrash = defaults(mock);
    expect(atCrash).toBeGreaterThan(0);
    clock.advance(10_000);
    expect(defaults(mock)).toBeGreaterThan(atCrash);
  });

  it('at speed 4 the same story plays in a quarter of the time', () => {
    const { mock, clock } = start({ scenario: 'crashWithContagion', speed: 4 });
    clock.advance(700);
    expect(defaults(mock)).toBe(0);
    clock.advance(250);
    expect(defaults(mock)).toBeGreaterThan(0);
  });
});
