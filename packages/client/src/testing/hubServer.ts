import {
  type CoreConnection,
  createMemoryServer,
  type MemoryServer,
  type SubscriberView,
  systemClock,
} from '@simstream/hub';
import {
  type EngineEvent,
  type Envelope,
  type EventBatch,
  type EventType,
  PROTOCOL_VERSION,
  type PendingDecisionData,
  type SimulationSnapshot,
  type StepEncoding,
} from '@simstream/protocol';
import type { ContagionEngine, EngineConfig } from '@simstream/simulation';

/**
 * An engine that plays the events a test scripts: each `step()` returns the next batch the
 * test queued (the hub stamps, logs, encodes and fans them out as it does the real engine's),
 * and its snapshot is the one the last `simulation_step` carried. Decisions are answered the
 * way the real engine answers them (one `decision_resolved`), so the hub arbitrates them.
 */
class ScriptedEngine implements ContagionEngine {
  readonly queue: EngineEvent[][] = [];
  #snapshot: SimulationSnapshot;
  #pending: PendingDecisionData | null = null;

  constructor(
    readonly config: Readonly<EngineConfig>,
    snapshot: SimulationSnapshot,
  ) {
    this.#snapshot = snapshot;
  }

  get timestep(): number {
    return this.#snapshot.timestep;
  }
  get status() {
    return this.#snapshot.status;
  }
  snapshot = () => structuredClone(this.#snapshot);
  pendingDecision = () => this.#pending;
  step(): EngineEvent[] {
    const events = this.queue.shift() ?? [];
    for (const event of events) {
      if (event.type === 'simulation_step') this.#snapshot = event.data.snapshot;
      if (event.type === 'pending_decision') this.#pending = event.data;
      if (
        event.type === 'decision_resolved' &&
        this.#pending?.decision_id === event.data.decision_id
      )
        this.#pending = null;
    }
    return events;
  }
  applyShock = () => ({ ok: true as const });
  answerDecision(decisionId: string, choice: 'recommended' | 'alternative', by: string | null) {
    const data = { decision_id: decisionId, choice, resolved_by: 'answer' as const };
    this.#pending = null;
    return {
      ok: true as const,
      events: [
        {
          type: 'decision_resolved' as const,
          data: { ...data, answered_by: by, timestep: this.timestep },
        },
      ],
    };
  }
  pause = () => [];
  resume = () => [];
  exposures = () => [];
}

export interface HubServerOptions {
  /** Events each simulation keeps for replay (the hub's ring buffer). Default 1,000. */
  logCapacity?: number;
  /** Every this many timesteps a step goes full to delta subscribers too. Default 10. */
  keyframeInterval?: number;
}

/**
 * The real server core (hub: seq, log, replay or resync, deltas, decisions once; commands and
 * REST) behind the in-memory transport, on the test's fake timers, with engines that play what
 * the test publishes. Faults come from the transport (`memory.faults`); the few a test needs
 * by name are here.
 *
 * @example
 * const server = hubServer();
 * server.createSimulation('sim', snapshotAt('sim', 0));
 * const client = createStreamClient({ url: 'http://sim.test', transport: server.transport, fetch: server.fetch });
 * server.publish('sim', [stepEvent('sim', 1)]); // seq 1 reaches every subscriber
 */
export function hubServer(options: HubServerOptions = {}) {
  const engines = new Map<string, ScriptedEngine>();
  const starts = new Map<string, SimulationSnapshot>();
  // systemClock under vi's fake timers: server and client share one fake time.
  const memory: MemoryServer<typeof systemClock> = createMemoryServer({
    clock: systemClock,
    hub: {
      logCapacity: options.logCapacity ?? 1_000,
      keyframeInterval: options.keyframeInterval ?? 10,
      createEngine: (config) => {
        const engine = new ScriptedEngine(config as EngineConfig, starts.get(config.simulationId)!);
        engines.set(config.simulationId, engine);
        return engine;
      },
    },
  });
  // The core's end of the newest connection: what the server holds for the client now.
  let latest: CoreConnection | null = null;
  const connect = memory.core.connect.bind(memory.core);
  memory.core.connect = (sink, meta) => {
    latest = connect(sink, meta);
    return latest;
  };
  const runtime = (id: string) => {
    const found = memory.hub.get(id);
    if (!found) throw new Error(`unknown simulation ${id}`);
    return found;
  };

  return {
    memory,
    transport: memory.transport,
    fetch: memory.fetch,
    faults: memory.faults,
    /** Create (or, for an existing id, restart: seq from 0, a new epoch) a simulation. */
    createSimulation(id: string, snapshot: SimulationSnapshot): void {
      starts.set(id, snapshot);
      memory.hub.remove(id);
      const created = memory.hub.create({ id, autoStart: false, stepIntervalMs: 1_000 });
      if (!created.ok) throw new Error(created.error.message);
    },
    /** Reset as an operator does: the hub's status + keyframe batch, from `snapshot`. */
    reset(id: string, snapshot: SimulationSnapshot): Envelope[] {
      starts.set(id, snapshot);
      const before = runtime(id).seq;
      runtime(id).reset();
      return runtime(id).eventsSince(before).events;
    },
    /**
     * One step of the simulation playing `events`: stamped, logged and sent to every
     * subscriber (`send: false`: the frame is lost on the wire, the log keeps it).
     */
    publish(id: string, events: EngineEvent[], options: { send?: boolean } = {}): Envelope[] {
      engines.get(id)?.queue.push(events);
      if (options.send === false) memory.faults.dropFrames(subscribers(id));
      return [...runtime(id).stepNow()];
    },
    epochOf: (id: string) => runtime(id).epoch,
    seqOf: (id: string) => runtime(id).seq,
    /** The frame one subscriber gets (its filter, its step encoding), for injecting by hand. */
    frame(
      id: string,
      envelopes: Envelope[],
      types: ReadonlySet<string> | null = null,
      steps: StepEncoding = 'full',
    ): EventBatch {
      const view = { types: types as ReadonlySet<EventType> | null, steps };
      return {
        v: PROTOCOL_VERSION,
        simulationId: id,
        fromSeq: envelopes[0]!.seq,
        toSeq: envelopes[envelopes.length - 1]!.seq,
        events: runtime(id).viewFor(envelopes, view),
      };
    },
    /** Hand a frame to the client's current socket as if it came over the wire. */
    deliver: (batch: EventBatch) => memory.socket.receive('events', batch),
    /** The server side drops the client's connection. */
    drop: (reason?: string) => memory.socket.drop(reason),
    get socket() {
      return memory.socket;
    },
    /** The subscription the server holds for the client's live connection, if any. */
    subscription(id: string): SubscriberView | undefined {
      const live = memory.sockets.at(-1)?.connected;
      return live ? latest?.subscriptions.get(id) : undefined;
    },
    /** Every command a client sent, in order. */
    get emitted() {
      return memory.commands;
    },
    get restCalls() {
      return memory.restCalls;
    },
    get connectAttempts() {
      return memory.connectAttempts;
    },
    /** Sockets the client's transport factory made. */
    get transportCalls() {
      return memory.sockets.length;
    },
    /** Accept connections (true) or fail them like an unreachable server (false). */
    set up(up: boolean) {
      if (up) memory.faults.up();
      else memory.faults.down();
    },
    /** Answer protocol pings (false: a server that stopped answering them). */
    set answerPings(answer: boolean) {
      if (answer) memory.faults.unanswered.delete('ping');
      else memory.faults.unanswered.add('ping');
    },
    /**
     * From now on, behave like a server that does not check the client's epoch: subscribes
     * reach the core without it, so only the ack's epoch tells the client of another life.
     */
    ignoreEpochs(): void {
      const connect = memory.core.connect.bind(memory.core);
      memory.core.connect = (sink, meta) => {
        const connection = connect(sink, meta);
        const handle = connection.handle.bind(connection);
        connection.handle = (event, payload) => {
          if (event !== 'subscribe' || typeof payload !== 'object' || payload === null)
            return handle(event, payload);
          const { epoch: _ignored, ...rest } = payload as Record<string, unknown>;
          return handle(event, rest);
        };
        return connection;
      };
    },
    dispose: () => memory.dispose(),
  };

  /** Open connections: in these tests each is subscribed, so each would get the frame. */
  function subscribers(_id: string): number {
    return memory.sockets.filter((socket) => socket.connected).length;
  }
}

export type HubServer = ReturnType<typeof hubServer>;
