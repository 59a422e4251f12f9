import { hostname } from 'node:os';
import {
  type ControlRefusal,
  type CoreHub,
  type EngineFactory,
  type HubErrorContext,
  type HubResult,
  type RuntimeDefaults,
  generateSimulationId,
  newEpoch,
  resolveSimulationRequest,
} from '@simstream/hub';
import { type CreateSimulationRequest, protocolError } from '@simstream/protocol';
import { createEngine } from '@simstream/simulation';
import type { Redis } from 'ioredis';
import { loadReplica } from './adopt.js';
import { catchUp } from './catchUp.js';
import { CommandBus } from './commandBus.js';
import { CommandRouter } from './commandRouter.js';
import { Ownership } from './ownership.js';
import type { RebuildReport } from './rebuild.js';
import { refusals } from './refusals.js';
import type { Replica } from './replica.js';
import { RedisRuntimeStore, SIMULATION_INDEX, simulationKeys } from './runtimeStore.js';
import { type StreamEntry, StreamReader } from './streamReader.js';

export interface RedisHubOptions {
  /** The node's main connection (writes, commands); the hub makes its reader and subscriber from it. */
  redis: Redis;
  defaults: RuntimeDefaults;
  logCapacity: number;
  keyframeInterval?: number;
  maxSimulations: number;
  /** Lease time to live, ms: a dead owner is replaced within about this long. Default 2,000. */
  leaseMs?: number;
  /** An owner checkpoints its runtime with every this many steps (0: never). Default 500. */
  checkpointSteps?: number;
  /** Longest wait of a read for this node to catch up with the log (`current`), ms. Default 3,000. */
  catchUpMs?: number;
  /** Longest wait for a command's owner to answer, ms. Default 10,000. */
  commandTimeoutMs?: number;
  nodeId?: string;
  createEngine?: EngineFactory;
  onError?(error: unknown, context: HubErrorContext | { where: string }): void;
  /** A simulation left the index (deleted on some node): its viewers here must be told. */
  onRemoved?(simulationId: string): void;
}

/** Told when a takeover's rebuild starts (`null`) and how it ended. */
export type RebuildListener = (simulationId: string, report: RebuildReport | null) => void;

/**
 * A cluster node's hub: every simulation in Redis is here as a `Replica` fed from its event
 * log, whichever node owns it; the simulations this node holds the lease of are also driven
 * here (`OwnedSimulation`). Mutations go to the owner — directly when it is this node, through
 * the simulation's command stream otherwise — and answer once logged. Nodes are equal: any
 * node creates, serves and, when an owner dies, takes over.
 *
 * @example
 * const hub = new RedisHub({ redis: new Redis(url), defaults, logCapacity: 5_000, maxSimulations: 20 });
 * await hub.start();
 * const core = createServerCore({ hub, … });
 */
export class RedisHub implements CoreHub {
  readonly nodeId: string;
  readonly store: RedisRuntimeStore;
  readonly #options: RedisHubOptions;
  readonly #replicas = new Map<string, Replica>();
  readonly #bus: CommandBus;
  readonly #reader: StreamReader;
  readonly #ownership: Ownership;
  readonly #router: CommandRouter;
  readonly #rebuildListeners = new Set<RebuildListener>();

  constructor(options: RedisHubOptions) {
    this.#options = options;
    const { redis } = options;
    this.nodeId = options.nodeId ?? `${hostname()}:${process.pid}:${newEpoch().slice(0, 8)}`;
    this.store = new RedisRuntimeStore(redis, { logSize: options.logCapacity });
    this.#bus = new CommandBus(redis, redis.duplicate(), this.nodeId);
    this.#reader = new StreamReader(redis.duplicate(), redis, {
      onEntries: (key, entries) => this.#onEntries(key, entries),
      onError: (error) => this.#report(error, 'stream reader'),
    });
    this.#ownership = new Ownership({
      store: this.store,
      nodeId: this.nodeId,
      leaseMs: options.leaseMs ?? 2_000,
      keyframeInterval: options.keyframeInterval ?? 10,
      checkpointSteps: options.checkpointSteps ?? 500,
      createEngine: options.createEngine ?? ((config) => createEngine(config)),
      replicas: this.#replicas,
      adopt: (id) => this.#adopt(id),
      drop: (id) => this.#drop(id),
      watchCommands: (id, cursor) => this.#reader.watch(simulationKeys(id).commands, cursor),
      unwatchCommands: (id) => this.#reader.unwatch(simulationKeys(id).commands),
      report: (error, where) => this.#report(error, where),
      onRebuild: (id, report) => {
        for (const listener of this.#rebuildListeners) listener(id, report);
      },
      ...(options.onError ? { onRuntimeError: options.onError } : {}),
    });
    this.#router = new CommandRouter({
      store: this.store,
      bus: this.#bus,
      owned: (id) => this.#ownership.owned(id),
      timeoutMs: options.commandTimeoutMs ?? 10_000,
      report: (error, where) => this.#report(error, where),
    });
  }

  /**
   * Hear about takeovers here: called with `null` when a rebuild starts, then with its report
   * (from a checkpoint or the start, which timestep, how many inputs, checkpoints passed over).
   *
   * @example
   * hub.onRebuild((id, report) => report && log.info({ simulationId: id, rebuild: report }, 'taken over'));
   */
  onRebuild(listener: RebuildListener): () => void {
    this.#rebuildListeners.add(listener);
    return () => this.#rebuildListeners.delete(listener);
  }

  /** Connect the reader and subscriber, load every simulation, start watching leases. */
  async start(): Promise<void> {
    await this.#bus.start();
    await this.#reader.start();
    await this.#ownership.start();
  }

  async create(request: CreateSimulationRequest = {}): Promise<HubResult<Replica>> {
    const resolved = resolveSimulationRequest(request, this.#options.defaults);
    if (!resolved.ok) return resolved;
    if (this.store.redis.status !== 'ready') {
      return { ok: false, error: refusals.redisUnreachable() };
    }
    const { requestedId, settings } = resolved.value;
    const count = (await this.store.simulationIds()).length;
    if (count >= this.#options.maxSimulations) {
      const message = `This cluster already runs ${count} simulations, its limit; remove one first.`;
      return { ok: false, error: protocolError('conflict', message) };
    }
    const id = requestedId ?? generateSimulationId((taken) => this.#replicas.has(taken));
    const conflict = {
      ok: false as const,
      error: protocolError(
        'conflict',
        `A simulation with id ${id} already exists; pick another id.`,
      ),
    };
    if (this.#replicas.has(id) || (await this.store.meta(id))) return conflict;
    const lease = await this.store.acquireLease(id, this.nodeId, this.#ownership.leaseMs);
    if (!lease) return conflict;
    const record = { id, settings, epoch: newEpoch(), createdAt: new Date().toISOString() };
    const owned = this.#ownership.own(lease, record);
    const start = owned.driver.snapshot().snapshot;
    const input = { kind: 'create' as const, timestep: 0, at: Date.parse(record.createdAt) };
    const extra = { createdAt: record.createdAt, start, input };
    if (!(await this.store.createSimulation(id, settings, record.epoch, extra))) {
      this.#ownership.disown(id, 'create conflict');
      return conflict;
    }
    const replica = await this.#adopt(id);
    if (!replica) return conflict;
    owned.goLive();
    return { ok: true, value: replica };
  }

  get(id: string): Replica | undefined {
    return this.#replicas.get(id);
  }

  /** A simulation another node created a moment ago: in the index, not adopted here yet. */
  async find(id: string): Promise<Replica | undefined> {
    const known = this.#replicas.get(id);
    if (known || this.store.redis.status !== 'ready') return known;
    if (!(await this.store.redis.sismember(SIMULATION_INDEX, id))) return undefined;
    return (await this.#adopt(id)) ?? undefined;
  }

  /** The simulation once this node holds every event logged before the call (`catchUp`). */
  async current(id: string): Promise<Replica | undefined> {
    const replica = await this.find(id);
    if (replica) await catchUp(this.store, replica, this.#options.catchUpMs ?? 3_000);
    return replica;
  }

  list(): Replica[] {
    return [...this.#replicas.values()];
  }

  async remove(id: string): Promise<boolean | ControlRefusal> {
    if (!this.#replicas.has(id)) return false;
    // Refused rather than queued until Redis returns (the caller would hang meanwhile).
    if (this.store.redis.status !== 'ready') {
      return { ok: false, error: refusals.redisUnreachable() };
    }
    this.#ownership.disown(id, 'removed');
    await this.store.removeSimulation(id);
    this.#drop(id, false);
    return true;
  }

  /**
   * Why this node cannot do its job right now, or null when it can: Redis unreachable, or a
   * write of a simulation it owns waiting for Redis (the simulation is held meanwhile).
   */
  degradedReason(): string | null {
    if (this.store.redis.status !== 'ready') {
      return `Redis is unreachable (connection ${this.store.redis.status}); simulations owned here are paused and commands are refused until it returns.`;
    }
    return this.#ownership.stalledReason();
  }

  /** The simulations this node drives now (tests and health). */
  ownedIds(): string[] {
    return this.#ownership.ownedIds();
  }

  /** Graceful leave: hand every owned simulation over (leases released), then stop. */
  async close(): Promise<void> {
    await this.#ownership.releaseAll();
    await this.#shutdown();
  }

  /** Stop at once (no hand-over: the leases run out and other nodes take over). */
  dispose(): void {
    this.#ownership.stop();
    void this.#shutdown();
  }

  async #shutdown(): Promise<void> {
    this.#ownership.stop();
    this.#bus.stop();
    await this.#reader.stop();
    for (const replica of this.#replicas.values()) replica.dispose();
    this.#replicas.clear();
  }

  async #adopt(id: string): Promise<Replica | null> {
    const existing = this.#replicas.get(id);
    if (existing) return existing;
    const replica = await loadReplica(this.store, id, {
      logCapacity: this.#options.logCapacity,
      keyframeInterval: this.#options.keyframeInterval ?? 10,
      send: (command) => this.#router.send(id, command),
      onListenerError: (error) => this.#report(error, 'listener'),
    });
    if (!replica || this.#replicas.has(id)) return this.#replicas.get(id) ?? null;
    this.#replicas.set(id, replica);
    this.#reader.watch(simulationKeys(id).events, `0-${replica.seq}`);
    return replica;
  }

  /** Forget a simulation that left the index; `announce`: tell its viewers here. */
  #drop(id: string, announce = true): void {
    const replica = this.#replicas.get(id);
    if (!replica) return;
    this.#ownership.disown(id, 'removed');
    this.#reader.unwatch(simulationKeys(id).events);
    this.#replicas.delete(id);
    this.#router.forget(id);
    if (announce) this.#options.onRemoved?.(id);
    replica.dispose();
  }

  #onEntries(key: string, entries: StreamEntry[]): void {
    const id = key.slice('{sim:'.length, key.indexOf('}'));
    if (key.endsWith(':events')) {
      this.#replicas.get(id)?.apply(entries.map(([, fields]) => JSON.parse(fields[1] ?? 'null')));
      return;
    }
    this.#router.serve(id, entries);
  }

  #report(error: unknown, where: string): void {
    try {
      this.#options.onError?.(error, { where });
    } catch {
      // A reporter that throws must not stop the node.
    }
  }
}
