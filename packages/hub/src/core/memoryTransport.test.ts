import type { EventBatch, ServerNotice } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { type MemorySocket, createMemoryServer } from './memoryTransport.js';

/** A connected socket with everything it receives recorded. */
async function open(server: ReturnType<typeof createMemoryServer>, viewerId?: string) {
  const socket = server.transport({ url: 'http://sim.test', ...(viewerId ? { viewerId } : {}) });
  const frames: EventBatch[] = [];
  const notices: ServerNotice[] = [];
  const disconnects: string[] = [];
  const errors: Array<Error & { data?: unknown }> = [];
  socket.on('events', (batch: EventBatch) => frames.push(batch));
  socket.on('notice', (notice: ServerNotice) => notices.push(notice));
  socket.on('disconnect', (reason: string) => disconnects.push(reason));
  socket.on('connect_error', (error: Error & { data?: unknown }) => errors.push(error));
  socket.connect();
  await Promise.resolve();
  const seqs = () => frames.flatMap((f) => f.events.map((e) => e.seq));
  return { socket, frames, notices, disconnects, errors, seqs };
}

function ask(socket: MemorySocket, event: string, payload?: unknown): unknown {
  let answer: unknown = 'no ack';
  if (payload === undefined) socket.emit(event, (a: unknown) => (answer = a));
  else socket.emit(event, payload, (a: unknown) => (answer = a));
  return answer;
}

function serverWithSim() {
  const server = createMemoryServer({ hub: { keyframeInterval: 5 } });
  const created = server.hub.create({
    id: 'sim',
    banks: 6,
    funds: 1,
    stepIntervalMs: 1000,
    decisionPolicy: { npaThreshold: 1 },
  });
  if (!created.ok) throw new Error(created.error.message);
  return { server, sim: created.value };
}

describe('the in-memory transport around the server core', () => {
  it('connects after a microtask and streams live frames on the manual clock', async () => {
    const { server } = serverWithSim();
    const client = await open(server);
    expect(client.socket.connected).toBe(true);
    expect(ask(client.socket, 'subscribe', { simulationId: 'sim' })).toMatchObject({
      ok: true,
      currentSeq: 0,
    });
    server.clock.advance(3000);
    expect(client.seqs()).toEqual([1, 2, 3]);
    expect(client.frames.map((f) => [f.fromSeq, f.toSeq])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('replays from sinceSeq, answers resync for another epoch, and sends delta steps when asked', async () => {
    const { server, sim } = serverWithSim();
    server.clock.advance(4000);
    const client = await open(server);
    const ack = ask(client.socket, 'subscribe', {
      simulationId: 'sim',
      sinceSeq: 1,
      steps: 'delta',
    });
    expect(ack).toMatchObject({ ok: true, replayed: 3, resync: false, epoch: sim.epoch });
    expect(client.frames[0]?.events.map((e) => e.type)).toEqual([
      'simulation_delta',
      'simulation_delta',
      'simulation_delta',
    ]);
    const other = ask(client.socket, 'subscribe', {
      simulationId: 'sim',
      sinceSeq: 1,
      epoch: '0'.repeat(32),
    });
    expect(other).toMatchObject({ ok: true, resync: true, replayed: 0 });
  });

  it('validates every command and names the problem', async () => {
    const { server } = serverWithSim();
    const { socket } = await open(server, 'alice');
    expect(ask(socket, 'subscribe', { simulationId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_simulation' },
    });
    expect(ask(socket, 'subscribe', { simulationId: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_message' },
    });
    expect(ask(socket, 'unsubscribe', { simulationId: 'sim' })).toMatchObject({
      ok: false,
      error: { code: 'not_subscribed' },
    });
    expect(ask(socket, 'launch', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_message' },
    });
    expect(ask(socket, 'ping')).toEqual({ type: 'pong', timestamp: '2025-01-01T00:00:00.000Z' });
  });

  it('arbitrates a decision once between two connections and repeats the ack for a key', async () => {
    const server = createMemoryServer();
    const created = server.hub.create({
      id: 'dec',
      banks: 6,
      funds: 1,
      decisionPolicy: { npaThreshold: 0, deadlineSteps: 5 },
    });
    if (!created.ok) throw new Error(created.error.message);
    server.clock.advance(1000);
    const pending = created.value.decisions().find((d) => d.status === 'pending');
    expect(pending).toBeDefined();
    const a = await open(server, 'alice');
    const b = await open(server, 'bob');
    const answer = { simulationId: 'dec', decisionId: pending!.decision_id, choice: 'recommended' };
    expect(ask(a.socket, 'decision:answer', { ...answer, idempotencyKey: 'a-1' })).toMatchObject({
      status: 'accepted',
    });
    expect(ask(b.socket, 'decision:answer', { ...answer, idempotencyKey: 'b-1' })).toMatchObject({
      status: 'already_decided',
    });
    expect(ask(a.socket, 'decision:answer', { ...answer, idempotencyKey: 'a-1' })).toMatchObject({
      status: 'accepted',
    });
    expect(
      created.value.decisions().find((d) => d.decision_id === pending!.decision_id)?.resolution
        ?.answered_by,
    ).toBe('alice');
  });

  it('loses, doubles, delays and reorders frames on demand', async () => {
    const { server } = serverWithSim();
    const client = await open(server);
    ask(client.socket, 'subscribe', { simulationId: 'sim' });
    server.faults.dropFrames(1);
    server.clock.advance(2000);
    expect(client.seqs()).toEqual([2]);
    server.faults.duplicateFrames(1);
    server.clock.advance(1000);
    expect(client.seqs()).toEqual([2, 3, 3]);
    const release = server.faults.holdFrames();
    server.clock.advance(2000);
    expect(client.seqs()).toEqual([2, 3, 3]);
    release('reverse');
    expect(client.seqs()).toEqual([2, 3, 3, 5, 4]);
    server.faults.delay(500);
    server.clock.advance(1000);
    expect(client.seqs()).toHaveLength(5);
    let pong: unknown = null;
    client.socket.emit('ping', { type: 'ping' }, (a: unknown) => (pong = a));
    expect(pong).toBeNull();
    server.clock.advance(500);
    expect(client.seqs()).toEqual([2, 3, 3, 5, 4, 6]);
    expect(pong).toMatchObject({ type: 'pong' });
  });

  it('drops, refuses, goes down and half-open; unanswered commands get no ack', async () => {
    const { server } = serverWithSim();
    const client = await open(server);
    ask(client.socket, 'subscribe', { simulationId: 'sim' });
    server.faults.drop();
    expect(client.disconnects).toEqual(['transport close']);
    expect(server.core.fanout.viewerCount('sim')).toBe(0);
    server.faults.refuse({
      code: 'unauthorized',
      message: 'A valid token is required in auth.token.',
    });
    client.socket.connect();
    await Promise.resolve();
    expect(client.errors.at(-1)?.data).toMatchObject({ code: 'unauthorized' });
    server.faults.refuse(null);
    server.faults.down();
    client.socket.connect();
    await Promise.resolve();
    expect(client.errors.at(-1)?.message).toBe('websocket error');
    server.faults.up();
    client.socket.connect();
    await Promise.resolve();
    expect(client.socket.connected).toBe(true);
    server.faults.unanswered.add('ping');
    expect(ask(client.socket, 'ping')).toBe('no ack');
    server.faults.unanswered.clear();
    ask(client.socket, 'subscribe', { simulationId: 'sim' });
    server.faults.halfOpen();
    server.clock.advance(1000);
    expect(client.seqs()).toEqual([]);
    expect(ask(client.socket, 'ping')).toBe('no ack');
    expect(server.connectAttempts).toBe(4);
    // The half-open ping never reached the server.
    expect(server.commands.map((c) => c.event)).toEqual(['subscribe', 'ping', 'subscribe']);
  });

  it('tells subscribers when their simulation is deleted over REST', async () => {
    const { server } = serverWithSim();
    const client = await open(server);
    ask(client.socket, 'subscribe', { simulationId: 'sim' });
    const response = await server.fetch('http://sim.test/api/v1/simulations/sim', {
      method: 'DELETE',
    });
    expect(response.status).toBe(204);
    expect(client.notices).toEqual([
      { kind: 'simulation_removed', simulationId: 'sim', message: 'Simulation "sim" was deleted.' },
    ]);
    expect(server.restCalls).toEqual(['/api/v1/simulations/sim']);
  });
});

describe('the in-memory fetch', () => {
  it('answers the REST table with the server statuses and error bodies', async () => {
    const { server, sim } = serverWithSim();
    server.clock.advance(2000);
    const get = (path: string) => server.fetch(`http://sim.test/api/v1${path}`);
    const snapshot = await (await get('/simulations/sim/snapshot')).json();
    expect(snapshot).toMatchObject({ seq: 2, epoch: sim.epoch });
    expect(await (await get('/simulations/sim/events?since=1')).json()).toMatchObject({
      currentSeq: 2,
      resync: false,
    });
    const bad = await get('/simulations/sim/events?since=-1');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_message' } });
    expect((await get('/simulations/nope')).status).toBe(404);
    expect(await (await get('/nothing')).json()).toEqual({
      error: { code: 'not_found', message: 'No route GET /api/v1/nothing.' },
    });
    const shock = await server.fetch('http://sim.test/api/v1/simulations/sim/shocks', {
      method: 'POST',
      body: JSON.stringify({
        shock_type: 'asset_price_crash',
        target: 'equities',
        magnitude: -0.2,
      }),
    });
    expect(shock.status).toBe(202);
    const broken = await server.fetch('http://sim.test/api/v1/simulations/sim/shocks', {
      method: 'POST',
      body: '{',
    });
    expect(broken.status).toBe(400);
    server.faults.down();
    await expect(get('/simulations')).rejects.toThrow(TypeError);
  });
});
