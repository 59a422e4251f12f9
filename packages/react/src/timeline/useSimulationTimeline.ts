'use client';
import { simulationKeys, type TimelineRun } from '@simstream/client';
import type { TimelineResponse } from '@simstream/protocol';
import {
  keepPreviousData,
  type UseQueryOptions,
  useQueries,
  useQuery,
} from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { useLiveSimulation } from '../bridge/useLiveSimulation.js';
import { useStreamContext } from '../useStreamContext.js';
import { LIVE, type TimelineMode, type TimelineSpeed, timelineReducer } from './timelineMachine.js';
import { observeRun } from './timelineRun.js';
import type { TimelinePosition } from './types.js';

export interface UseSimulationTimelineOptions {
  /** Wall time of one step at 1× (ms). Default 1,000 (the server's default step interval). */
  stepIntervalMs?: number;
}

export interface SimulationTimeline {
  mode: TimelineMode;
  speed: TimelineSpeed;
  /** The newest timestep of the live run (the scrubber's end). */
  liveTimestep: number | null;
  /** Timesteps the server still holds, once it has answered (null before). */
  held: { from: number; to: number } | null;
  /** The past moment shown, or null while live (pass it to the kit's components as `at`). */
  position: TimelinePosition | null;
  /** Fetching the asked timestep (the previous one stays shown meanwhile). */
  loading: boolean;
  /** Why the timestep shown is not the one asked (it left the server's log), else null. */
  notice: string | null;
  error: Error | null;
  scrub(timestep: number): void;
  play(): void;
  pause(): void;
  setSpeed(speed: TimelineSpeed): void;
  /** Back to now: the live view, and the timeline's cache entries are dropped. */
  goLive(): void;
}

function noticeOf(data: TimelineResponse | undefined): string | null {
  if (!data || data.requested === null || data.requested === data.snapshot.timestep) return null;
  const { from, to } = data.held;
  return data.requested < from
    ? `Timestep ${data.requested} is no longer held by the server (it holds ${from}–${to}); showing ${data.snapshot.timestep}, the nearest.`
    : `Timestep ${data.requested} has not happened yet (the run is at ${to}); showing ${data.snapshot.timestep}.`;
}

/**
 * Time travel through a run: scrub to any timestep the server still holds, replay forward at
 * 0.5–8×, pause, and return to live. The past comes from `GET …/timeline` under
 * `simulationKeys.timeline(id, run, t)` (the run: epoch and reset count, so a reset never shows
 * the run before), never from or into the live caches, which keep updating underneath; `goLive()` drops the timeline's entries, so afterwards the cache is as if the
 * viewer had never scrubbed.
 *
 * @example
 * const timeline = useSimulationTimeline('demo');
 * <ExposureNetwork simulationId="demo" at={timeline.position} />
 * <RunTimeline timeline={timeline} />
 */
export function useSimulationTimeline(
  simulationId: string,
  options: UseSimulationTimelineOptions = {},
): SimulationTimeline {
  const stepMs = options.stepIntervalMs ?? 1_000;
  const { queryClient } = useStreamContext();
  const queries = useLiveSimulation(simulationId);
  const live = useQuery({ ...queries.snapshot(), enabled: Boolean(simulationId) });
  const [state, dispatch] = useReducer(timelineReducer, LIVE);
  const liveTimestep = live.data?.snapshot.timestep ?? null;
  // The run the live state is in: a reset or a restarted server makes a new one, and the
  // past of the run before is never shown as this run's.
  const run: TimelineRun | null = live.data
    ? observeRun(queryClient, simulationId, live.data.epoch, live.data.snapshot.timestep)
    : null;
  const asked = state.mode === 'live' || !run ? null : state.timestep;
  // No query at all while live (not even a disabled one): the cache then holds live keys only.
  const pastQueries: UseQueryOptions<TimelineResponse>[] =
    asked === null || !run
      ? []
      : [{ ...queries.timeline(run, asked), placeholderData: keepPreviousData }];
  const past = useQueries({ queries: pastQueries })[0];
  // useQueries keeps no previous data across key changes (TanStack/query #7051): hold the last
  // past answer of this run here, so a replay step that is still loading shows the step before
  // it, never a flash of the live state — and never a step of another run.
  const shown = useRef<{ run: string; data: TimelineResponse } | undefined>(undefined);
  const runKey = run ? `${run.epoch}:${run.run}` : '';
  if (asked === null || shown.current?.run !== runKey) shown.current = undefined;
  if (asked !== null && past?.data && !past.isPlaceholderData)
    shown.current = { run: runKey, data: past.data };
  const data = shown.current?.data;
  const answered = data?.requested === asked;

  // The server answered with the nearest held timestep: continue from there.
  useEffect(() => {
    if (answered && data && data.snapshot.timestep !== asked)
      dispatch({ type: 'settle', timestep: data.snapshot.timestep });
  }, [answered, data, asked]);

  // Replay: the next step once the current one is shown, paced by the speed.
  useEffect(() => {
    if (state.mode !== 'playing' || !answered || liveTimestep === null) return;
    const timer = setTimeout(() => dispatch({ type: 'tick', liveTimestep }), stepMs / state.speed);
    return () => clearTimeout(timer);
  }, [state.mode, state.speed, answered, liveTimestep, stepMs]);

  const goLive = useCallback(() => {
    dispatch({ type: 'live' });
    queryClient.removeQueries({ queryKey: simulationKeys.timelines(simulationId) });
  }, [queryClient, simulationId]);

  // Replay reaching now returns to live by itself: drop the timeline's entries then too.
  useEffect(() => {
    if (state.mode === 'live')
      queryClient.removeQueries({ queryKey: simulationKeys.timelines(simulationId) });
  }, [state.mode, queryClient, simulationId]);

  const position = useMemo<TimelinePosition | null>(
    () =>
      data ? { timestep: data.snapshot.timestep, seq: data.seq, snapshot: data.snapshot } : null,
    [data],
  );

  return {
    mode: state.mode,
    speed: state.speed,
    liveTimestep,
    held: data?.held ?? null,
    position: state.mode === 'live' ? null : position,
    loading: asked !== null && !answered,
    notice: answered ? noticeOf(data) : null,
    error: past?.error ?? null,
    scrub: useCallback((timestep: number) => dispatch({ type: 'scrub', timestep }), []),
    play: useCallback(() => dispatch({ type: 'play' }), []),
    pause: useCallback(() => dispatch({ type: 'pause' }), []),
    setSpeed: useCallback((speed: TimelineSpeed) => dispatch({ type: 'speed', speed }), []),
    goLive,
  };
}
