import type {
  Envelope,
  EventBatch,
  SnapshotResponse,
  SubscribeAck,
  SubscribeRequest,
} from '@simstream/protocol';
import type { Timers } from './environment.js';
import { reduceSnapshot } from './snapshotReducer.js';
import type { StreamSocket } from './transport.js';
import type { SimulationStreamState, WatchOptions } from './types.js';

/** What a channel needs from its client. */
export interface ChannelHost {
  now(): number;
  timers: Timers;
  /** How long out-of-order frames wait for the missing ones before the client asks again. */
  holdMs: number;
  /** Most frames kept while a snapshot loads; beyond it they are dropped and replayed later. */
  maxBufferedFrames: number;
  /** Wait before retrying a failed snapshot load (attempt 1, 2, …): a capped backoff. */
  loadRetryDelay(attempt: number): number;
  /** The snapshot over REST; the channel's signal abandons a load it no longer wants. */
  fetchSnapshot(simulationId: string, signal?: AbortSignal): Promise<SnapshotResponse>;
  /** The socket while live, else null. */
  liveSocket(): StreamSocket | null;
  publish(state: SimulationStreamState): void;
}

/** Why a subscribe is sent: it decides what its ack means for `lastRecovery`. */
type SubscribeKind = 'connect' | 'reconnect' | 'fill' | 'filter';

/**
 * One watched simulation: its subscription, `lastSeq`, the ordering rules of DESIGN.md's
 * delivery guarantee (drop seq ≤ lastSeq, hold back out-of-order frames, ask the server to
 * replay a gap, refetch the snapshot once when it cannot) and, for watchers that ask for
 * it, the live `{ seq, snapshot }` every event is folded into.
 *
 * @example
 * const channel = new SimulationChannel('demo', host);
 * channel.add({ withSnapshot: true, onEvents: (events) => render(events) });
 * channel.connected(socket, false);
 */
export class SimulationChannel {
  readonly watchers = new Set<WatchOptions>();
  private state: SimulationStreamState;
  private snapshotValue: SnapshotResponse | null = null;
  /** Frames received while loading or resyncing: applied once the snapshot is in. */
  private buffered: EventBatch[] = [];
  /** Out-of-order frames, waiting for the frames before them. */
  private held: EventBatch[] = [];
  private holdTimer: unknown = null;
  private loading = false;
  /** Aborts the load in flight when the channel closes. */
  private loadAbort: AbortController | null = null;
  private retryTimer: unknown = null;
  private loadAttempt = 0;
  private subscribeGeneration = 0;
  private subscribed = false;
  private lastSent = '';
  private baseWaiters: Array<() => void> = [];

  constructor(
    readonly simulationId: string,
    private readonly host: ChannelHost,
  ) {
    this.state = {
      simulationId,
      lastSeq: 0,
      epoch: null,
      phase: 'loading',
      lastEventAt: null,
      lastMessage: null,
      lastRecovery: null,
      error: null,
    };
  }

  get current(): SimulationStreamState {
    return this.state;
  }

  /** The live `{ seq, snapshot }` (null until loaded or when no watcher asked for it). */
  get snapshot(): SnapshotResponse | null {
    return this.snapshotValue;
  }

  private get wantsSnapshot(): boolean {
    for (const w of this.watchers) if (w.withSnapshot) return true;
    return false;
  }

  /** A baseline exists once a snapshot or a first event fixed `lastSeq`. */
  private get hasBaseline(): boolean {
    return this.snapshotValue !== null || this.state.lastSeq > 0;
  }

  /**
   * Resolves once the snapshot base is in (at once when it is, or when nobody asked for
   * one). Lists fetched after this cover every event the stream will not deliver.
   */
  whenBased(): Promise<void> {
    if (!this.loading && (this.snapshotValue !== null || !this.wantsSnapshot))
      return Promise.resolve();
    return new Promise((resolve) => this.baseWaiters.push(resolve));
  }

  private releaseBaseWaiters(): void {
    const waiters = this.baseWaiters;
    this.baseWaiters = [];
    for (const resolve of waiters) resolve();
  }

  add(watcher: WatchOptions): void {
    this.watchers.add(watcher);
    if (watcher.withSnapshot) {
      if (this.snapshotValue && !this.loading) watcher.onReset?.(this.snapshotValue, 'initial');
      else this.load('initial');
    } else if (!this.wantsSnapshot && this.state.phase === 'loading') {
      this.update({ phase: 'live' });
    }
    this.resubscribeIfChanged();
  }

  remove(watcher: WatchOptions): void {
    this.watchers.delete(watcher);
    if (this.watchers.size > 0) this.resubscribeIfChanged();
  }

  /** The merged subscription of every watcher: union of type filters, fullest step encoding. */
  request(): SubscribeRequest {
    let types: Set<string> | null = new Set();
    let steps: SubscribeRequest['steps'];
    for (const w of this.watchers) {
      if (!w.types || w.types.length === 0) types = null;
      else if (types) for (const t of w.types) types.add(t);
      // Full steps win: a watcher that asked for them must get them; deltas only if all agree.
      if (w.steps === 'full') steps = 'full';
      else if (w.steps === 'delta' && steps === undefined) steps = 'delta';
    }
    const request: SubscribeRequest = { simulationId: this.simulationId };
    if (this.hasBaseline) {
      request.sinceSeq = this.state.lastSeq;
      // The seq only means something in its epoch: a restarted server answers resync for it.
      if (this.state.epoch !== null) request.epoch = this.state.epoch;
    }
    if (types && types.size > 0) request.types = [...types].sort() as SubscribeRequest['types'];
    if (steps) request.steps = steps;
    return request;
  }

  /** The socket is (back) up: subscribe from `lastSeq`. */
  connected(reconnect: boolean): void {
    this.subscribed = false;
    this.send(reconnect ? 'reconnect' : 'connect');
  }

  /** The socket went down: acks of the old socket no longer count. */
  disconnected(): void {
    this.subscribed = false;
    this.subscribeGeneration++;
  }

  /** Leave: tell the server, drop timers. */
  close(): void {
    this.releaseBaseWaiters();
    this.clearHold();
    this.loadAbort?.abort();
    if (this.retryTimer !== null) this.host.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.subscribeGeneration++;
    const socket = this.host.liveSocket();
    if (socket && this.subscribed)
      socket.emit('unsubscribe', { simulationId: this.simulationId }, () => {});
    this.subscribed = false;
  }

  /** A frame from the server. */
  receive(batch: EventBatch): void {
    if (this.loading) {
      // Bounded: a load that takes long must not grow memory with the stream. Dropped frames
      // are not lost: after the snapshot the channel subscribes from its seq ('fill'), and the
      // server replays them or answers resync.
      if (this.buffered.length >= this.host.maxBufferedFrames) this.buffered = [];
      this.buffered.push(batch);
      return;
    }
    this.accept(batch);
  }

  private accept(batch: EventBatch): void {
    if (this.hasBaseline) {
      if (batch.toSeq <= this.state.lastSeq) return;
      if (batch.fromSeq > this.state.lastSeq + 1) {
        this.hold(batch);
        return;
      }
    }
    this.apply(batch);
    this.drainHeld();
  }

  private apply(batch: EventBatch): void {
    const after = this.state.lastSeq;
    const fresh = this.hasBaseline ? batch.events.filter((e) => e.seq > after) : batch.events;
    let snapshot = this.snapshotValue;
    for (const [i, event] of fresh.entries()) {
      if (!snapshot) break;
      const step = reduceSnapshot(snapshot, event);
      if (!step.ok) {
        // The delta does not fit our snapshot: keep the rest for after the refetch.
        this.deliver(fresh.slice(0, i), event.seq - 1, snapshot);
        this.buffered.push({ ...batch, fromSeq: event.seq, events: fresh.slice(i) });
        this.resync();
        return;
      }
      snapshot = step.value;
    }
    if (snapshot && snapshot.seq < batch.toSeq) snapshot = { ...snapshot, seq: batch.toSeq };
    this.deliver(fresh, batch.toSeq, snapshot);
  }

  private deliver(
    events: readonly Envelope[],
    toSeq: number,
    snapshot: SnapshotResponse | null,
  ): void {
    this.snapshotValue = snapshot;
    const last = events[events.length - 1];
    this.update({
      lastSeq: Math.max(this.state.lastSeq, toSeq),
      ...(last ? { lastMessage: last, lastEventAt: this.host.now() } : {}),
    });
    if (events.length === 0) return;
    for (const w of this.watchers) {
      if (!w.onEvents) continue;
      const types = w.types && w.types.length > 0 ? new Set<string>(w.types) : null;
      // As on the server, a `simulation_step` filter admits the same step's delta encoding.
      if (types?.has('simulation_step')) types.add('simulation_delta');
      const mine = types ? events.filter((e) => types.has(e.type)) : events;
      if (mine.length > 0) w.onEvents(mine);
    }
  }

  private hold(batch: EventBatch): void {
    this.held.push(batch);
    this.held.sort((a, b) => a.fromSeq - b.fromSeq);
    this.holdTimer ??= this.host.timers.setTimeout(() => {
      this.holdTimer = null;
      if (this.held.length > 0) this.send('fill');
    }, this.host.holdMs);
  }

  private drainHeld(): void {
    while (this.held.length > 0) {
      const next = this.held[0]!;
      if (next.toSeq <= this.state.lastSeq) {
        this.held.shift();
        continue;
      }
      if (next.fromSeq > this.state.lastSeq + 1) break;
      this.held.shift();
      this.apply(next);
    }
    if (this.held.length === 0) this.clearHold();
  }

  private clearHold(): void {
    if (this.holdTimer !== null) this.host.timers.clearTimeout(this.holdTimer);
    this.holdTimer = null;
  }

  private resubscribeIfChanged(): void {
    const { sinceSeq: _ignored, ...shape } = this.request();
    if (this.subscribed && JSON.stringify(shape) !== this.lastSent) this.send('filter');
  }

  private send(kind: SubscribeKind): void {
    const socket = this.host.liveSocket();
    if (!socket) return;
    const request = this.request();
    const { sinceSeq: _ignored, ...shape } = request;
    this.lastSent = JSON.stringify(shape);
    const generation = ++this.subscribeGeneration;
    this.subscribed = true;
    socket.emit('subscribe', request, (ack) => {
      if (generation === this.subscribeGeneration) this.acknowledged(ack, kind, request);
    });
  }

  private acknowledged(ack: SubscribeAck, kind: SubscribeKind, request: SubscribeRequest): void {
    if (!ack.ok) {
      this.subscribed = false;
      this.update({ phase: 'error', error: ack.error });
      return;
    }
    if (this.state.error) this.update({ error: null, phase: this.loading ? 'loading' : 'live' });
    const since = request.sinceSeq;
    const known = this.state.epoch;
    // Another epoch is another life of the simulation (a restarted server), however its seq
    // compares with ours; a server without epochs shows a restart only by a seq behind ours.
    const foreign = ack.epoch !== undefined && known !== null && ack.epoch !== known;
    if (ack.resync || foreign || (since !== undefined && ack.currentSeq < since)) {
      this.resync(ack.currentSeq, ack.epoch);
      return;
    }
    if (known === null && ack.epoch !== undefined) this.update({ epoch: ack.epoch });
    if (kind === 'reconnect') {
      this.update({ lastRecovery: { kind: 'replayed', count: ack.replayed, at: this.host.now() } });
    }
    if (!this.hasBaseline && !this.loading) this.update({ lastSeq: ack.currentSeq });
    if (this.held.length > 0 && kind === 'fill') this.drainHeld();
    if (!this.loading && this.snapshotValue === null && this.wantsSnapshot) this.load('initial');
  }

  /** Refetch the snapshot once (a gap the server cannot replay, or a restarted server). */
  private resync(currentSeq?: number, epoch?: string): void {
    if (this.loading) return;
    this.held = [];
    this.clearHold();
    if (!this.wantsSnapshot) {
      this.update({
        lastSeq: currentSeq ?? this.state.lastSeq,
        epoch: epoch ?? this.state.epoch,
        lastRecovery: { kind: 'resynced', at: this.host.now() },
      });
      return;
    }
    this.load('resync');
  }

  private load(reason: 'initial' | 'resync'): void {
    if (this.loading) return;
    this.loading = true;
    this.loadAttempt = 0;
    this.update({ phase: reason === 'initial' ? 'loading' : 'resyncing' });
    this.fetchBase(reason);
  }

  /**
   * One attempt at the snapshot. The REST deadline abandons a hung request; a failure that
   * a retry can fix (network, timeout, 5xx, 429) is retried with backoff while the phase
   * stays `loading`/`resyncing`; any other (an unknown simulation) ends in `error`.
   */
  private fetchBase(reason: 'initial' | 'resync'): void {
    const abort = new AbortController();
    this.loadAbort = abort;
    this.host
      .fetchSnapshot(this.simulationId, abort.signal)
      .then((snapshot) => {
        if (this.loadAbort === abort && !abort.signal.aborted) this.setBase(snapshot, reason);
      })
      .catch((err: unknown) => {
        if (this.loadAbort !== abort || abort.signal.aborted) return;
        this.loadAbort = null;
        const status = (err as { status?: number }).status ?? 0;
        if (status === 0 || status === 429 || status >= 500) {
          const delay = this.host.loadRetryDelay(++this.loadAttempt);
          this.retryTimer = this.host.timers.setTimeout(() => {
            this.retryTimer = null;
            this.fetchBase(reason);
          }, delay);
          return;
        }
        this.loading = false;
        const message = err instanceof Error ? err.message : 'The snapshot could not be loaded.';
        const code =
          (err as { code?: string }).code === 'unknown_simulation'
            ? 'unknown_simulation'
            : 'internal';
        this.update({ phase: 'error', error: { code, message } });
        this.releaseBaseWaiters();
      });
  }

  private setBase(snapshot: SnapshotResponse, reason: 'initial' | 'resync'): void {
    this.loading = false;
    this.loadAbort = null;
    this.snapshotValue = snapshot;
    this.held = [];
    this.clearHold();
    this.update({
      lastSeq: snapshot.seq,
      epoch: snapshot.epoch ?? this.state.epoch,
      phase: 'live',
      error: null,
      ...(reason === 'resync'
        ? { lastRecovery: { kind: 'resynced' as const, at: this.host.now() } }
        : {}),
    });
    for (const w of this.watchers) w.onReset?.(snapshot, reason);
    this.releaseBaseWaiters();
    const pending = this.buffered.sort((a, b) => a.fromSeq - b.fromSeq);
    this.buffered = [];
    for (const batch of pending) this.accept(batch);
    // Subscribed live before the snapshot existed: ask from its seq so nothing between is lost.
    if (this.subscribed) this.send('fill');
  }

  private update(patch: Partial<SimulationStreamState>): void {
    let changed = false;
    for (const key of Object.keys(patch) as (keyof SimulationStreamState)[]) {
      if (!Object.is(patch[key], this.state[key])) changed = true;
    }
    if (!changed) return;
    this.state = { ...this.state, ...patch };
    this.host.publish(this.state);
  }
}
