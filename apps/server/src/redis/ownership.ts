import type { EngineFactory, HubErrorContext } from '@simstream/hub';
import { OwnedSimulation, type OwnerDeps, type SimulationRecord } from './ownedSimulation.js';
import { RebuildAborted, type RebuildReport, rebuildOwned } from './rebuild.js';
import type { Replica } from './replica.js';
import type { Lease, RedisRuntimeStore } from './runtimeStore.js';

export interface OwnershipDeps {
  store: RedisRuntimeStore;
  nodeId: string;
  leaseMs: number;
  keyframeInterval: number;
  /** An owner writes a checkpoint every this many steps (0: never). */
  checkpointSteps: number;
  createEngine: EngineFactory;
  replicas: ReadonlyMap<string, Replica>;
  adopt(simulationId: string): Promise<Replica | null>;
  drop(simulationId: string): void;
  watchCommands(simulationId: string, cursor: string): void;
  unwatchCommands(simulationId: string): void;
  report(error: unknown, where: string): void;
  /** A takeover's rebuild starts (`null`) or ended (how it went). */
  onRebuild?(simulationId: string, report: RebuildReport | null): void;
  onRuntimeError?(error: unknown, context: HubErrorContext): void;
}

/** How long a write may wait for Redis before the node calls itself degraded. */
const STALLED_MS = 1_000;

/**
 * Which simulations this node drives, kept true against Redis: every `leaseMs / 3` it renews
 * its leases — on a timer of its own, so nothing else the node does delays it; a lost one
 * stops that simulation here at once — and, in a scan, adopts simulations that appeared in
 * the index, drops removed ones, and takes over every simulation whose owner's lease ran out:
 * rebuilt from its newest usable checkpoint and the inputs after it (or its whole input log),
 * in slices that leave the event loop free, under a lease renewed like the others, then going
 * on with the same epoch and the next seq. Whichever node's `SET NX` wins the lease owns it;
 * the fence keeps the others out.
 *
 * @example
 * const ownership = new Ownership({ store, nodeId, leaseMs: 2_000, … });
 * await ownership.start();
 */
export class Ownership {
  readonly #deps: OwnershipDeps;
  readonly #owned = new Map<string, OwnedSimulation>();
  /** Simulations whose rebuild did not match the log, by the seq it failed at (not retried until it moves). */
  readonly #unbuildable = new Map<string, number>();
  /**
   * Leases held while their simulation is rebuilt: renewed with the owned ones, since a
   * rebuild of a long log may outlast a lease (`held` false: a renewal failed, stop).
   */
  readonly #rebuilding = new Map<string, { lease: Lease; held: boolean; done?: Promise<void> }>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Renewals run on a timer of their own, so no scan, adoption or rebuild ever delays them. */
  #renewer: ReturnType<typeof setInterval> | null = null;
  #renewing = false;
  #stopped = false;

  constructor(deps: OwnershipDeps) {
    this.#deps = deps;
  }

  get leaseMs(): number {
    return this.#deps.leaseMs;
  }

  /** Load what Redis holds now (awaited), then keep watching. */
  async start(): Promise<void> {
    this.#renewer = setInterval(() => void this.#renew(), this.#period());
    await this.#sync();
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#renewer) clearInterval(this.#renewer);
    for (const id of [...this.#owned.keys()]) this.#owned.get(id)?.depose('node stopped');
  }

  /** Drive a simulation this node just created under `lease` (not live until `goLive`). */
  own(lease: Lease, record: SimulationRecord): OwnedSimulation {
    const { deps, register } = this.#ownerDeps(lease);
    const owned = new OwnedSimulation({ ...deps, record });
    register(owned, '0-0');
    return owned;
  }

  owned(simulationId: string): OwnedSimulation | undefined {
    const owned = this.#owned.get(simulationId);
    return owned && !owned.deposed ? owned : undefined;
  }

  ownedIds(): string[] {
    return [...this.#owned.keys()];
  }

  /** Stop driving a simulation here and free its lease. */
  disown(simulationId: string, reason: string): void {
    const owned = this.#owned.get(simulationId);
    if (!owned) return;
    const { lease } = owned;
    owned.depose(reason);
    this.#deps.store.releaseLease(lease).catch(() => {});
  }

  /** A reason to call the node degraded: an owned simulation's write waits for Redis. */
  stalledReason(): string | null {
    const now = Date.now();
    for (const [id, owned] of this.#owned) {
      const since = owned.waitingSince;
      if (since !== null && now - since > STALLED_MS) {
        return `Writes of simulation "${id}" have waited ${Math.round((now - since) / 1000)} s for Redis; it is paused until they land.`;
      }
    }
    return null;
  }

  /** Graceful leave: every owned simulation's queued writes land, then its lease is freed. */
  async releaseAll(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#renewer) clearInterval(this.#renewer);
    // Rebuilds under way stop at their next slice and free their leases.
    const rebuilds = [...this.#rebuilding.values()].map((r) => r.done);
    await Promise.all([...this.#owned.values()].map((owned) => owned.release()));
    await Promise.all(rebuilds);
  }

  /** The owner's dependencies for `lease`, and how to register the owner once made. */
  #ownerDeps(lease: Lease) {
    const { store, createEngine, keyframeInterval, checkpointSteps, onRuntimeError } = this.#deps;
    const id = lease.simulationId;
    let registered: OwnedSimulation | null = null;
    const deps: Omit<OwnerDeps, 'record'> = {
      store,
      lease,
      createEngine,
      keyframeInterval,
      checkpointSteps,
      onDeposed: () => {
        if (!registered || this.#owned.get(id) !== registered) return;
        this.#owned.delete(id);
        this.#deps.unwatchCommands(id);
      },
      ...(onRuntimeError ? { onError: onRuntimeError } : {}),
    };
    const register = (owned: OwnedSimulation, cursor: string) => {
      registered = owned;
      this.#owned.set(id, owned);
      this.#deps.watchCommands(id, cursor);
    };
    return { deps, register };
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#sync()
        .catch((error: unknown) => this.#deps.report(error, 'ownership'))
        .finally(() => this.#schedule());
    }, this.#period());
  }

  /** A third of the lease: how often leases are renewed and Redis is scanned. */
  #period(): number {
    return Math.max(50, Math.floor(this.#deps.leaseMs / 3));
  }

  /** Renew every lease held here — of owned simulations and of those being rebuilt. */
  async #renew(): Promise<void> {
    if (this.#renewing || this.#stopped) return;
    this.#renewing = true;
    const { store, leaseMs } = this.#deps;
    try {
      const owned = [...this.#owned.values()];
      const rebuilding = [...this.#rebuilding.values()];
      const renewed = await Promise.all([
        ...owned.map((o) => store.renewLease(o.lease, leaseMs)),
        ...rebuilding.map((r) => store.renewLease(r.lease, leaseMs)),
      ]);
      owned.forEach((o, i) => {
        if (!renewed[i]) o.depose('lease lost');
      });
      rebuilding.forEach((r, i) => {
        if (!renewed[owned.length + i]) r.held = false;
      });
    } catch (error) {
      this.#deps.report(error, 'lease renewal');
    } finally {
      this.#renewing = false;
    }
  }

  async #sync(): Promise<void> {
    const { store } = this.#deps;
    const ids = new Set(await store.simulationIds());
    for (const id of this.#deps.replicas.keys()) if (!ids.has(id)) this.#deps.drop(id);
    for (const id of ids) {
      if (this.#stopped) return;
      if (!this.#deps.replicas.has(id)) await this.#deps.adopt(id);
      if (this.#owned.has(id) || this.#rebuilding.has(id)) continue;
      if ((await store.ownerOf(id)) === null) await this.#takeOver(id);
    }
  }

  /**
   * Take the lease of an ownerless simulation and start rebuilding it here — unless it is
   * being deleted: the lease is taken only while the simulation exists (one atomic check), and
   * a delete that lands during the rebuild takes the lease with the keys, which the rebuild
   * sees (its renewal fails, or before going live, or after failing on the half-deleted log):
   * it stops quietly. The rebuild runs on its own; the renewal timer keeps its lease meanwhile.
   */
  async #takeOver(id: string): Promise<void> {
    const { store, nodeId, leaseMs } = this.#deps;
    const meta = await store.meta(id);
    if (!meta || this.#unbuildable.get(id) === meta.seq) return;
    const lease = await store.acquireLease(id, nodeId, leaseMs, { existing: true });
    if (!lease) return;
    const rebuilding: { lease: Lease; held: boolean; done?: Promise<void> } = { lease, held: true };
    this.#rebuilding.set(id, rebuilding);
    this.#deps.onRebuild?.(id, null);
    const shouldStop = () => this.#stopped || !rebuilding.held;
    rebuilding.done = this.#rebuild(id, lease, meta.seq, shouldStop).finally(() =>
      this.#rebuilding.delete(id),
    );
  }

  async #rebuild(id: string, lease: Lease, seenSeq: number, shouldStop: () => boolean) {
    const { store, leaseMs } = this.#deps;
    try {
      // Read again under the lease: nothing can be appended any more but by this node.
      const current = await store.meta(id);
      if (!current) throw new RebuildAborted(`Simulation ${id} was removed.`);
      const { deps, register } = this.#ownerDeps(lease);
      const { owned, report } = await rebuildOwned(deps, current, { shouldStop });
      if (shouldStop() || !(await store.renewLease(lease, leaseMs))) {
        owned.depose(this.#stopped ? 'node stopped' : 'lease lost while rebuilding');
        throw new RebuildAborted(`Rebuild of ${id} stopped.`);
      }
      register(owned, current.cursor ?? '0-0');
      owned.goLive();
      this.#deps.onRebuild?.(id, report);
    } catch (error) {
      if (error instanceof RebuildAborted) {
        await store.releaseLease(lease).catch(() => false);
        return;
      }
      // Deleted (or taken) while rebuilding: the log read may have been half gone — no mismatch.
      if (!(await store.renewLease(lease, leaseMs).catch(() => true))) return;
      this.#unbuildable.set(id, seenSeq);
      await store.releaseLease(lease).catch(() => false);
      this.#deps.report(error, 'takeover');
    }
  }
}
