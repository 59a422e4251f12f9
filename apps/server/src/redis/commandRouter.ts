import type { ProtocolError } from '@simstream/protocol';
import type { CommandBus, CommandRequest } from './commandBus.js';
import type { ClusterCommand, Executed, OwnedSimulation } from './ownedSimulation.js';
import { refusals } from './refusals.js';
import type { RedisRuntimeStore } from './runtimeStore.js';
import type { StreamEntry } from './streamReader.js';

export interface CommandRouterDeps {
  store: RedisRuntimeStore;
  bus: CommandBus;
  /** The simulation this node drives now, if it does. */
  owned(simulationId: string): OwnedSimulation | undefined;
  /** Longest wait for a remote owner's answer, ms. */
  timeoutMs: number;
  report(error: unknown, where: string): void;
}

const refused = (error: ProtocolError): Executed => ({ result: { ok: false, error }, seq: 0 });

/** True when stream id `a` comes after `b` (`ms-seq`, compared as numbers). */
function isAfter(a: string, b: string): boolean {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs !== bMs ? aMs > bMs : aSeq > bSeq;
}

/**
 * Where a mutation goes in the cluster: to the owner on this node directly, or through the
 * simulation's command stream to whichever node owns it (and on to the next owner if that one
 * dies first). The owner's side runs the stream's commands one after another and answers each
 * sender once the command is logged. An owner that loses its lease before logging a command
 * does not answer it: the command is still in the stream, and the next owner applies it and
 * answers — a "retry" answer then would invite the sender to apply it twice.
 *
 * @example
 * const router = new CommandRouter({ store, bus, owned: (id) => ownership.owned(id), timeoutMs: 10_000, report });
 * const { result } = await router.send('sim-1', { kind: 'pause' });
 */
export class CommandRouter {
  readonly #deps: CommandRouterDeps;
  /** Per simulation, the stream's commands executing here, one after another. */
  readonly #chains = new Map<string, Promise<unknown>>();
  /**
   * Per simulation, the newest stream id this node logged: a stream re-read from the logged
   * cursor (a takeover here) can deliver an entry the chain already executed.
   */
  readonly #logged = new Map<string, string>();

  constructor(deps: CommandRouterDeps) {
    this.#deps = deps;
  }

  /** Send a command to the owner; answers once its events are logged, or with a refusal. */
  async send(simulationId: string, command: ClusterCommand): Promise<Executed> {
    const { store, bus, timeoutMs } = this.#deps;
    if (store.redis.status !== 'ready') return refused(refusals.redisUnreachable());
    const owned = this.#deps.owned(simulationId);
    if (owned) return owned.execute(command);
    const executed = await bus.send(simulationId, command, timeoutMs);
    if (executed) return executed;
    if (command.kind === 'answer') {
      // The owner may have logged it and died before answering: the stored ack is the answer.
      const stored = await store.answer(simulationId, command.answer.idempotencyKey);
      if (stored) return { result: stored, seq: 0 };
    }
    return refused(refusals.ownerSilent(simulationId, timeoutMs));
  }

  /** Execute commands read from a simulation's stream, if this node owns it, in order. */
  serve(simulationId: string, entries: StreamEntry[]): void {
    for (const [entryId, fields] of entries) {
      const request = JSON.parse(fields[1] ?? 'null') as CommandRequest;
      const previous = this.#chains.get(simulationId) ?? Promise.resolve();
      const next = previous.then(() => this.#execute(simulationId, entryId, request));
      const settled = next.catch((error: unknown) => this.#deps.report(error, 'command'));
      this.#chains.set(simulationId, settled);
    }
  }

  /** The simulation left this node: nothing more to remember for it. */
  forget(simulationId: string): void {
    this.#chains.delete(simulationId);
    this.#logged.delete(simulationId);
  }

  async #execute(simulationId: string, entryId: string, request: CommandRequest): Promise<void> {
    const owned = this.#deps.owned(simulationId);
    if (!owned) return; // not ours any more: the next owner reads it from the stream
    const logged = this.#logged.get(simulationId);
    if (logged && !isAfter(entryId, logged)) return; // executed and answered already
    const executed = await owned.execute(request.command, entryId);
    if (executed.handedOver) return; // still in the stream: the next owner answers
    const newest = this.#logged.get(simulationId);
    if (!newest || isAfter(entryId, newest)) this.#logged.set(simulationId, entryId);
    await this.#deps.bus.reply(request, executed);
  }
}
