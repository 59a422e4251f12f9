import type { DecisionAnswerAck, Envelope, SimulationSnapshot } from '@simstream/protocol';
import type { Redis } from 'ioredis';
import {
  ACQUIRE_LEASE,
  APPEND_TICK,
  CREATE_SIMULATION,
  RELEASE_LEASE,
  RENEW_LEASE,
} from './scripts.js';
import { StoredAnswers } from './storedAnswers.js';

/** The set of every simulation id (not hash-tagged: read by every node's watcher). */
export const SIMULATION_INDEX = 'simstream:simulations';

/**
 * The Redis keys of one simulation. They share the hash tag `{sim:ID}`, so they live in one
 * slot and the atomic scripts work on Redis Cluster too.
 *
 * @example
 * simulationKeys('sim-1').events; // '{sim:sim-1}:events'
 */
export function simulationKeys(simulationId: string) {
  const tag = `{sim:${simulationId}}`;
  return {
    meta: `${tag}:meta`,
    inputs: `${tag}:inputs`,
    events: `${tag}:events`,
    owner: `${tag}:owner`,
    fence: `${tag}:fence`,
    answers: `${tag}:answers`,
    commands: `${tag}:commands`,
    checkpoints: `${tag}:checkpoints`,
  };
}

/** One input that changes the run, with the timestep it was applied at (the truth to rebuild from). */
export interface StoredInput {
  timestep: number;
  kind: 'create' | 'step' | 'shock' | 'answer' | 'deadline' | 'pause' | 'resume' | 'reset';
  /** When it was applied (ms): a rebuild replays it at this time, so stamps come out identical. */
  at?: number;
  data?: unknown;
}

/** The right to step a simulation: held by one node, proven by a fencing token that only grows. */
export interface Lease {
  simulationId: string;
  nodeId: string;
  token: number;
}

export interface StoredMeta {
  config: unknown;
  epoch: string;
  /** Seq of the newest event written. */
  seq: number;
  createdAt?: string;
  /** The engine's snapshot at timestep 0 (what viewers see before the first step). */
  start?: SimulationSnapshot;
  /** Id of the last command the owner consumed from the command stream. */
  cursor?: string;
}

/** What one atomic append carries. */
export interface TickWrite {
  inputs: readonly StoredInput[];
  events: readonly Envelope[];
  /** Acks decided by this write, by idempotency key (the first stored one stays). */
  answers?: ReadonlyArray<readonly [string, DecisionAnswerAck]>;
  /** The command-stream id consumed by this write. */
  cursor?: string;
  /** The owner's runtime after this write (`RuntimeCheckpoint` as JSON) and its timestep. */
  checkpoint?: { state: string; timestep: number };
}

/** A checkpoint as Redis holds it, not yet checked (`checkpoints.ts` checks and picks one). */
export interface StoredCheckpoint {
  /** Its id in the checkpoint stream. */
  id: string;
  fields: Record<string, string>;
}

export type AppendResult = { ok: true; seq: number } | { ok: false; reason: 'fenced' | 'gap' };

/** Events after a seq, or resync when they left the (trimmed) log. */
export type StoredReplay = { resync: false; events: Envelope[] } | { resync: true };

const holderOf = (lease: Lease) => `${lease.nodeId}|${lease.token}`;
const seqOfId = (id: string) => Number(id.slice(id.indexOf('-') + 1));

/**
 * The event-sourced store of simulations on Redis: config and epoch, the input log and the
 * event log (keyed by seq, trimmed at `logSize`) per simulation, decided answers by
 * idempotency key, and the owner's lease with a fencing token checked inside the same atomic
 * write as a tick's inputs and events. A node that takes over after the owner died reads the
 * same epoch and the last seq and goes on with the next one.
 *
 * @example
 * const store = new RedisRuntimeStore(redis, { logSize: 5_000 });
 * const lease = await store.acquireLease('sim-1', 'node-a', 2_000);
 * if (lease) await store.appendTick(lease, { inputs: [{ timestep: 1, kind: 'step' }], events });
 */
export class RedisRuntimeStore {
  readonly #answers: StoredAnswers;

  constructor(
    readonly redis: Redis,
    private readonly options: { logSize: number },
  ) {
    this.#answers = new StoredAnswers(redis, simulationKeys);
  }

  /** Record a new simulation (meta, its create input) and index it; false when the id exists. */
  async createSimulation(
    simulationId: string,
    config: unknown,
    epoch: string,
    extra: { createdAt?: string; start?: SimulationSnapshot; input?: StoredInput } = {},
  ): Promise<boolean> {
    const { meta, inputs } = simulationKeys(simulationId);
    const created = await this.redis.eval(
      CREATE_SIMULATION,
      2,
      meta,
      inputs,
      JSON.stringify(config),
      epoch,
      extra.createdAt ?? new Date().toISOString(),
      extra.start ? JSON.stringify(extra.start) : '',
      extra.input ? JSON.stringify(extra.input) : '',
    );
    if (created !== 1) return false;
    await this.redis.sadd(SIMULATION_INDEX, simulationId);
    return true;
  }

  /** Every simulation id in the index. */
  simulationIds(): Promise<string[]> {
    return this.redis.smembers(SIMULATION_INDEX);
  }

  /** Forget a simulation: out of the index first (no node adopts it again), then its keys. */
  async removeSimulation(simulationId: string): Promise<void> {
    await this.redis.srem(SIMULATION_INDEX, simulationId);
    await this.redis.del(...Object.values(simulationKeys(simulationId)));
    this.#answers.forget(simulationId);
  }

  async meta(simulationId: string): Promise<StoredMeta | null> {
    const fields = await this.redis.hgetall(simulationKeys(simulationId).meta);
    if (fields.config === undefined || fields.epoch === undefined) return null;
    return {
      config: JSON.parse(fields.config),
      epoch: fields.epoch,
      seq: Number(fields.seq ?? 0),
      ...(fields.createdAt ? { createdAt: fields.createdAt } : {}),
      ...(fields.start ? { start: JSON.parse(fields.start) as SimulationSnapshot } : {}),
      ...(fields.cursor ? { cursor: fields.cursor } : {}),
    };
  }

  /** Seq of the newest event logged (0 before the first, and for an unknown simulation). */
  async headSeq(simulationId: string): Promise<number> {
    return Number((await this.redis.hget(simulationKeys(simulationId).meta, 'seq')) ?? 0);
  }

  /**
   * Take (or keep) the lease for `ttlMs`; null while another node holds it. `existing`: only
   * while the simulation is still there (checked in the same atomic step) — a takeover racing
   * a delete gets null, and leaves no key behind.
   */
  async acquireLease(
    simulationId: string,
    nodeId: string,
    ttlMs: number,
    { existing = false }: { existing?: boolean } = {},
  ): Promise<Lease | null> {
    const { owner, fence, meta } = simulationKeys(simulationId);
    const keys = existing ? [owner, fence, meta] : [owner, fence];
    const token = Number(await this.redis.eval(ACQUIRE_LEASE, keys.length, ...keys, nodeId, ttlMs));
    return token > 0 ? { simulationId, nodeId, token } : null;
  }

  /** The node holding the lease now, or null when none does. */
  async ownerOf(simulationId: string): Promise<string | null> {
    const holder = await this.redis.get(simulationKeys(simulationId).owner);
    return holder ? holder.slice(0, holder.lastIndexOf('|')) : null;
  }

  /** Extend the lease; false when it expired and another node (or none) holds it now. */
  async renewLease(lease: Lease, ttlMs: number): Promise<boolean> {
    const { owner } = simulationKeys(lease.simulationId);
    return (await this.redis.eval(RENEW_LEASE, 1, owner, holderOf(lease), ttlMs)) === 1;
  }

  async releaseLease(lease: Lease): Promise<boolean> {
    const { owner } = simulationKeys(lease.simulationId);
    return (await this.redis.eval(RELEASE_LEASE, 1, owner, holderOf(lease))) === 1;
  }

  /**
   * Write one tick atomically: its inputs, its events (seqs must continue the log), the acks
   * it decided and the command cursor — only while `lease` is the current one. A deposed
   * owner gets `fenced` and nothing is written.
   */
  async appendTick(lease: Lease, tick: TickWrite): Promise<AppendResult> {
    const keys = simulationKeys(lease.simulationId);
    const answers = tick.answers ?? [];
    const result = Number(
      await this.redis.eval(
        APPEND_TICK,
        6,
        keys.owner,
        keys.meta,
        keys.inputs,
        keys.events,
        keys.answers,
        keys.checkpoints,
        holderOf(lease),
        this.options.logSize,
        tick.cursor ?? '',
        tick.checkpoint?.state ?? '',
        tick.checkpoint?.timestep ?? 0,
        tick.inputs.length,
        ...tick.inputs.map((input) => JSON.stringify(input)),
        answers.length,
        ...answers.flatMap(([key, ack]) => [key, JSON.stringify(ack)]),
        tick.events[0]?.seq ?? 0,
        ...tick.events.map((event) => JSON.stringify(event)),
      ),
    );
    if (result === -1) return { ok: false, reason: 'fenced' };
    if (result === -2) return { ok: false, reason: 'gap' };
    if (tick.events.length > 0) this.#answers.wrote(lease.simulationId);
    return { ok: true, seq: result };
  }

  /**
   * The ack stored for an idempotency key, if an answer with it was decided — while the
   * event log still holds the events of its write (`REPLAY_LOG_SIZE`): older acks are swept.
   */
  answer(simulationId: string, idempotencyKey: string): Promise<DecisionAnswerAck | null> {
    return this.#answers.get(simulationId, idempotencyKey);
  }

  /** The whole input log, oldest first, read in pages of `pageSize`. */
  async inputs(simulationId: string, pageSize = 1_000): Promise<StoredInput[]> {
    const out: StoredInput[] = [];
    for await (const page of this.inputPages(simulationId, '-', pageSize)) out.push(...page);
    return out;
  }

  /** The input log after stream id `after` (`'-'`: from the start), oldest first, page by page. */
  async *inputPages(
    simulationId: string,
    after: string,
    pageSize = 500,
  ): AsyncGenerator<StoredInput[]> {
    const key = simulationKeys(simulationId).inputs;
    for (let start = after === '-' ? '-' : `(${after}`; ; ) {
      const page = await this.redis.xrange(key, start, '+', 'COUNT', pageSize);
      if (page.length > 0) yield page.map(([, f]) => JSON.parse(f[1] ?? 'null') as StoredInput);
      const last = page[page.length - 1];
      if (!last || page.length < pageSize) return;
      start = `(${last[0]}`;
    }
  }

  /** The checkpoints kept, newest first (unchecked: see `checkpoints.ts`). */
  async checkpoints(simulationId: string): Promise<StoredCheckpoint[]> {
    const key = simulationKeys(simulationId).checkpoints;
    const entries = await this.redis.xrevrange(key, '+', '-', 'COUNT', 4);
    return entries.map(([id, flat]) => {
      const fields: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
      return { id, fields };
    });
  }

  /**
   * At most `limit` events with seq > `sinceSeq`, by seq — a bounded page, never the whole
   * stream — or resync when the oldest of them was trimmed away.
   */
  async replay(simulationId: string, sinceSeq: number, limit = 500): Promise<StoredReplay> {
    const key = simulationKeys(simulationId).events;
    const oldest = await this.redis.xrange(key, '-', '+', 'COUNT', 1);
    const oldestSeq = oldest[0] ? seqOfId(oldest[0][0]) : null;
    if (oldestSeq !== null && sinceSeq < oldestSeq - 1) return { resync: true };
    const page = await this.redis.xrange(key, `(0-${sinceSeq}`, '+', 'COUNT', limit);
    return {
      resync: false,
      events: page.map(([, fields]) => JSON.parse(fields[1] ?? 'null') as Envelope),
    };
  }

  /** Every event still in the log, oldest first, read in bounded pages (a node catching up). */
  async *retainedEvents(simulationId: string, pageSize = 500): AsyncGenerator<Envelope[]> {
    const key = simulationKeys(simulationId).events;
    for (let start = '-'; ; ) {
      const page = await this.redis.xrange(key, start, '+', 'COUNT', pageSize);
      if (page.length > 0) {
        yield page.map(([, fields]) => JSON.parse(fields[1] ?? 'null') as Envelope);
      }
      const last = page[page.length - 1];
      if (!last || page.length < pageSize) return;
      start = `(${last[0]}`;
    }
  }
}
