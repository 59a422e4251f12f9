import type { ProtocolError, SnapshotResponse } from '@simstream/protocol';
import type { ChannelHost } from './channel.js';

/** Why a snapshot is loaded: the first base, or a new one after a gap the log cannot fill. */
export type LoadReason = 'initial' | 'resync';

/**
 * Loads one simulation's snapshot base. The REST deadline abandons a hung request; a
 * failure that a retry can fix (network, timeout, 5xx, 429) is retried after
 * `host.loadRetryDelay(attempt)`; any other (an unknown simulation) is final and reported.
 * `cancel()` abandons the load: a late answer is ignored.
 *
 * @example
 * const loader = new SnapshotLoader('demo', host, (snapshot, reason) => setBase(snapshot, reason), fail);
 * loader.start('initial');
 */
export class SnapshotLoader {
  #abort: AbortController | null = null;
  #retryTimer: unknown = null;
  #attempt = 0;
  readonly #simulationId: string;
  readonly #host: Pick<ChannelHost, 'fetchSnapshot' | 'timers' | 'loadRetryDelay'>;
  readonly #onLoaded: (snapshot: SnapshotResponse, reason: LoadReason) => void;
  readonly #onFailed: (error: ProtocolError) => void;

  constructor(
    simulationId: string,
    host: Pick<ChannelHost, 'fetchSnapshot' | 'timers' | 'loadRetryDelay'>,
    onLoaded: (snapshot: SnapshotResponse, reason: LoadReason) => void,
    onFailed: (error: ProtocolError) => void,
  ) {
    this.#simulationId = simulationId;
    this.#host = host;
    this.#onLoaded = onLoaded;
    this.#onFailed = onFailed;
  }

  start(reason: LoadReason): void {
    this.#attempt = 0;
    this.#fetch(reason);
  }

  cancel(): void {
    this.#abort?.abort();
    this.#abort = null;
    if (this.#retryTimer !== null) this.#host.timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #fetch(reason: LoadReason): void {
    const abort = new AbortController();
    this.#abort = abort;
    const current = () => this.#abort === abort && !abort.signal.aborted;
    this.#host
      .fetchSnapshot(this.#simulationId, abort.signal)
      .then((snapshot) => {
        if (!current()) return;
        this.#abort = null;
        this.#onLoaded(snapshot, reason);
      })
      .catch((err: unknown) => {
        if (!current()) return;
        this.#abort = null;
        const status = (err as { status?: number }).status ?? 0;
        if (status === 0 || status === 429 || status >= 500) {
          this.#retryTimer = this.#host.timers.setTimeout(
            () => {
              this.#retryTimer = null;
              this.#fetch(reason);
            },
            this.#host.loadRetryDelay(++this.#attempt),
          );
          return;
        }
        this.#onFailed(snapshotLoadError(err));
      });
  }
}

/**
 * The error a failed load leaves on the stream state: the server's sentence, `unknown_simulation`
 * kept (a UI says there is no such simulation), any other failure reported as `internal`.
 */
function snapshotLoadError(err: unknown): ProtocolError {
  const message = err instanceof Error ? err.message : 'The snapshot could not be loaded.';
  const code =
    (err as { code?: string }).code === 'unknown_simulation' ? 'unknown_simulation' : 'internal';
  return { code, message };
}
