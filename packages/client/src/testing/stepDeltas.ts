import {
  diffSnapshots,
  type Envelope,
  type SimulationSnapshot,
  type StepEncoding,
} from '@simstream/protocol';

/**
 * The fake server's delta encoding of one simulation's steps, as the hub does it: each step
 * whose timestep follows the previous step's becomes a `simulation_delta` (same seq and
 * timestamp), except keyframes (every `keyframeInterval` timesteps, and the first step).
 *
 * @example
 * const deltas = new StepDeltas(10);
 * for (const e of published) deltas.record(e);
 * deltas.encode(envelopes, 'delta'); // steps swapped for their deltas
 */
export class StepDeltas {
  private lastStep: SimulationSnapshot | null = null;
  private readonly bySeq = new Map<number, Envelope<'simulation_delta'>>();

  constructor(private readonly keyframeInterval: () => number) {}

  /** Note a published envelope; a step becomes the base of the next delta. */
  record(envelope: Envelope): void {
    if (envelope.type !== 'simulation_step') return;
    const next = envelope.data.snapshot;
    const base = this.lastStep;
    if (
      base &&
      base.timestep === next.timestep - 1 &&
      next.timestep % this.keyframeInterval() !== 0
    ) {
      this.bySeq.set(envelope.seq, {
        ...envelope,
        type: 'simulation_delta',
        data: diffSnapshots(base, next),
      });
    }
    this.lastStep = next;
  }

  /** Forget deltas of events the log no longer holds. */
  trimBefore(oldestSeq: number): void {
    for (const seq of this.bySeq.keys()) if (seq < oldestSeq) this.bySeq.delete(seq);
  }

  /** Envelopes in a subscriber's step encoding. */
  encode(envelopes: Envelope[], steps: StepEncoding): Envelope[] {
    if (steps === 'full') return envelopes;
    return envelopes.map((e) => (e.type === 'simulation_step' ? (this.bySeq.get(e.seq) ?? e) : e));
  }
}
