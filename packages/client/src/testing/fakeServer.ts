import {
  type ClientToServerEvents,
  type DecisionAnswerAck,
  type DecisionRecord,
  type EngineEvent,
  type Envelope,
  type EventBatch,
  PROTOCOL_VERSION,
  type SimulationSnapshot,
  type StepEncoding,
  type SubscribeAck,
  toEnvelope,
} from '@simstream/protocol';
import type { StreamSocket, StreamSocketListenEvents, TransportFactory } from '../transport.js';
import { StepDeltas } from './stepDeltas.js';

type Listener = (...args: never[]) => void;

interface SimulationRecord {
  log: Envelope[];
  seq: number;
  /** This life of the simulation; `createSimulation` again (a restart) makes a new one. */
  epoch: string;
  snapshot: SimulationSnapshot;
  decisions: DecisionRecord[];
  /** Steps as deltas, for `steps: 'delta'` subscribers. */
  deltas: StepDeltas;
}

interface Subscription {
  types: Set<string> | null;
  steps: StepEncoding;
}

/**
 * An in-memory socket driven by `FakeStreamServer`: connects asynchronously (a microtask),
 * fires Socket.IO's reserved events, and hands every emit to the server.
 */
export class FakeSocket implements StreamSocket {
  connected = false;
  readonly subscriptions = new Map<string, Subscription>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly server: FakeStreamServer) {}

  connect(): void {
    this.server.connectAttempts++;
    void Promise.resolve().then(() => {
      if (this.connected) return;
      if (!this.server.up) {
        this.fire(
          'connect_error',
          Object.assign(new Error(this.server.refusal ?? 'xhr poll error'), {
            data: this.server.refusalData,
          }),
        );
        return;
      }
      this.connected = true;
      this.fire('connect');
    });
  }

  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    this.subscriptions.clear();
    this.fire('disconnect', 'io client disconnect');
  }

  /** The server side drops the connection (network loss, server restart). */
  drop(reason = 'transport close'): void {
    if (!this.connected) return;
    this.connected = false;
    this.subscriptions.clear();
    this.fire('disconnect', reason);
  }

  on<E extends keyof StreamSocketListenEvents>(
    event: E,
    listener: StreamSocketListenEvents[E],
  ): void {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    this.listeners.set(event, set);
    set.add(listener as Listener);
  }

  off<E extends keyof StreamSocketListenEvents>(
    event: E,
    listener: StreamSocketListenEvents[E],
  ): void {
    this.listeners.get(event)?.delete(listener as Listener);
  }

  emit<E extends keyof ClientToServerEvents>(
    event: E,
    ...args: Parameters<ClientToServerEvents[E]>
  ): void {
    if (!this.connected) return; // Like socket.io with a closed socket and no buffer.
    this.server.emitted.push({ event, payload: args[0] });
    this.server.handle(this, event, args[0], args[1] as (ack: unknown) => void);
  }

  fire(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])])
      (listener as (...a: unknown[]) => void)(...args);
  }

  /** Deliver a frame as the server would (tests use it for out-of-order frames). */
  deliver(batch: EventBatch): void {
    if (this.connected) this.fire('events', batch);
  }
}

/**
 * A tiny in-memory stand-in for the real server, speaking the protocol to the client through
 * the transport seam: per-simulation seq and event log (with a capacity, so old history can
 * be lost), replay or `resync` on subscribe, filters, pings, decision answers with
 * idempotency keys, and REST endpoints through an injectable `fetch`.
 *
 * @example
 * const server = new FakeStreamServer();
 * server.createSimulation('sim', snapshotAt('sim', 0));
 * const client = createStreamClient({ url: 'http://fake', transport: server.transport, fetch: server.fetch });
 */
export class FakeStreamServer {
  up = true;
  refusal: string | null = null;
  refusalData: unknown = undefined;
  answerPings = true;
  logCapacity = 1_000;
  /** Every this many timesteps a step goes full to delta subscribers too (like the hub). */
  keyframeInterval = 10;
  transportCalls = 0;
  connectAttempts = 0;
  readonly sockets: FakeSocket[] = [];
  readonly emitted: Array<{ event: string; payload: unknown }> = [];
  readonly answers = new Map<string, DecisionAnswerAck>();
  readonly simulations = new Map<string, SimulationRecord>();
  restCalls: string[] = [];
  /** Answer `resync` to a subscribe naming another epoch (off: only the ack's epoch tells). */
  checksEpoch = true;
  private epochs = 0;

  readonly transport: TransportFactory = () => {
    this.transportCalls++;
    const socket = new FakeSocket(this);
    this.sockets.push(socket);
    return socket;
  };

  /** Create (or, for an existing id, restart: seq from 0, a new epoch) a simulation. */
  createSimulation(id: string, snapshot: SimulationSnapshot): void {
    this.simulations.set(id, {
      log: [],
      seq: 0,
      epoch: `epoch-${++this.epochs}`,
      snapshot,
      decisions: [],
      deltas: new StepDeltas(() => this.keyframeInterval),
    });
  }

  /**
   * Reset a simulation as the hub does: same epoch and seq run on, decisions forgotten, one
   * batch of a `simulation_status` (reason `reset`) and a keyframe of the new run's start.
   */
  reset(id: string, snapshot: SimulationSnapshot): Envelope[] {
    this.sim(id).decisions = [];
    return this.publish(id, [
      {
        type: 'simulation_status',
        data: { status: snapshot.status, reason: 'reset', timestep: snapshot.timestep },
      },
      {
        type: 'simulation_step',
        data: {
          timestep: snapshot.timestep,
          snapshot,
          system_health: snapshot.system_health,
          alive_agents: snapshot.alive_agents,
        },
      },
    ]);
  }

  /** The current epoch of a simulation. */
  epochOf(id: string): string {
    return this.sim(id).epoch;
  }

  /** Stamp seqs, log, and send to every subscribed socket (`to: false` = log only, a lost frame). */
  publish(
    simulationId: string,
    events: EngineEvent[],
    options: { send?: boolean } = {},
  ): Envelope[] {
    const sim = this.sim(simulationId);
    const envelopes = events.map((event) =>
      toEnvelope(event, {
        seq: ++sim.seq,
        simulationId,
        timestamp: new Date(1_700_000_000_000 + sim.seq * 1000).toISOString(),
      }),
    ) as Envelope[];
    for (const e of envelopes) {
      sim.log.push(e);
      sim.deltas.record(e);
      if (e.type === 'simulation_step') sim.snapshot = e.data.snapshot;
      if (e.type === 'pending_decision')
        sim.decisions.push({ ...e.data, status: 'pending', resolution: null });
      if (e.type === 'decision_resolved') {
        const { decision_id, choice, resolved_by, answered_by, timestep } = e.data;
        sim.decisions = sim.decisions.map((d) =>
          d.decision_id === decision_id && d.status === 'pending'
            ? {
                ...d,
                status: 'resolved',
                resolution: { choice, resolved_by, answered_by, timestep },
              }
            : d,
        );
      }
    }
    if (sim.log.length > this.logCapacity) {
      sim.log.splice(0, sim.log.length - this.logCapacity);
      sim.deltas.trimBefore(sim.log[0]!.seq);
    }
    if (options.send === false || envelopes.length === 0) return envelopes;
    for (const socket of this.sockets) this.sendTo(socket, simulationId, envelopes);
    return envelopes;
  }

  /**
   * The frame one subscriber gets: its type filter applied and, for `steps: 'delta'`, steps
   * swapped for their deltas (keyframes stay full), as the hub's `viewFor` does.
   */
  frame(
    simulationId: string,
    envelopes: Envelope[],
    types: Set<string> | null = null,
    steps: StepEncoding = 'full',
  ): EventBatch {
    const deltas = this.simulations.get(simulationId)?.deltas;
    const encoded = deltas ? deltas.encode(envelopes, steps) : envelopes;
    return {
      v: PROTOCOL_VERSION,
      simulationId,
      fromSeq: envelopes[0]!.seq,
      toSeq: envelopes[envelopes.length - 1]!.seq,
      // A filter naming steps admits them in either encoding.
      events: types
        ? encoded.filter(
            (e) =>
              types.has(e.type) || (e.type === 'simulation_delta' && types.has('simulation_step')),
          )
        : encoded,
    };
  }

  handle(socket: FakeSocket, event: string, payload: unknown, ack: (value: unknown) => void): void {
    if (event === 'ping') {
      if (this.answerPings) ack({ type: 'pong', timestamp: new Date(0).toISOString() });
      return;
    }
    if (event === 'subscribe') {
      const request = payload as {
        simulationId: string;
        sinceSeq?: number;
        epoch?: string;
        types?: string[];
        steps?: StepEncoding;
      };
      const sim = this.simulations.get(request.simulationId);
      if (!sim) {
        const error: SubscribeAck = {
          ok: false,
          error: { code: 'unknown_simulation', message: `No simulation ${request.simulationId}.` },
        };
        ack(error);
        return;
      }
      const types = request.types ? new Set(request.types) : null;
      const steps = request.steps ?? 'full';
      socket.subscriptions.set(request.simulationId, { types, steps });
      let replayed = 0;
      let resync = false;
      if (this.checksEpoch && request.epoch !== undefined && request.epoch !== sim.epoch)
        resync = true;
      else if (request.sinceSeq !== undefined && request.sinceSeq < sim.seq) {
        const oldest = sim.log[0]?.seq ?? sim.seq + 1;
        if (request.sinceSeq + 1 < oldest) resync = true;
        else {
          const missed = sim.log.filter((e) => e.seq > request.sinceSeq!);
          replayed = missed.length;
          socket.deliver(this.frame(request.simulationId, missed, types, steps));
        }
      }
      ack({
        ok: true,
        simulationId: request.simulationId,
        currentSeq: sim.seq,
        epoch: sim.epoch,
        replayed,
        resync,
      });
      return;
    }
    if (event === 'unsubscribe') {
      const request = payload as { simulationId: string };
      socket.subscriptions.delete(request.simulationId);
      ack({ ok: true, simulationId: request.simulationId });
      return;
    }
    if (event === 'decision:answer') {
      const request = payload as {
        decisionId: string;
        choice: 'recommended' | 'alternative';
        idempotencyKey: string;
      };
      const previous = this.answers.get(request.idempotencyKey);
      if (previous) {
        ack(previous);
        return;
      }
      const decided = [...this.answers.values()].find(
        (a) => a.ok && a.decisionId === request.decisionId,
      );
      const result: DecisionAnswerAck = decided?.ok
        ? { ...decided, status: 'already_decided' }
        : {
            ok: true,
            status: 'accepted',
            decisionId: request.decisionId,
            choice: request.choice,
            resolvedBy: 'answer',
          };
      this.answers.set(request.idempotencyKey, result);
      ack(result);
    }
  }

  /** REST endpoints of the fake, as an injectable `fetch`. */
  readonly fetch: typeof fetch = async (input) => {
    const url = new URL(String(input));
    this.restCalls.push(url.pathname);
    const match = /\/api\/v1\/simulations\/([^/]+)\/(snapshot|events|decisions)$/.exec(
      url.pathname,
    );
    const sim = match ? this.simulations.get(decodeURIComponent(match[1]!)) : undefined;
    if (!match || !sim) {
      return new Response(
        JSON.stringify({ error: { code: 'unknown_simulation', message: 'No such simulation.' } }),
        { status: 404 },
      );
    }
    if (match[2] === 'snapshot')
      return Response.json({ seq: sim.seq, epoch: sim.epoch, snapshot: sim.snapshot });
    if (match[2] === 'decisions') return Response.json(sim.decisions);
    const since = Number(url.searchParams.get('since') ?? 0);
    return Response.json({
      currentSeq: sim.seq,
      epoch: sim.epoch,
      resync: false,
      events: sim.log.filter((e) => e.seq > since),
    });
  };

  private sendTo(socket: FakeSocket, simulationId: string, envelopes: Envelope[]): void {
    const sub = socket.subscriptions.get(simulationId);
    if (!socket.connected || !sub) return;
    socket.deliver(this.frame(simulationId, envelopes, sub.types, sub.steps));
  }

  private sim(id: string): SimulationRecord {
    const sim = this.simulations.get(id);
    if (!sim) throw new Error(`unknown simulation ${id}`);
    return sim;
  }

  /** The socket the client uses now. */
  get socket(): FakeSocket {
    const socket = this.sockets[this.sockets.length - 1];
    if (!socket) throw new Error('no socket yet');
    return socket;
  }
}
