import type { Clock } from '../types.js';

/** What a delivery to the client is: frames can be lost, doubled and reordered; acks only delayed. */
export type DeliveryKind = 'events' | 'notice' | 'ack';

/**
 * Faults of the in-memory transport, set by a test at any moment. Each applies to every
 * connection of the server from the next delivery on.
 *
 * @example
 * server.faults.dropFrames(1);          // the next `events` frame is lost on the wire
 * server.faults.delay(250);             // frames, notices and acks arrive 250 ms later (on the clock)
 * const release = server.faults.holdFrames(); …; release('reverse'); // out of order
 */
export interface MemoryFaults {
  /** Connect attempts fail like an unreachable server; `down()` also drops open connections. */
  down(): void;
  up(): void;
  /** Refuse handshakes with `connect_error` carrying `data` (e.g. `{ code: 'unauthorized', … }`); null accepts again. */
  refuse(data: { code: string; message: string } | null): void;
  /** The server closes every open connection: the client sees `disconnect` `transport close`. */
  drop(reason?: string): void;
  /** Open connections stay open but nothing passes either way (a dead NAT entry). */
  halfOpen(): void;
  /** Commands of these events get no ack (e.g. `['ping']` for a server that stopped answering). */
  unanswered: Set<string>;
  /** Deliver frames, notices and acks `ms` later on the clock (0: at once). */
  delay(ms: number): void;
  /** Lose the next `n` `events` frames. */
  dropFrames(n?: number): void;
  /** Deliver the next `n` `events` frames twice. */
  duplicateFrames(n?: number): void;
  /** Hold `events` frames until the returned release delivers them, in `order`. */
  holdFrames(): (order?: 'same' | 'reverse') => void;
}

/** The fault state the transport consults on every delivery. */
export class FaultState {
  isDown = false;
  refusal: { code: string; message: string } | null = null;
  delayMs = 0;
  readonly unanswered = new Set<string>();
  #lose = 0;
  #double = 0;
  #held: Array<() => void> | null = null;

  constructor(private readonly clock: Clock) {}

  /**
   * Pass one delivery through the faults: `send` runs zero, one or two times, now, later on
   * the clock, or when held frames are released.
   */
  deliver(kind: DeliveryKind, send: () => void): void {
    if (kind === 'events') {
      if (this.#lose > 0) {
        this.#lose -= 1;
        return;
      }
      if (this.#double > 0) {
        this.#double -= 1;
        const once = send;
        send = () => {
          once();
          once();
        };
      }
      if (this.#held) {
        this.#held.push(send);
        return;
      }
    }
    this.later(send);
  }

  /** Run `fn` after the current delay on the clock (at once without one). */
  later(fn: () => void): void {
    if (this.delayMs <= 0) {
      fn();
      return;
    }
    const handle = this.clock.setInterval(() => {
      this.clock.clearInterval(handle);
      fn();
    }, this.delayMs);
  }

  lose(n: number): void {
    this.#lose += n;
  }

  double(n: number): void {
    this.#double += n;
  }

  hold(): (order?: 'same' | 'reverse') => void {
    const held: Array<() => void> = [];
    this.#held = held;
    return (order = 'reverse') => {
      if (this.#held === held) this.#held = null;
      for (const send of order === 'reverse' ? held.reverse() : held) this.later(send);
      held.length = 0;
    };
  }
}
