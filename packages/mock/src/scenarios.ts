import type { HubOptions, SimulationRuntime } from '@simstream/hub';
import type { CreateSimulationRequest } from '@simstream/protocol';
import type { MockControls } from './controls.js';

/** What a scenario's setup gets: the runtime (already created) and the controls. */
export interface ScenarioContext {
  runtime: SimulationRuntime;
  controls: MockControls;
}

/** A named situation the mock stream plays out: a simulation config plus what happens to it. */
export interface MockScenario {
  /** One line, shown in Storybook and the README. */
  description: string;
  /** Hub options (e.g. a small replay log for the resync scenario). */
  hub?: Pick<HubOptions, 'logCapacity' | 'keyframeInterval'>;
  /** The simulation to create (the mock fills in `id`, and `seed` when given). */
  simulation: CreateSimulationRequest;
  /** Runs once after the simulation is created: pre-run steps, schedule faults. */
  setup?(context: ScenarioContext): void;
}

/** Run steps until a decision is pending (bounded, so a change in the engine cannot hang a story). */
function runUntilDecision({ runtime, controls }: ScenarioContext, maxSteps = 500): void {
  for (let i = 0; i < maxSteps; i++) {
    if (runtime.decisions().some((d) => d.status === 'pending')) return;
    controls.step();
  }
}

/** No decisions: the NPA threshold is out of reach. */
const noDecisions = { npaThreshold: 1, pauseOnDecision: false, deadlineSteps: 10 };
/**
 * The engine's real policy (NPA above 8 %), which seed 42 crosses at step 1, pausing the
 * simulation until someone answers; the deadline still counts 30 steps.
 */
const eagerDecision = { npaThreshold: 0.08, pauseOnDecision: true, deadlineSteps: 30 };

/**
 * The mock's named fault and market scenarios, each a one-liner: `createMockStream({ scenario: 'crashWithContagion' })`.
 *
 * @example
 * const { handlers, controls } = createMockStream({ scenario: 'flappingConnection' });
 */
export const scenarios = {
  calmMarket: {
    description: 'A quiet market: steady steps every second, no shocks, no decisions.',
    simulation: { stepIntervalMs: 1000, decisionPolicy: noDecisions },
    setup: ({ controls }) => controls.step(5),
  },
  crashWithContagion: {
    description:
      'Calm for 3 s, then a 30 % real-estate crash with 10 % credit losses: banks default, and more follow over the next steps as losses spread through the interbank network.',
    simulation: { stepIntervalMs: 700, density: 0.4, decisionPolicy: noDecisions },
    // Unfolds over time: nothing is pre-run past the first steps, so the first paint shows a
    // live, calm market and the cascade arrives while the viewer watches (seed 42: 14
    // defaults at the crash, then 2, 4 and 2 more over the following ten steps).
    setup: ({ controls }) => {
      controls.step(2);
      controls.after(3000, () => {
        controls.applyShock({
          shock_type: 'asset_price_crash',
          target: 'real_estate',
          magnitude: -0.3,
        });
        controls.applyShock({ shock_type: 'credit_loss', target: 'system', magnitude: 0.1 });
      });
    },
  },
  decisionPending: {
    description:
      "The player's bank crossed its NPA threshold: a decision waits for an answer (the simulation pauses).",
    simulation: { stepIntervalMs: 1000, decisionPolicy: eagerDecision },
    setup: (context) => runUntilDecision(context),
  },
  decisionResolvedElsewhere: {
    description: 'A decision is pending, and another viewer answers it 1.5 s later.',
    simulation: { stepIntervalMs: 1000, decisionPolicy: eagerDecision },
    setup: (context) => {
      runUntilDecision(context);
      context.controls.after(1500, () => context.controls.resolveDecisionElsewhere('alternative'));
    },
  },
  flappingConnection: {
    description:
      'The connection drops every 4 s; the client reconnects and replays what it missed.',
    simulation: { stepIntervalMs: 500, decisionPolicy: noDecisions },
    setup: ({ controls }) => {
      controls.step(3);
      controls.flap(4000);
    },
  },
  halfOpenConnection: {
    description:
      'After 2 s the socket stays open but silently drops everything; the heartbeat catches it.',
    simulation: { stepIntervalMs: 500, decisionPolicy: noDecisions },
    setup: ({ controls }) => {
      controls.step(3);
      controls.after(2000, () => controls.halfOpen());
    },
  },
  serverDown: {
    description: 'The server is down from the start: every connection and request fails.',
    simulation: { stepIntervalMs: 1000, decisionPolicy: noDecisions },
    setup: ({ controls }) => controls.serverDown(),
  },
  authError: {
    description: 'The server refuses the handshake and REST with `unauthorized`.',
    simulation: { stepIntervalMs: 1000, decisionPolicy: noDecisions },
    setup: ({ controls }) => controls.authError(true),
  },
  resyncAfterOutage: {
    description:
      'A 3 s outage while 300 steps run past a 100-event log: the client resyncs from the snapshot.',
    hub: { logCapacity: 100 },
    simulation: { stepIntervalMs: 1000, decisionPolicy: noDecisions },
    setup: ({ controls }) => {
      controls.step(5);
      controls.after(1500, () => {
        controls.serverDown();
        controls.step(300);
        controls.after(3000, () => controls.serverUp());
      });
    },
  },
  backlog10k: {
    description: 'A simulation with a 10,000-event history (small network, slow live steps).',
    hub: { logCapacity: 12_000 },
    simulation: { banks: 6, funds: 1, stepIntervalMs: 2000, decisionPolicy: noDecisions },
    setup: ({ runtime, controls }) => {
      while (runtime.seq < 10_000) {
        if (controls.emitBurst(10_000 - runtime.seq) === 0) break;
      }
    },
  },
  burst200: {
    description: 'A burst of about 200 events per second (small network, 10 s long).',
    hub: { logCapacity: 5_000 },
    simulation: { banks: 6, funds: 1, stepIntervalMs: 60_000, decisionPolicy: noDecisions },
    setup: ({ controls }) => {
      const stop = controls.startBurst(200);
      controls.after(10_000, stop);
    },
  },
} satisfies Record<string, MockScenario>;

/** Name of a built-in scenario. */
export type ScenarioName = keyof typeof scenarios;
