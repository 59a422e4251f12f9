import {
  DEFAULT_EVENTS_PAGE,
  diffSnapshots,
  type Envelope,
  encodeCompactKeyframe,
  encodeCompactStep,
  type EventType,
  type EventsResponse,
  type SimulationSnapshot,
} from '@simstream/protocol';
import { RingBuffer } from './ringBuffer.js';
import type { ReplayResult, SubscriberView } from './types.js';

/**
 * One logged event. A step between keyframes also keeps what its other encodings are made
 * from; each encoding is computed the first time a subscriber needs it, then cached.
 */
interface LogEntry {
  envelope: Envelope;
  /** The previous step's snapshot (and the states a delta must also cover); null for keyframes and other types. */
  base: { snapshot: SimulationSnapshot; alsoAgainst: readonly SimulationSnapshot[] } | null;
  /**
   * A keyframe within a run: the states a subscriber may hold before it (the previous step's,
   * and any it must also fit), whose ids, names and exposure network it need not repeat.
   */
  held?: readonly SimulationSnapshot[];
  delta?: Envelope<'simulation_delta'>;
  /** The compact encoding, or null when it cannot carry this step exactly (then it goes full). */
  compact?: Envelope<'simulation_compact'> | null;
}

export interface AppendStepOptions {
  /** Also diff against these (state changed between steps), so their holders land exactly. */
  alsoAgainst?: readonly SimulationSnapshot[];
  /** Send this step in full to delta subscribers too (e.g. the keyframe of a reset). */
  keyframe?: boolean;
}

const STEP_TYPES: readonly EventType[] = [
  'simulation_step',
  'simulation_delta',
  'simulation_compact',
];

/** A logged step in a subscriber's encoding (made once, then cached on the entry); null = send it full. */
function encodeStep(entry: LogEntry, steps: 'delta' | 'compact'): Envelope | null {
  const { envelope, base, held = [] } = entry;
  if (envelope.type !== 'simulation_step') return null;
  // The same envelope fields in the same order as the step's: only type and data differ.
  const { v, seq, simulationId, timestamp } = envelope;
  if (steps === 'delta') {
    if (base === null) return null;
    if (!entry.delta) {
      const data = diffSnapshots(base.snapshot, envelope.data.snapshot, base.alsoAgainst);
      entry.delta = { v, seq, simulationId, type: 'simulation_delta', timestamp, data };
    }
    return entry.delta;
  }
  if (entry.compact === undefined) {
    // Residuals are relative to one base: a keyframe, or a step that must also fit other
    // states, goes as a compact keyframe (the whole snapshot in columns; what every state a
    // subscriber may hold has alike, ids, names and the exposure network, left out).
    const { snapshot } = envelope.data;
    const states = base ? [base.snapshot, ...base.alsoAgainst] : held;
    const data =
      base === null || base.alsoAgainst.length > 0
        ? encodeCompactKeyframe(snapshot, states)
        : (encodeCompactStep(base.snapshot, snapshot) ?? encodeCompactKeyframe(snapshot, states));
    entry.compact = data && { v, seq, simulationId, type: 'simulation_compact', timestamp, data };
  }
  return entry.compact;
}

/**
 * The per-simulation event log: a ring buffer of envelopes in seq order, replay and paging
 * with resync detection, and per-subscriber views (type filter, full or delta steps).
 *
 * @example
 * const log = new EventLog(5_000, 10);
 * log.append(envelope);
 * log.replay(lastSeq); // { resync: false, events, currentSeq } or { resync: true, currentSeq }
 */
export class EventLog {
  readonly #entries: RingBuffer<LogEntry>;
  readonly #keyframeInterval: number;
  #currentSeq = 0;
  /** Snapshot of the last step appended: the base of the next delta. */
  #lastStep: SimulationSnapshot | null = null;

  /**
   * @param startSeq seq of the event before the first one appended (0: the log starts at seq
   * 1); a cluster node that joins a running simulation starts at its oldest retained event.
   */
  constructor(capacity: number, keyframeInterval: number, startSeq = 0) {
    this.#entries = new RingBuffer<LogEntry>(capacity);
    this.#keyframeInterval = Math.max(1, Math.floor(keyframeInterval));
    this.#currentSeq = startSeq;
  }

  get currentSeq(): number {
    return this.#currentSeq;
  }

  /** Seq of the oldest event still kept (currentSeq + 1 when empty). */
  get oldestSeq(): number {
    return this.#entries.first()?.envelope.seq ?? this.#currentSeq + 1;
  }

  /** Append the next envelope; its seq must be exactly currentSeq + 1 (the log is gapless). */
  append(envelope: Envelope, options: AppendStepOptions = {}): void {
    if (envelope.seq !== this.#currentSeq + 1) {
      throw new RangeError(`EventLog expected seq ${this.#currentSeq + 1}, got ${envelope.seq}`);
    }
    const entry: LogEntry = { envelope, base: null };
    if (envelope.type === 'simulation_step') {
      const next = envelope.data.snapshot;
      const previous = this.#lastStep;
      const alsoAgainst = options.alsoAgainst ?? [];
      // Within a run (the timestep after the previous step's, not a reset), a subscriber holds
      // the previous step's state (or one it must also fit) before this step.
      const continues =
        options.keyframe !== true && previous !== null && previous.timestep === next.timestep - 1;
      if (continues && next.timestep % this.#keyframeInterval !== 0)
        entry.base = { snapshot: previous, alsoAgainst };
      else if (continues) entry.held = [previous, ...alsoAgainst];
      this.#lastStep = next;
    }
    this.#entries.push(entry);
    this.#currentSeq = envelope.seq;
  }

  /** Events with seq > sinceSeq, or resync when some left the log or sinceSeq is from the future. */
  replay(sinceSeq: number, limit = Number.POSITIVE_INFINITY): ReplayResult {
    const currentSeq = this.#currentSeq;
    if (
      !Number.isInteger(sinceSeq) ||
      sinceSeq < 0 ||
      sinceSeq > currentSeq ||
      sinceSeq < this.oldestSeq - 1
    ) {
      return { resync: true, currentSeq };
    }
    const events = this.#entries.slice(sinceSeq - this.oldestSeq + 1, limit).map((e) => e.envelope);
    return { resync: false, events, currentSeq };
  }

  /** REST paging: `replay` with a page size and the response shape of `GET …/events`. */
  eventsSince(since: number, limit: number = DEFAULT_EVENTS_PAGE): EventsResponse {
    const result = this.replay(since, Math.max(1, limit));
    return result.resync
      ? { currentSeq: result.currentSeq, resync: true, events: [] }
      : { currentSeq: result.currentSeq, resync: false, events: result.events };
  }

  /**
   * Encode envelopes for one subscriber: drop types it did not ask for and, for
   * `steps: 'delta'` or `'compact'`, swap steps for that encoding (cached; keyframes stay
   * full for delta, and go as compact keyframes for compact). A filter naming any step type admits steps in the subscriber's encoding.
   */
  viewFor(events: readonly Envelope[], view: SubscriberView): Envelope[] {
    const admits = (type: EventType) => view.types === null || view.types.has(type);
    const admitsSteps = STEP_TYPES.some(admits);
    const out: Envelope[] = [];
    for (const envelope of events) {
      if (envelope.type === 'simulation_step') {
        if (!admitsSteps) continue;
        const { steps } = view;
        const entry = steps === 'full' ? undefined : this.#entryAt(envelope.seq);
        out.push((entry && steps !== 'full' && encodeStep(entry, steps)) || envelope);
      } else if (admits(envelope.type)) {
        out.push(envelope);
      }
    }
    return out;
  }

  /**
   * The steps of the current run still in the log, newest first: consecutive timesteps down
   * to the oldest kept one or the run's start (a reset's keyframe at timestep 0).
   */
  *recentSteps(): Generator<Envelope<'simulation_step'>> {
    let expected: number | null = null;
    for (let i = this.#entries.size - 1; i >= 0; i -= 1) {
      const envelope = this.#entries.at(i)?.envelope;
      if (envelope?.type !== 'simulation_step') continue;
      if (expected !== null && envelope.data.timestep !== expected) return;
      yield envelope;
      expected = envelope.data.timestep - 1;
    }
  }

  #entryAt(seq: number): LogEntry | undefined {
    const entry = this.#entries.at(seq - this.oldestSeq);
    return entry?.envelope.seq === seq ? entry : undefined;
  }
}
