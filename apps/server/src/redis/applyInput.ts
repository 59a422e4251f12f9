import type { SimulationRuntime } from '@simstream/hub';
import type { ShockInput } from '@simstream/protocol';
import type { StoredInput } from './runtimeStore.js';

type AnswerInput = Parameters<SimulationRuntime['answerDecision']>[0];

/**
 * Apply one logged input to a runtime (live, or again in a rebuild); returns what the runtime
 * answered.
 *
 * @example
 * clock.at(input.at, () => applyInput(driver, input));
 */
export function applyInput(driver: SimulationRuntime, input: StoredInput): unknown {
  switch (input.kind) {
    case 'step':
      return driver.stepNow();
    case 'shock':
      return driver.applyShock(input.data as ShockInput);
    case 'answer':
      return driver.answerDecision(input.data as AnswerInput);
    case 'pause':
    case 'resume':
    case 'reset':
      driver[input.kind]();
      return { ok: true };
    default:
      // `create` is the runtime's construction; `deadline` is re-made by its step.
      return { ok: true };
  }
}
