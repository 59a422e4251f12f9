import type { SimulationHub, SimulationRuntime } from '@simstream/hub';
import type { CreateSimulationRequest } from '@simstream/protocol';
import type { FastifyBaseLogger } from 'fastify';

/**
 * The demo's settings. Seed 239 keeps the default market calm (no default in 300 steps on its
 * own) and raises a decision at t=1 and two more later, so a visitor usually finds one to answer;
 * 30 steps give a person time to read and decide; after 300 steps the demo starts over.
 */
export const DEMO_SETTINGS = Object.freeze({
  seed: 239,
  maxTimesteps: 300,
  deadlineSteps: 30,
  /** Steps the operator's bank stays defaulted before the demo starts over. */
  restartAfterPlayerDefaultSteps: 20,
});

/** Why the demo restarted. */
export type DemoRestartReason = 'finished' | 'player_defaulted';

/**
 * Create the demo simulation every visitor sees, and keep it answerable: when it finishes, or
 * the operator's bank has been defaulted for `restartAfterPlayerDefaultSteps` steps, it is
 * reset (the normal reset status event) and keeps running. Returns the runtime.
 *
 * @example
 * const demo = startDemoSimulation(hub, { id: 'test-sim-123', stepIntervalMs: 1000, log });
 */
export function startDemoSimulation(
  hub: SimulationHub,
  options: {
    id: string;
    stepIntervalMs: number;
    log: FastifyBaseLogger;
    onRestart?: (reason: DemoRestartReason) => void;
  },
): SimulationRuntime {
  const request: CreateSimulationRequest = {
    id: options.id,
    seed: DEMO_SETTINGS.seed,
    stepIntervalMs: options.stepIntervalMs,
    maxTimesteps: DEMO_SETTINGS.maxTimesteps,
    decisionPolicy: { deadlineSteps: DEMO_SETTINGS.deadlineSteps },
  };
  const created = hub.create(request);
  if (!created.ok) throw new Error(`Could not start the demo simulation: ${created.error.message}`);
  const runtime = created.value;
  const player = runtime.snapshot().snapshot.player_entity_id;
  let playerDefaultedAt: number | null = null;
  let restarting = false;

  const restart = (reason: DemoRestartReason) => {
    if (restarting) return;
    restarting = true;
    // After the current tick's delivery: resetting inside the engine's own step would interleave.
    queueMicrotask(() => {
      restarting = false;
      playerDefaultedAt = null;
      if (hub.get(runtime.id) !== runtime) return; // deleted meanwhile
      options.log.info({ simulationId: runtime.id, reason }, 'demo simulation restarting');
      runtime.reset();
      runtime.start();
      options.onRestart?.(reason);
    });
  };

  runtime.onEvents((events) => {
    for (const event of events) {
      if (event.type === 'entity_default' && event.data.entity_id === player) {
        playerDefaultedAt = event.data.timestep;
      } else if (event.type === 'simulation_status' && event.data.status === 'finished') {
        restart('finished');
      } else if (
        event.type === 'simulation_step' &&
        playerDefaultedAt !== null &&
        event.data.timestep - playerDefaultedAt >= DEMO_SETTINGS.restartAfterPlayerDefaultSteps
      ) {
        restart('player_defaulted');
      }
    }
  });
  return runtime;
}
