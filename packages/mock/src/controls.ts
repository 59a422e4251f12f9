import type { Clock, SimulationRuntime } from '@simstream/hub';
import type { DecisionChoice, ShockInput } from '@simstream/protocol';
import type { MockServer } from './mockServer.js';

/** Faults and stimuli a story, a test or a scenario applies to a running mock stream. */
export interface MockControls {
  /** Close every open connection (a network blip): clients reconnect and replay from `lastSeq`. */
  dropConnection(): void;
  /** Take the server down: connections are dropped and refused, REST fails with a network error. */
  serverDown(): void;
  /** Bring the server back up; waiting clients connect on their next retry. */
  serverUp(): void;
  /** Make open connections half-open: still open, but every packet both ways is dropped. */
  halfOpen(): void;
  /** Refuse handshakes and REST with `unauthorized` (true) or accept again (false). */
  authError(on?: boolean): void;
  /** Run engine steps now until at least `n` events were emitted; returns how many were. */
  emitBurst(n: number): number;
  /** Emit about `eventsPerSecond` events each second (in 20 ms slices) until the returned stop is called. */
  startBurst(eventsPerSecond: number): () => void;
  /** Drop every connection every `everyMs` until the returned stop is called. */
  flap(everyMs: number): () => void;
  /** Run `n` engine steps now. */
  step(n?: number): void;
  /** Answer the pending decision as another viewer (what a second browser tab would do). */
  resolveDecisionElsewhere(choice?: DecisionChoice, viewer?: string): boolean;
  applyShock(shock: ShockInput): void;
  pause(): void;
  resume(): void;
  /** Call `fn` once after `ms` on the mock's clock; returns its cancel. */
  after(ms: number, fn: () => void): () => void;
}

/**
 * Controls bound to one mock server and runtime. Timers run on the mock's clock, so tests
 * with a manual clock drive them deterministically.
 *
 * @example
 * const controls = createControls(server, runtime, clock, timers);
 * controls.serverDown(); controls.step(50); controls.serverUp();
 */
export function createControls(
  server: MockServer,
  runtime: SimulationRuntime,
  clock: Clock,
  timers: Set<() => void>,
): MockControls {
  const every = (ms: number, fn: () => void): (() => void) => {
    const handle = clock.setInterval(fn, ms);
    const stop = () => {
      clock.clearInterval(handle);
      timers.delete(stop);
    };
    timers.add(stop);
    return stop;
  };

  const controls: MockControls = {
    dropConnection: () => server.dropAll(),
    serverDown() {
      server.faults.down = true;
      server.dropAll();
    },
    serverUp() {
      server.faults.down = false;
    },
    halfOpen: () => server.silenceAll(),
    authError(on = true) {
      server.faults.unauthorized = on;
      if (on) server.dropAll();
    },
    emitBurst(n) {
      let emitted = 0;
      // A paused or finished engine emits nothing: give up rather than spin.
      for (let idle = 0; emitted < n && idle < 3; ) {
        const events = runtime.stepNow().length;
        emitted += events;
        idle = events === 0 ? idle + 1 : 0;
      }
      return emitted;
    },
    startBurst(eventsPerSecond) {
      const perSlice = Math.max(1, Math.round(eventsPerSecond / 50));
      return every(20, () => controls.emitBurst(perSlice));
    },
    flap: (everyMs) => every(everyMs, () => server.dropAll()),
    step(n = 1) {
      for (let i = 0; i < n; i++) runtime.stepNow();
    },
    resolveDecisionElsewhere(choice = 'alternative', viewer = 'another-viewer') {
      const pending = runtime.decisions().findLast((d) => d.status === 'pending');
      if (!pending) return false;
      const ack = runtime.answerDecision({
        decisionId: pending.decision_id,
        choice,
        idempotencyKey: `${viewer}-${pending.decision_id}`,
        answeredBy: viewer,
      });
      return ack.ok && ack.status === 'accepted';
    },
    applyShock: (shock) => void runtime.applyShock(shock),
    pause: () => runtime.pause(),
    resume: () => runtime.resume(),
    after(ms, fn) {
      const stop = every(ms, () => {
        stop();
        fn();
      });
      return stop;
    },
  };
  return controls;
}
