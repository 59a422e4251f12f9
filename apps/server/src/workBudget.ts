import { presetSettings, RUNTIME_DEFAULTS, type CoreHub, type CoreRuntime } from '@simstream/hub';
import type { CreateSimulationRequest, ProtocolError } from '@simstream/protocol';

/** The server-wide limits on simulation work (from `MAX_SIMULATIONS` and `MAX_WORK`). */
export interface WorkLimits {
  /** Most simulations at once, running or not. */
  maxSimulations: number;
  /** Most entity-steps per second summed over every ticking simulation. */
  maxWork: number;
}

/**
 * Entity-steps per second a simulation costs while it ticks: each step touches every bank and
 * fund, `1000 / stepIntervalMs` times a second.
 *
 * @example
 * workOf({ banks: 25, funds: 5, stepIntervalMs: 1000 }); // 30
 */
export function workOf(settings: { banks: number; funds: number; stepIntervalMs: number }): number {
  return ((settings.banks + settings.funds) * 1000) / settings.stepIntervalMs;
}

/** One decimal at most: the usage sentence is for people. */
const fmt = (n: number) => String(Math.round(n * 10) / 10);

/**
 * Admission control for simulation work, so anonymous creates cannot slow the server down for
 * every viewer: refuses a create beyond `maxSimulations`, and a create or resume that would push
 * the summed work of ticking simulations above `maxWork`. Refusals are `rate_limited` errors
 * whose message names the limit and the current usage.
 *
 * @example
 * const budget = createWorkBudget(hub, { maxSimulations: 20, maxWork: 3000 }, 1000);
 * const refused = budget.admitCreate(request);
 * if (refused) return sendError(reply, metrics, refused);
 */
export function createWorkBudget(hub: CoreHub, limits: WorkLimits, defaultStepIntervalMs: number) {
  const usage = () =>
    hub
      .list()
      .filter((runtime) => runtime.ticking)
      .reduce((sum, runtime) => sum + workOf(runtime.settings), 0);

  const admitWork = (extra: number, what: string): ProtocolError | null => {
    if (extra <= 0) return null;
    const current = usage();
    if (current + extra <= limits.maxWork) return null;
    return {
      code: 'rate_limited',
      message:
        `The server's work limit (MAX_WORK ${limits.maxWork} entity-steps per second) would be exceeded: ` +
        `running simulations use ${fmt(current)} and ${what} needs ${fmt(extra)}. ` +
        'Use fewer banks and funds, a longer stepIntervalMs, or pause or delete another simulation.',
    };
  };

  return {
    /** Entity-steps per second of every ticking simulation now. */
    usage,
    /** Null when a simulation made from `request` fits, else the error to answer with. */
    admitCreate(request: CreateSimulationRequest): ProtocolError | null {
      const count = hub.list().length;
      if (count >= limits.maxSimulations) {
        return {
          code: 'rate_limited',
          message:
            `The server's simulation limit (MAX_SIMULATIONS ${limits.maxSimulations}) is reached: ` +
            `${count} simulations exist. Delete one first.`,
        };
      }
      if (request.autoStart === false) return null;
      // A preset brings its own size (gai-kapadia: 1,000 banks) unless the request sets one.
      const preset = presetSettings(request.preset);
      const work = workOf({
        banks: request.banks ?? preset.banks ?? RUNTIME_DEFAULTS.banks,
        funds: request.funds ?? preset.funds ?? RUNTIME_DEFAULTS.funds,
        stepIntervalMs: request.stepIntervalMs ?? defaultStepIntervalMs,
      });
      return admitWork(work, 'this simulation');
    },
    /** Null when resuming `runtime` fits (or it already ticks), else the error to answer with. */
    admitResume(runtime: CoreRuntime): ProtocolError | null {
      if (runtime.ticking) return null;
      return admitWork(workOf(runtime.settings), `resuming ${runtime.id}`);
    },
  };
}

export type WorkBudget = ReturnType<typeof createWorkBudget>;
