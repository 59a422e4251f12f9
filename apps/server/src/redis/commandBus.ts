import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ClusterCommand, Executed } from './ownedSimulation.js';
import { simulationKeys } from './runtimeStore.js';

/** A command as it waits in a simulation's command stream for the owner. */
export interface CommandRequest {
  id: string;
  /** The node waiting for the answer. */
  node: string;
  command: ClusterCommand;
}

const replyChannel = (nodeId: string) => `simstream:replies:${nodeId}`;
/** Commands kept per simulation (approximately): plenty for owners that read them at once. */
const COMMANDS_KEPT = 10_000;

/**
 * Carries commands to the owner of a simulation, whichever node it is — and to the next
 * owner when it dies first: a command waits in the simulation's command stream (durable,
 * in order) until the owner reads it, applies it and logs it with the stream position (so
 * no later owner applies it twice). The answer comes back over pub/sub to the waiting node's
 * channel, one subscriber connection per node.
 *
 * @example
 * const bus = new CommandBus(redis, redis.duplicate(), nodeId);
 * await bus.start();
 * const executed = await bus.send('sim-1', { kind: 'pause' }, 10_000); // null: no answer in time
 */
export class CommandBus {
  readonly #waiting = new Map<string, (executed: Executed | null) => void>();

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    readonly nodeId: string,
  ) {}

  async start(): Promise<void> {
    this.subscriber.on('message', (_channel: string, message: string) => {
      try {
        const { id, executed } = JSON.parse(message) as { id: string; executed: Executed };
        this.#waiting.get(id)?.(executed);
      } catch {
        // Not a reply of ours: ignore.
      }
    });
    await this.subscriber.subscribe(replyChannel(this.nodeId));
  }

  /** Queue a command for the owner and wait for its answer; null when none came in time. */
  send(simulationId: string, command: ClusterCommand, timeoutMs: number): Promise<Executed | null> {
    const request: CommandRequest = { id: randomUUID(), node: this.nodeId, command };
    return new Promise((resolve) => {
      const done = (executed: Executed | null) => {
        clearTimeout(timer);
        this.#waiting.delete(request.id);
        resolve(executed);
      };
      const timer = setTimeout(() => done(null), timeoutMs);
      this.#waiting.set(request.id, done);
      this.redis
        .xadd(
          simulationKeys(simulationId).commands,
          'MAXLEN',
          '~',
          COMMANDS_KEPT,
          '*',
          'request',
          JSON.stringify(request),
        )
        .catch(() => done(null));
    });
  }

  /** Answer a command's sender (the owner calls this once the command is logged). */
  async reply(request: CommandRequest, executed: Executed): Promise<void> {
    await this.redis.publish(
      replyChannel(request.node),
      JSON.stringify({ id: request.id, executed }),
    );
  }

  stop(): void {
    for (const done of [...this.#waiting.values()]) done(null);
    this.#waiting.clear();
    this.subscriber.disconnect();
  }
}
