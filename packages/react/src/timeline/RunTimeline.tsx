'use client';
import { Pause, Play, Radio } from '../lib/icons.js';
import { useId } from 'react';
import { TIMELINE_SPEEDS, type TimelineSpeed } from './timelineMachine.js';
import type { SimulationTimeline } from './useSimulationTimeline.js';

export interface RunTimelineProps {
  /** From `useSimulationTimeline(id)`. */
  timeline: SimulationTimeline;
  className?: string;
}

const button =
  'inline-flex items-center gap-1 rounded-md border border-ss-border px-2 py-1 text-xs hover:bg-ss-muted disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-ss-ring';

/**
 * The controls of time travel: a scrubber over the timesteps of the run, play/pause, the replay
 * speed (0.5–8×) and "Live". Says which timestep is shown, and why another one is when the
 * asked one is no longer held. `data-state` is `live`, `scrubbing` or `playing`.
 *
 * @example
 * const timeline = useSimulationTimeline(id);
 * <RunTimeline timeline={timeline} />
 */
export function RunTimeline({ timeline, className }: RunTimelineProps) {
  const sliderId = useId();
  const { mode, liveTimestep, position, held, notice } = timeline;
  const live = mode === 'live';
  const max = Math.max(liveTimestep ?? 0, position?.timestep ?? 0);
  const min = Math.min(held?.from ?? 0, max);
  const value = live ? max : (position?.timestep ?? max);
  const status = live
    ? `Live at timestep ${liveTimestep ?? '…'}`
    : `${mode === 'playing' ? 'Replaying' : 'Viewing'} timestep ${position?.timestep ?? '…'} of ${liveTimestep ?? '…'}${timeline.loading ? ' (loading)' : ''}`;
  return (
    <fieldset
      data-simstream=""
      data-slot="run-timeline"
      data-state={mode}
      aria-label="Run timeline"
      className={className}
    >
      {mode === 'playing' ? (
        <button type="button" className={button} onClick={timeline.pause}>
          <Pause aria-hidden="true" className="size-3.5" /> Pause
        </button>
      ) : (
        <button type="button" className={button} onClick={timeline.play} disabled={live}>
          <Play aria-hidden="true" className="size-3.5" /> Play
        </button>
      )}
      <label htmlFor={sliderId} className="sr-only">
        Timestep
      </label>
      <input
        id={sliderId}
        type="range"
        min={min}
        max={max}
        step={1}
        value={value}
        aria-valuetext={`Timestep ${value} of ${max}`}
        onChange={(e) => timeline.scrub(Number(e.currentTarget.value))}
        className="min-w-32 flex-1 accent-[var(--ss-ring)]"
      />
      <label className="inline-flex items-center gap-1 text-xs">
        Speed
        <select
          value={timeline.speed}
          onChange={(e) => timeline.setSpeed(Number(e.currentTarget.value) as TimelineSpeed)}
          className="rounded-md border border-ss-border bg-ss-background px-1 py-0.5"
        >
          {TIMELINE_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <button type="button" className={button} aria-pressed={live} onClick={timeline.goLive}>
        <Radio aria-hidden="true" className="size-3.5" /> Live
      </button>
      <p role="status" className="w-full text-xs text-ss-muted-foreground">
        {status}
        {notice && <span className="block text-ss-foreground">{notice}</span>}
        {timeline.error && (
          <span className="block text-ss-error">
            Could not load that timestep: {timeline.error.message}
          </span>
        )}
      </p>
    </fieldset>
  );
}
