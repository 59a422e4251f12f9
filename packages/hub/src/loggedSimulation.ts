import type {
  Envelope,
  EventsResponse,
  SimulationSummary,
  TimelineResponse,
} from '@simstream/protocol';
import type { EventLog } from './eventLog.js';
import { OrderedDelivery } from './runtime/delivery.js';
import { type RunStart, timelineAt } from './timeline.js';
import type { ReplayResult, RuntimeDefaults, SubscriberView, TickListener } from './types.js';

/**
 * What a simulation answers from its event log — REST pages, replays, per-subscriber
 * encodings, the timeline — and its live delivery, in one home for both holders of a log:
 * the embedded runtime, which writes it, and a cluster node's replica, which is fed it from
 * Redis. A seq counts only within its epoch: one from another life of the simulation
 * (`sinceEpoch`) gets a resync, never a replay in the wrong numbering.
 *
 * @example
 * class Replica extends LoggedSimulation {
 *   protected runStart() { return this.#runStart; }
 *   protected onListenerError(error: unknown) { report(error); }
 * }
 */
export abstract class LoggedSimulation {
  /** This life of the simulation: seqs compare only within it, so a reset keeps it (seq goes on). */
  readonly epoch: string;
  protected readonly log: EventLog;
  protected readonly delivery: OrderedDelivery;

  constructor(epoch: string, log: EventLog) {
    this.epoch = epoch;
    this.log = log;
    this.delivery = new OrderedDelivery((error) => this.onListenerError(error));
  }

  /** Where the current run starts: the timeline's timestep 0 while the log reaches back to it. */
  protected abstract runStart(): RunStart;

  /** A listener threw: report it (the others and the simulation go on). */
  protected abstract onListenerError(error: unknown): void;

  get seq(): number {
    return this.log.currentSeq;
  }

  timeline(timestep?: number): TimelineResponse {
    return timelineAt(this.log, this.runStart(), this.epoch, timestep ?? null);
  }

  eventsSince(since: number, limit?: number, sinceEpoch?: string): EventsResponse {
    return sinceEpoch !== undefined && sinceEpoch !== this.epoch
      ? { currentSeq: this.seq, epoch: this.epoch, resync: true, events: [] }
      : { ...this.log.eventsSince(since, limit), epoch: this.epoch };
  }

  replay(sinceSeq: number, sinceEpoch?: string): ReplayResult {
    return sinceEpoch !== undefined && sinceEpoch !== this.epoch
      ? { resync: true, currentSeq: this.seq }
      : this.log.replay(sinceSeq);
  }

  onEvents(listener: TickListener): () => void {
    return this.delivery.listen(listener);
  }

  viewFor(events: readonly Envelope[], view: SubscriberView): Envelope[] {
    return this.log.viewFor(events, view);
  }

  /** The summary REST lists, from the run's settings and where it stands now. */
  protected summarize(
    run: {
      id: string;
      settings: RuntimeDefaults;
      status: SimulationSummary['status'];
      timestep: number;
      createdAt: string;
    },
    viewers: number,
  ): SimulationSummary {
    const { id, settings, status, timestep, createdAt } = run;
    return {
      id,
      seed: settings.seed,
      // Only a preset other than the default is named, so default summaries stay as they were.
      ...(settings.preset === 'default'
        ? {}
        : { preset: settings.preset, meanDegree: settings.meanDegree }),
      status,
      timestep,
      seq: this.seq,
      epoch: this.epoch,
      banks: settings.banks,
      funds: settings.funds,
      stepIntervalMs: settings.stepIntervalMs,
      decisionPolicy: { ...settings.decisionPolicy },
      createdAt,
      viewers,
    };
  }
}
