import type { DecisionAnswerAck } from '@simstream/protocol';
import type { Redis } from 'ioredis';
import { TRIM_ANSWERS } from './scripts.js';

/** Writes with events between two steps of a simulation's answers sweep. */
const TRIM_EVERY = 10;
/** Fields one sweep step looks at. */
const TRIM_COUNT = 500;

/**
 * The decided answers of the simulations in Redis (`{sim:ID}:answers`: idempotency key →
 * `<seq>|<ack JSON>`, written by the tick script), kept as long as the event log keeps the
 * events of their write: a retry of the same key on any node within that window gets the
 * identical ack. Older acks are swept by the owner, one bounded `HSCAN` step every
 * `TRIM_EVERY` writes, so the hash stays about the size of the answers decided within the
 * last `REPLAY_LOG_SIZE` events instead of growing with every answer ever given.
 *
 * @example
 * const answers = new StoredAnswers(redis, simulationKeys);
 * await answers.get('sim-1', 'key-1'); // the stored ack, or null
 * answers.wrote('sim-1'); // after each write with events
 */
export class StoredAnswers {
  /** Per simulation written here: where its sweep is, and writes since its last step. */
  readonly #sweeps = new Map<string, { cursor: string; writes: number }>();

  constructor(
    private readonly redis: Redis,
    /** The simulation's keys (`simulationKeys`). */
    private readonly keysOf: (simulationId: string) => { answers: string; events: string },
  ) {}

  async get(simulationId: string, idempotencyKey: string): Promise<DecisionAnswerAck | null> {
    const raw = await this.redis.hget(this.keysOf(simulationId).answers, idempotencyKey);
    if (raw === null) return null;
    // Acks stored before they carried their seq are plain JSON.
    const aged = /^\d+\|/.exec(raw);
    return JSON.parse(aged ? raw.slice(aged[0].length) : raw) as DecisionAnswerAck;
  }

  /** A write with events landed: every `TRIM_EVERY`, one sweep step (in the background). */
  wrote(simulationId: string): void {
    const sweep = this.#sweeps.get(simulationId) ?? { cursor: '0', writes: 0 };
    this.#sweeps.set(simulationId, sweep);
    if (++sweep.writes < TRIM_EVERY) return;
    sweep.writes = 0;
    const { answers, events } = this.keysOf(simulationId);
    this.redis
      .eval(TRIM_ANSWERS, 2, answers, events, sweep.cursor, TRIM_COUNT)
      .then((next) => {
        sweep.cursor = String(next);
      })
      // A step that failed (Redis away) is simply taken again at the next turn.
      .catch(() => {});
  }

  forget(simulationId: string): void {
    this.#sweeps.delete(simulationId);
  }
}
