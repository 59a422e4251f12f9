import * as v from 'valibot';
// The mock speaks the real protocol: a real socket.io-client (through msw) subscribes,
// replays, resyncs and answers decisions against the real engine in the real hub.
import { type ManualClock, createManualClock } from '@simstream/hub';
import {
  type ClientToServerEvents,
  type DecisionAnswerAck,
  type EventBatch,
  type ServerToClientEvents,
  type SubscribeAck,
  eventBatchSchema,
  snapshotResponseSchema,
} from '@simstream/protocol';
import { setupServer } from 'msw/node';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type MockStream, createMockStream } from './index.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const server = setupServer();
let io: typeof import('socket.io-client').io;
let mock: MockStream | null = null;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  // engine.io-client captures globalThis.WebSocket when first imported: import after msw patched it.
  ({ io } = await import('socket.io-client'));
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  mock?.dispose();
  mock = null;
  server.resetHandlers();
});
afterAll(() => server.close());

function start(options: Parameters<typeof createMockStream>[0] = {}): {
  mock: MockStream;
  clock: ManualClock;
} {
  const clock = createManualClock(Date.parse('2025-01-01T00:00:00Z'));
  mock = createMockStream({ clock, ...options });
  server.use(...mock.handlers);
  return { mock, clock };
}

async function connect(url: string, auth?: Record<string, unknown>): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    ...(auth ? { auth } : {}),
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Collect `events` frames; `waitFor(seq)` resolves once a frame reaches that seq. */
function collect(socket: ClientSocket) {
  const frames: EventBatch[] = [];
  const waiters: Array<{ seq: number; resolve: () => void }> = [];
  socket.on('events', (batch) => {
    frames.push(batch);
    for (const w of waiters.filter((w) => batch.toSeq >= w.seq)) w.resolve();
  });
  return {
    frames,
    waitFor: (seq: number) =>
      new Promise<void>((resolve) => {
        if (frames.some((f) => f.toSeq >= seq)) resolve();
        else waiters.push({ seq, resolve });
      }),
  };
}

const subscribe = (
  socket: ClientSocket,
  request: Parameters<ClientToServerEvents['subscribe']>[0],
) => new Promise<SubscribeAck>((resolve) => socket.emit('subscribe', request, resolve));

describe('createMockStream', () => {
  it('serves the REST snapshot with the seq it is current to', async () => {
    const { mock } = start({ scenario: 'calmMarket', seed: 7 });
    const response = await fetch(`${mock.url}/api/v1/simulations/${mock.simulationId}/snapshot`);
    expect(response.status).toBe(200);
    const body = v.parse(snapshotResponseSchema, await response.json());
    expect(body.seq).toBe(mock.runtime.seq);
    expect(body.epoch).toBe(mock.runtime.epoch);
    expect(body.seq).toBeGreaterThan(0);
    expect(body.snapshot.entities.length).toBeGreaterThan(0);

    const missing = await fetch(`${mock.url}/api/v1/simulations/nope/snapshot`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('unknown_simulation');
  });

  it('streams the engine events in valid, gapless batches to a subscribed socket.io client', async () => {
    const { mock, clock } = start({ scenario: 'calmMarket', seed: 7 });
    const socket = await connect(mock.url);
    const { frames, waitFor } = collect(socket);
    const ack = await subscribe(socket, { simulationId: mock.simulationId, sinceSeq: 0 });
    expect(ack).toMatchObject({ ok: true, resync: false, currentSeq: mock.runtime.seq });

    const before = mock.runtime.seq;
    clock.advance(3_000); // three live steps at 1 s
    expect(mock.runtime.seq).toBeGreaterThan(before);
    await waitFor(mock.runtime.seq);

    let expected = 1;
    for (const frame of frames) {
      expect(v.safeParse(eventBatchSchema, frame).success).toBe(true);
      expect(frame.fromSeq).toBe(expected);
      expected = frame.toSeq + 1;
    }
    const received = frames.flatMap((f) => f.events);
    expect(received.map((e) => e.seq)).toEqual(
      mock.runtime.eventsSince(0).events.map((e) => e.seq),
    );
    expect(received.some((e) => e.type === 'simulation_step')).toBe(true);
  });

  it('replays what a reconnecting client missed, and answers resync when the log no longer has it', async () => {
    const { mock, clock } = start({ scenario: 'calmMarket', seed: 3, simulationId: 'replay-sim' });
    const first = await connect(mock.url);
    await subscribe(first, { simulationId: 'replay-sim' });
    const lastSeq = mock.runtime.seq;
    mock.controls.dropConnection();
    clock.advance(2_000);

    const again = await connect(mock.url);
    const { frames } = collect(again);
    const ack = await subscribe(again, { simulationId: 'replay-sim', sinceSeq: lastSeq });
    expect(ack).toMatchObject({ ok: true, resync: false, currentSeq: mock.runtime.seq });
    expect(frames.flatMap((f) => f.events).map((e) => e.seq)[0]).toBe(lastSeq + 1);
    expect(frames.at(-1)?.toSeq).toBe(mock.runtime.seq);

    // A seq from another life of the simulation (a restarted server) replays nothing.
    const replayedFrames = frames.length;
    const foreign = await subscribe(again, {
      simulationId: 'replay-sim',
      sinceSeq: lastSeq,
      epoch: 'another-life',
    });
    expect(foreign).toMatchObject({
      ok: true,
      resync: true,
      epoch: mock.runtime.epoch,
      replayed: 0,
    });
    expect(frames).toHaveLength(replayedFrames);

    const resyncing = start({ scenario: 'resyncAfterOutage', simulationId: 'small-log' });
    resyncing.mock.controls.step(200); // far past the 100-event log
    const late = await connect(resyncing.mock.url);
    expect(await subscribe(late, { simulationId: 'small-log', sinceSeq: 1 })).toMatchObject({
      ok: true,
      resync: true,
    });
  });

  it('arbitrates a decision exactly once across two viewers', async () => {
    const { mock } = start({ scenario: 'decisionPending' });
    const pending = mock.runtime.decisions().find((d) => d.status === 'pending');
    expect(pending).toBeDefined();
    const [a, b] = [await connect(mock.url), await connect(mock.url)];
    const answer = (socket: ClientSocket, choice: 'recommended' | 'alternative', key: string) =>
      new Promise<DecisionAnswerAck>((resolve) =>
        socket.emit(
          'decision:answer',
          {
            simulationId: mock.simulationId,
            decisionId: pending!.decision_id,
            choice,
            idempotencyKey: key,
          },
          resolve,
        ),
      );
    const winner = await answer(a, 'recommended', 'key-a');
    const loser = await answer(b, 'alternative', 'key-b');
    expect(winner).toMatchObject({ ok: true, status: 'accepted', choice: 'recommended' });
    expect(loser).toMatchObject({ ok: true, status: 'already_decided', choice: 'recommended' });
    expect(await answer(a, 'recommended', 'key-a')).toEqual(winner);
  });

  it('refuses the handshake with unauthorized, and everything while the server is down', async () => {
    const { mock } = start({ scenario: 'authError' });
    await expect(connect(mock.url)).rejects.toMatchObject({ data: { code: 'unauthorized' } });
    expect((await fetch(`${mock.url}/api/v1/simulations`)).status).toBe(401);

    mock.controls.authError(false);
    mock.controls.serverDown();
    await expect(connect(mock.url)).rejects.toBeInstanceOf(Error);
    await expect(fetch(`${mock.url}/api/v1/simulations`)).rejects.toThrow();
    mock.controls.serverUp();
    expect((await fetch(`${mock.url}/api/v1/simulations`)).status).toBe(200);
  });
});
