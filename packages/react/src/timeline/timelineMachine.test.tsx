import { describe, expect, it } from 'vitest';
import { LIVE, type TimelineState, timelineReducer } from './timelineMachine.js';

describe('the timeline state machine', () => {
  it('goes live → scrubbing → playing → live, replaying one step per tick until now', () => {
    let s: TimelineState = LIVE;
    expect(timelineReducer(s, { type: 'play' })).toBe(s); // nothing to replay from live
    s = timelineReducer(s, { type: 'scrub', timestep: 3 });
    expect(s).toEqual({ mode: 'scrubbing', timestep: 3, speed: 1 });
    s = timelineReducer(s, { type: 'speed', speed: 8 });
    s = timelineReducer(s, { type: 'play' });
    expect(s).toEqual({ mode: 'playing', timestep: 3, speed: 8 });
    s = timelineReducer(s, { type: 'tick', liveTimestep: 6 });
    expect(s.timestep).toBe(4);
    s = timelineReducer(s, { type: 'pause' });
    expect(s.mode).toBe('scrubbing');
    expect(timelineReducer(s, { type: 'tick', liveTimestep: 6 })).toBe(s); // paused: no ticks
    s = timelineReducer(s, { type: 'play' });
    s = timelineReducer(s, { type: 'tick', liveTimestep: 6 });
    s = timelineReducer(s, { type: 'tick', liveTimestep: 6 });
    expect(s).toEqual({ mode: 'live', timestep: null, speed: 8 });
  });

  it('moves to the timestep the server answered, and "live" returns from anywhere', () => {
    let s = timelineReducer(LIVE, { type: 'scrub', timestep: 0 });
    s = timelineReducer(s, { type: 'settle', timestep: 120 });
    expect(s).toEqual({ mode: 'scrubbing', timestep: 120, speed: 1 });
    expect(timelineReducer(LIVE, { type: 'settle', timestep: 5 })).toBe(LIVE);
    s = timelineReducer(timelineReducer(s, { type: 'play' }), { type: 'live' });
    expect(s).toEqual({ mode: 'live', timestep: null, speed: 1 });
    expect(timelineReducer(LIVE, { type: 'scrub', timestep: -4.5 }).timestep).toBe(0);
  });
});
