import {
  type Envelope,
  type EventBatch,
  reduceSnapshot,
  type SnapshotResponse,
  type SubscribeAck,
  type SubscribeRequest,
} from '@simstream/protocol';
import { HeldFrames } from './heldFrames.js';
import { type LoadReason, SnapshotLoader } from './snapshotLoader.js';
import { initialStreamState, patched } from './snapshotStore.js';
import {
  cannotResume,
  deliverToWatchers,
  mergedSubscription,
  type SubscribeKind,
  SubscriptionLink,
} from './subscription.js';
import type { ChannelHost, SimulationStreamState, WatchOptions } from './types.js';

export type { ChannelHost } from './types.js';

/**
 * One watched simulation: its subscription, `lastSeq`, the ordering rules of DESIGN.md's
 * delivery guarantee (drop seq ≤ lastSeq, hold back out-of-order frames, ask the server to
 * replay a gap, refetch the snapshot once when it cannot) and, for watchers that ask for
 * it, the live `{ seq, snapshot }` every event is folded into.
 *
 * @example
 * const channel = new SimulationChannel('demo', host);
 * channel.add({ withSnapshot: true, onEvents: (events) => render(events) });
 * channel.connected(false); // the socket is up (`host.liveSocket()`): subscribe
 * channel.receive(batch); // every `events` frame of this simulation
 */
export class SimulationChannel {
  readonly watchers = new Set<WatchOptions>();
  #state: SimulationStreamState;
  #snapshotValue: SnapshotResponse | null = null;
  /** Frames received while loading or resyncing: applied once the snapshot is in. */
  #buffered: EventBatch[] = [];
  readonly #held: HeldFrames;
  readonly #link: SubscriptionLink;
  readonly #loader: SnapshotLoader;
  readonly #host: ChannelHost;
  #loading = false;
  #baseWaiters: Array<() => void> = [];

  constructor(
    readonly simulationId: string,
    host: ChannelHost,
  ) {
    this.#host = host;
    this.#state = initialStreamState(simulationId);
    this.#held = new HeldFrames(host.timers, host.holdMs, () => this.#send('fill'));
    this.#link = new SubscriptionLink(
      simulationId,
      () => host.liveSocket(),
      (ack, kind, req) => this.#acknowledged(ack, kind, req),
    );
    this.#loader = new SnapshotLoader(
      simulationId,
      host,
      (snapshot, reason) => this.#setBase(snapshot, reason),
      (error) => {
        this.#loading = false;
        this.#update({ phase: 'error', error });
        this.#releaseBaseWaiters();
      },
    );
  }

  get current(): SimulationStreamState {
    return this.#state;
  }

  /** The live `{ seq, snapshot }` (null until loaded or when no watcher asked for it). */
  get snapshot(): SnapshotResponse | null {
    return this.#snapshotValue;
  }

  get #wantsSnapshot(): boolean {
    for (const w of this.watchers) if (w.withSnapshot) return true;
    return false;
  }

  /** A baseline exists once a snapshot or a first event fixed `lastSeq`. */
  get #hasBaseline(): boolean {
    return this.#snapshotValue !== null || this.#state.lastSeq > 0;
  }

  /**
   * Resolves once the snapshot base is in (at once when it is, or when nobody asked for
   * one). Lists fetched after this cover every event the stream will not deliver.
   */
  whenBased(): Promise<void> {
    if (!this.#loading && (this.#snapshotValue !== null || !this.#wantsSnapshot))
      return Promise.resolve();
    return new Promise((resolve) => this.#baseWaiters.push(resolve));
  }

  #releaseBaseWaiters(): void {
    const waiters = this.#baseWaiters;
    this.#baseWaiters = [];
    for (const resolve of waiters) resolve();
  }

  add(watcher: WatchOptions): void {
    this.watchers.add(watcher);
    if (watcher.withSnapshot) {
      if (this.#snapshotValue && !this.#loading) watcher.onReset?.(this.#snapshotValue, 'initial');
      else this.#load('initial');
    } else if (!this.#wantsSnapshot && this.#state.phase === 'loading') {
      this.#update({ phase: 'live' });
    }
    this.#resubscribeIfChanged();
  }

  remove(watcher: WatchOptions): void {
    this.watchers.delete(watcher);
    if (this.watchers.size > 0) this.#resubscribeIfChanged();
  }

  /** The merged subscription of every watcher, resuming from `lastSeq` once there is one. */
  request(): SubscribeRequest {
    const resume = this.#hasBaseline
      ? { sinceSeq: this.#state.lastSeq, epoch: this.#state.epoch }
      : null;
    return mergedSubscription(this.simulationId, this.watchers, resume);
  }

  /** The socket is (back) up: subscribe from `lastSeq`. */
  connected(reconnect: boolean): void {
    this.#link.markUnsubscribed();
    this.#send(reconnect ? 'reconnect' : 'connect');
  }

  /** The socket went down: acks of the old socket no longer count. */
  disconnected(): void {
    this.#link.lost();
  }

  /** Leave: tell the server, drop timers. */
  close(): void {
    this.#releaseBaseWaiters();
    this.#held.clear();
    this.#loader.cancel();
    this.#link.leave();
  }

  /** A frame from the server. */
  receive(batch: EventBatch): void {
    if (this.#loading) {
      // Bounded: a load that takes long must not grow memory with the stream. Dropped frames
      // are not lost: after the snapshot the channel subscribes from its seq ('fill'), and the
      // server replays them or answers resync.
      if (this.#buffered.length >= this.#host.maxBufferedFrames) this.#buffered = [];
      this.#buffered.push(batch);
      return;
    }
    this.#accept(batch);
  }

  #accept(batch: EventBatch): void {
    if (this.#hasBaseline) {
      if (batch.toSeq <= this.#state.lastSeq) return;
      if (batch.fromSeq > this.#state.lastSeq + 1) {
        this.#held.hold(batch);
        return;
      }
    }
    this.#apply(batch);
    this.#drainHeld();
  }

  #apply(batch: EventBatch): void {
    const after = this.#state.lastSeq;
    const fresh = this.#hasBaseline ? batch.events.filter((e) => e.seq > after) : batch.events;
    let snapshot = this.#snapshotValue;
    for (const [i, event] of fresh.entries()) {
      if (!snapshot) break;
      const step = reduceSnapshot(snapshot, event);
      if (!step.ok) {
        // The delta does not fit our snapshot: keep the rest for after the refetch.
        this.#deliver(fresh.slice(0, i), event.seq - 1, snapshot);
        this.#buffered.push({ ...batch, fromSeq: event.seq, events: fresh.slice(i) });
        this.#resync();
        return;
      }
      snapshot = step.value;
    }
    if (snapshot && snapshot.seq < batch.toSeq) snapshot = { ...snapshot, seq: batch.toSeq };
    this.#deliver(fresh, batch.toSeq, snapshot);
  }

  #deliver(events: readonly Envelope[], toSeq: number, snapshot: SnapshotResponse | null): void {
    this.#snapshotValue = snapshot;
    const last = events[events.length - 1];
    this.#update({
      lastSeq: Math.max(this.#state.lastSeq, toSeq),
      ...(last ? { lastMessage: last, lastEventAt: this.#host.now() } : {}),
    });
    if (events.length === 0) return;
    deliverToWatchers(this.watchers, events);
  }

  /** Apply the held frames that now follow `lastSeq`. */
  #drainHeld(): void {
    for (let next = this.#held.takeNext(this.#state.lastSeq); next; ) {
      this.#apply(next);
      next = this.#held.takeNext(this.#state.lastSeq);
    }
  }

  #resubscribeIfChanged(): void {
    this.#link.sendIfChanged(this.request());
  }

  #send(kind: SubscribeKind): void {
    this.#link.send(kind, this.request());
  }

  #acknowledged(ack: SubscribeAck, kind: SubscribeKind, request: SubscribeRequest): void {
    if (!ack.ok) {
      this.#link.markUnsubscribed();
      this.#update({ phase: 'error', error: ack.error });
      return;
    }
    if (this.#state.error) this.#update({ error: null, phase: this.#loading ? 'loading' : 'live' });
    if (cannotResume(ack, request, this.#state.epoch)) {
      this.#resync(ack.currentSeq, ack.epoch);
      return;
    }
    if (this.#state.epoch === null && ack.epoch !== undefined) this.#update({ epoch: ack.epoch });
    if (kind === 'reconnect') {
      this.#update({
        lastRecovery: { kind: 'replayed', count: ack.replayed, at: this.#host.now() },
      });
    }
    if (!this.#hasBaseline && !this.#loading) this.#update({ lastSeq: ack.currentSeq });
    if (this.#held.size > 0 && kind === 'fill') this.#drainHeld();
    if (!this.#loading && this.#snapshotValue === null && this.#wantsSnapshot)
      this.#load('initial');
  }

  /** Refetch the snapshot once (a gap the server cannot replay, or a restarted server). */
  #resync(currentSeq?: number, epoch?: string): void {
    if (this.#loading) return;
    this.#held.clear();
    if (!this.#wantsSnapshot) {
      this.#update({
        lastSeq: currentSeq ?? this.#state.lastSeq,
        epoch: epoch ?? this.#state.epoch,
        lastRecovery: { kind: 'resynced', at: this.#host.now() },
      });
      return;
    }
    this.#load('resync');
  }

  #load(reason: LoadReason): void {
    if (this.#loading) return;
    this.#loading = true;
    this.#update({ phase: reason === 'initial' ? 'loading' : 'resyncing' });
    this.#loader.start(reason);
  }

  #setBase(snapshot: SnapshotResponse, reason: LoadReason): void {
    this.#loading = false;
    this.#snapshotValue = snapshot;
    this.#held.clear();
    this.#update({
      lastSeq: snapshot.seq,
      epoch: snapshot.epoch ?? this.#state.epoch,
      phase: 'live',
      error: null,
      ...(reason === 'resync'
        ? { lastRecovery: { kind: 'resynced' as const, at: this.#host.now() } }
        : {}),
    });
    for (const w of this.watchers) w.onReset?.(snapshot, reason);
    this.#releaseBaseWaiters();
    const pending = this.#buffered.sort((a, b) => a.fromSeq - b.fromSeq);
    this.#buffered = [];
    for (const batch of pending) this.#accept(batch);
    // Subscribed live before the snapshot existed: ask from its seq so nothing between is lost.
    if (this.#link.subscribed) this.#send('fill');
  }

  #update(patch: Partial<SimulationStreamState>): void {
    const next = patched(this.#state, patch);
    if (next === this.#state) return;
    this.#state = next;
    this.#host.publish(next);
  }
}
