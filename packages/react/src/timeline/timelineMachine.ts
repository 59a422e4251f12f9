/**
 * Where a viewer of a run is: following it live, holding a past timestep (scrubbing), or
 * replaying it forward (playing). Pure, so the transitions are tested without React.
 */
export type TimelineMode = 'live' | 'scrubbing' | 'playing';

/** Replay speeds offered (× the simulation's step interval). */
export const TIMELINE_SPEEDS = [0.5, 1, 2, 4, 8] as const;
export type TimelineSpeed = (typeof TIMELINE_SPEEDS)[number];

export interface TimelineState {
  mode: TimelineMode;
  /** The timestep shown; null while live. */
  timestep: number | null;
  speed: TimelineSpeed;
}

export type TimelineAction =
  /** Show a timestep (from any mode; playing stops). */
  | { type: 'scrub'; timestep: number }
  /** Replay forward from the timestep shown (from live: from `from`). */
  | { type: 'play'; from?: number }
  | { type: 'pause' }
  /** The next replayed step; reaching the live timestep returns to live. */
  | { type: 'tick'; liveTimestep: number }
  /** The server answered with another timestep (the one asked is no longer held). */
  | { type: 'settle'; timestep: number }
  | { type: 'speed'; speed: TimelineSpeed }
  | { type: 'live' };

export const LIVE: TimelineState = { mode: 'live', timestep: null, speed: 1 };

/**
 * The timeline's transitions: live → scrubbing (scrub) → playing (play) → scrubbing (pause)
 * or live (a tick reaching now, or `live`).
 *
 * @example
 * let s = timelineReducer(LIVE, { type: 'scrub', timestep: 12 }); // scrubbing at 12
 * s = timelineReducer(s, { type: 'play' });                       // playing from 12
 * s = timelineReducer(s, { type: 'tick', liveTimestep: 40 });     // playing at 13
 */
export function timelineReducer(state: TimelineState, action: TimelineAction): TimelineState {
  switch (action.type) {
    case 'scrub':
      return { ...state, mode: 'scrubbing', timestep: Math.max(0, Math.floor(action.timestep)) };
    case 'play': {
      const from = state.timestep ?? action.from;
      return from === undefined ? state : { ...state, mode: 'playing', timestep: from };
    }
    case 'pause':
      return state.mode === 'playing' ? { ...state, mode: 'scrubbing' } : state;
    case 'tick': {
      if (state.mode !== 'playing' || state.timestep === null) return state;
      const next = state.timestep + 1;
      return next >= action.liveTimestep
        ? { ...state, mode: 'live', timestep: null }
        : { ...state, timestep: next };
    }
    case 'settle':
      return state.mode === 'live' || state.timestep === action.timestep
        ? state
        : { ...state, timestep: action.timestep };
    case 'speed':
      return { ...state, speed: action.speed };
    case 'live':
      return { ...state, mode: 'live', timestep: null };
  }
}
