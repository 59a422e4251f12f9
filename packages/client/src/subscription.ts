import type {
  Envelope,
  StepEncoding,
  SubscribeAck,
  SubscribeOk,
  SubscribeRequest,
} from '@simstream/protocol';
import { readSubscribeAck } from './serverFrames.js';
import type { StreamSocket } from './transport.js';
import type { WatchOptions } from './types.js';

/** Which step encoding wins when watchers of one simulation ask for different ones. */
const STEP_RANK: Readonly<Record<StepEncoding, number>> = { compact: 0, delta: 1, full: 2 };

/**
 * The one subscription a simulation's watchers share: the union of their type filters (none
 * when any watcher takes everything), and the fullest step encoding any watcher asks for:
 * full, then delta (a watcher may read its fields), then compact. `resume` adds where to
 * resume from.
 *
 * @example
 * mergedSubscription('demo', [{ types: ['entity_default'] }, { steps: 'delta' }], null);
 * // { simulationId: 'demo', types: ['entity_default'], steps: 'delta' }
 */
export function mergedSubscription(
  simulationId: string,
  watchers: Iterable<WatchOptions>,
  resume: { sinceSeq: number; epoch: string | null } | null,
): SubscribeRequest {
  let types: Set<string> | null = new Set();
  let steps: SubscribeRequest['steps'];
  for (const w of watchers) {
    if (!w.types || w.types.length === 0) types = null;
    else if (types) for (const t of w.types) types.add(t);
    if (w.steps && (steps === undefined || STEP_RANK[w.steps] > STEP_RANK[steps])) steps = w.steps;
  }
  const request: SubscribeRequest = { simulationId };
  if (resume) {
    request.sinceSeq = resume.sinceSeq;
    // The seq only means something in its epoch: a restarted server answers resync for it.
    if (resume.epoch !== null) request.epoch = resume.epoch;
  }
  if (types && types.size > 0) request.types = [...types].sort() as SubscribeRequest['types'];
  if (steps) request.steps = steps;
  return request;
}

/**
 * Hand a frame's events to each watcher's `onEvents`: only the types its filter admits, and
 * nothing when none are left.
 */
export function deliverToWatchers(
  watchers: Iterable<WatchOptions>,
  events: readonly Envelope[],
): void {
  for (const watcher of watchers) {
    if (!watcher.onEvents) continue;
    const mine = eventsForWatcher(watcher, events);
    if (mine.length > 0) watcher.onEvents(mine);
  }
}

function eventsForWatcher(watcher: WatchOptions, events: readonly Envelope[]): readonly Envelope[] {
  if (!watcher.types || watcher.types.length === 0) return events;
  const types = new Set<string>(watcher.types);
  // As on the server, a `simulation_step` filter admits the same step in any encoding.
  if (types.has('simulation_step')) {
    types.add('simulation_delta');
    types.add('simulation_compact');
  }
  return events.filter((e) => types.has(e.type));
}

/**
 * True when a subscribe ack says the client cannot resume where it was: the server says
 * `resync` (the gap left its log), or it is another epoch — another life of the simulation
 * (a restarted server), however its seq compares with ours — or, from a server without
 * epochs, its seq is behind the one we resumed from.
 */
export function cannotResume(
  ack: SubscribeOk,
  request: SubscribeRequest,
  knownEpoch: string | null,
): boolean {
  const foreign = ack.epoch !== undefined && knownEpoch !== null && ack.epoch !== knownEpoch;
  const behind = request.sinceSeq !== undefined && ack.currentSeq < request.sinceSeq;
  return ack.resync || foreign || behind;
}

/** Why a subscribe is sent: it decides what its ack means for `lastRecovery`. */
export type SubscribeKind = 'connect' | 'reconnect' | 'fill' | 'filter';

/** A subscription without `sinceSeq`: what the server filters and encodes by. */
const shapeOf = ({ sinceSeq: _ignored, ...shape }: SubscribeRequest) => JSON.stringify(shape);

/**
 * One simulation's subscribe/unsubscribe exchange over the live socket. Only the ack of the
 * newest subscribe on the current socket counts: a newer subscribe, a lost socket or a
 * leave makes older acks stale, and they are ignored.
 *
 * @example
 * const link = new SubscriptionLink('demo', () => connection.liveSocket, onAck);
 * link.send('connect', { simulationId: 'demo', sinceSeq: 41 });
 */
export class SubscriptionLink {
  #generation = 0;
  #subscribed = false;
  /** The shape last sent: a change of filter or encoding subscribes again. */
  #lastShape = '';
  readonly #simulationId: string;
  readonly #liveSocket: () => StreamSocket | null;
  readonly #onAck: (ack: SubscribeAck, kind: SubscribeKind, request: SubscribeRequest) => void;

  constructor(
    simulationId: string,
    liveSocket: () => StreamSocket | null,
    onAck: (ack: SubscribeAck, kind: SubscribeKind, request: SubscribeRequest) => void,
  ) {
    this.#simulationId = simulationId;
    this.#liveSocket = liveSocket;
    this.#onAck = onAck;
  }

  /** A subscribe was sent on the live socket and not refused. */
  get subscribed(): boolean {
    return this.#subscribed;
  }

  send(kind: SubscribeKind, request: SubscribeRequest): void {
    const socket = this.#liveSocket();
    if (!socket) return;
    this.#lastShape = shapeOf(request);
    const generation = ++this.#generation;
    this.#subscribed = true;
    socket.emit('subscribe', request, (ack) => {
      if (generation === this.#generation) this.#onAck(readSubscribeAck(ack), kind, request);
    });
  }

  /** Subscribe again when the filter or encoding differs from what the server has. */
  sendIfChanged(request: SubscribeRequest): void {
    if (this.#subscribed && shapeOf(request) !== this.#lastShape) this.send('filter', request);
  }

  /** The server refused the subscription, or a new socket has none yet. */
  markUnsubscribed(): void {
    this.#subscribed = false;
  }

  /** The socket went down: acks of the old socket no longer count. */
  lost(): void {
    this.#subscribed = false;
    this.#generation++;
  }

  /** Unsubscribe (when subscribed on the live socket); later acks are ignored. */
  leave(): void {
    this.#generation++;
    const socket = this.#liveSocket();
    if (socket && this.#subscribed)
      socket.emit('unsubscribe', { simulationId: this.#simulationId }, () => {});
    this.#subscribed = false;
  }
}
