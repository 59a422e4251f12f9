import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.js';
import type { EngineConfig } from './types.js';

/**
 * Drive the default model for 300 steps with every input a user has (shocks of all three kinds,
 * an operator pause, decisions answered both ways and left to their deadline) and hash what
 * comes out: the events, the ledger and the exposures after every step.
 */
function transcript(config: Partial<EngineConfig> & { simulationId: string }): string {
  const engine = createEngine(config);
  const hash = createHash('sha256');
  hash.update(JSON.stringify(engine.snapshot()));
  hash.update(JSON.stringify(engine.exposures()));
  let answers = 0;
  for (let i = 1; i <= 300; i += 1) {
    if (i === 40)
      engine.applyShock({
        shock_type: 'asset_price_crash',
        target: 'real_estate',
        magnitude: -0.2,
      });
    if (i === 80)
      engine.applyShock({ shock_type: 'deposit_run', target: 'system', magnitude: 0.1 });
    if (i === 120)
      engine.applyShock({ shock_type: 'credit_loss', target: 'BANK_002', magnitude: 0.3 });
    if (i === 150) hash.update(JSON.stringify(engine.pause('maintenance')));
    if (i === 153) hash.update(JSON.stringify(engine.resume()));
    const pending = engine.pendingDecision();
    // Answer every other decision (alternating choices); leave the rest to their deadline.
    if (pending && i > pending.timestep + 1 && pending.timestep % 2 === 0) {
      const result = engine.answerDecision(
        pending.decision_id,
        answers++ % 2 === 0 ? 'recommended' : 'alternative',
        'golden',
      );
      hash.update(JSON.stringify(result));
    }
    hash.update(JSON.stringify(engine.step()));
    hash.update(JSON.stringify(engine.ledger()));
  }
  hash.update(JSON.stringify(engine.exposures()));
  return hash.digest('hex');
}

describe('the default model is frozen (golden transcript, seed 42, 300 steps)', () => {
  // These hashes were recorded before the engine was split and the presets added. A change here
  // means the default model's events changed: that needs a deliberate new recording (and a note
  // in the README's calibration section), never a silent update. Re-recorded once when the
  // snapshot gained `exposures` (the network with closed claims): with that field stripped, the
  // transcripts still hashed to the hashes recorded before — the model itself did not change.
  it('emits the recorded events, ledgers and exposures with decisions that do not pause', () => {
    expect(transcript({ simulationId: 'golden', seed: 42 })).toBe(
      '05b057d9215dd483f60ef78e7a2c98a0e92c7de4592f178cb9c51d5cc67a7a0f',
    );
  });

  it('emits the recorded events with decisions that pause the simulation', () => {
    expect(
      transcript({
        simulationId: 'golden-pause',
        seed: 42,
        decisionPolicy: { npaThreshold: 0.06, pauseOnDecision: true, deadlineSteps: 3 },
        maxTimesteps: 280,
      }),
    ).toBe('b5574e98e22d03c82e1dc6b075507ee73d9083ab6dbffbf3fbeb4036e333e043');
  });
});
