/**
 * The in-page stream: a pool of real engine ticks (generated once by the real hub in the
 * page), replayed with fresh gapless seqs through a fake Socket.IO socket and a fake REST
 * `fetch`, so the real stream client, query bridge and components run with no network.
 */
import type { StreamSocket, StreamSocketListenEvents } from '@simstream/client';
import { createHub } from '@simstream/hub';
import {
  API_PREFIX,
  type Envelope,
  type EventBatch,
  PROTOCOL_VERSION,
  type SnapshotResponse,
} from '@simstream/protocol';
import { FANOUT_SIMULATION, realisticTick } from '../../lib/ticks.js';

export const SIMULATION_ID = 'bench-browser';

type Listener = (...args: never[]) => void;

export interface PageSource {
  socket: StreamSocket;
  fetch: typeof fetch;
  /** Seq of the newest event fed. */
  readonly seq: number;
  /** Feed `ticks` pooled ticks now (each one `events` frame, as the server sends a tick). */
  feedTicks(ticks: number): number;
}

/**
 * Build the source: `poolTicks` real ticks of the fan-out simulation, full steps.
 *
 * @example
 * const source = createPageSource(400);
 * source.feedTicks(10);
 */
export function createPageSource(poolTicks: number): PageSource {
  const hub = createHub({ logCapacity: poolTicks * 8 });
  const created = hub.create({ id: SIMULATION_ID, ...FANOUT_SIMULATION });
  if (!created.ok) throw new Error(created.error.message);
  const runtime = created.value;
  const initial: SnapshotResponse = runtime.snapshot();
  // The runtime's history id when the protocol has one: acks and REST must agree on it, or
  // the client (rightly) resyncs on every subscribe.
  const epoch = (initial as { epoch?: string }).epoch ?? 'bench-page';
  const pool: Envelope[][] = [];
  for (let i = 0; i < poolTicks; i++) {
    const tick = realisticTick(runtime);
    if (tick.length > 0) pool.push(runtime.viewFor(tick, { types: null, steps: 'full' }));
  }
  hub.dispose();

  const listeners = new Map<string, Set<Listener>>();
  const fire = (event: string, ...args: unknown[]) => {
    for (const l of listeners.get(event) ?? []) (l as (...a: unknown[]) => void)(...args);
  };
  let connected = false;
  let seq = 0;
  let next = 0;

  const socket: StreamSocket = {
    get connected() {
      return connected;
    },
    connect() {
      setTimeout(() => {
        connected = true;
        fire('connect');
      }, 0);
    },
    disconnect() {
      connected = false;
    },
    on<E extends keyof StreamSocketListenEvents>(event: E, listener: StreamSocketListenEvents[E]) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as Listener);
      listeners.set(event, set);
    },
    off<E extends keyof StreamSocketListenEvents>(event: E, listener: StreamSocketListenEvents[E]) {
      listeners.get(event)?.delete(listener as Listener);
    },
    emit(event, ...args) {
      const ack = args[args.length - 1];
      if (typeof ack !== 'function') return;
      const payload = args[0] as { simulationId?: string } | undefined;
      const reply = (value: unknown) => setTimeout(() => (ack as (v: unknown) => void)(value), 0);
      if (event === 'subscribe') {
        reply({
          ok: true,
          simulationId: payload?.simulationId ?? SIMULATION_ID,
          currentSeq: seq,
          epoch,
          replayed: 0,
          resync: false,
        });
      } else if (event === 'ping') {
        reply({ type: 'pong', timestamp: new Date().toISOString() });
      } else {
        reply({ ok: true, simulationId: payload?.simulationId ?? SIMULATION_ID });
      }
    },
  };

  const json = (body: unknown, status = 200) =>
    Promise.resolve(
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      }),
    );
  const base = `${API_PREFIX}/simulations/${SIMULATION_ID}`;
  const fakeFetch = ((input: RequestInfo | URL) => {
    const url = new URL(String(input instanceof Request ? input.url : input), location.href);
    if (url.pathname === `${base}/snapshot`) return json({ ...initial, seq: 0 });
    if (url.pathname === `${base}/events`)
      return json({ currentSeq: 0, resync: false, events: [] });
    if (url.pathname === `${base}/decisions`) return json([]);
    return json({ error: { code: 'not_found', message: 'bench page: no such route' } }, 404);
  }) as typeof fetch;

  return {
    socket,
    fetch: fakeFetch,
    get seq() {
      return seq;
    },
    feedTicks(ticks) {
      let events = 0;
      for (let t = 0; t < ticks; t++) {
        const template = pool[next++ % pool.length] as Envelope[];
        const fromSeq = seq + 1;
        const batchEvents = template.map((e) => ({ ...e, seq: ++seq }));
        const batch: EventBatch = {
          v: PROTOCOL_VERSION,
          simulationId: SIMULATION_ID,
          fromSeq,
          toSeq: seq,
          events: batchEvents,
        };
        events += batchEvents.length;
        fire('events', batch);
      }
      return events;
    },
  };
}
