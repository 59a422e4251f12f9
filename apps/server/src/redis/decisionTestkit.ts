/**
 * Decisions raced across cluster nodes, for the in-process cluster tests and the real-process
 * ones (tests/cluster): one decisive simulation recipe, one race of a decision by many clients
 * with its exactly-once check, and the resolutions the log holds. Not part of the server.
 */
import type { DecisionAnswerAck, Envelope } from '@simstream/protocol';
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { ClientSocket } from '../serverTestkit.js';
import { RedisRuntimeStore } from './runtimeStore.js';

/**
 * A create request for a simulation that raises decisions early and often (NPA threshold 0)
 * and leaves each open for `deadlineSteps`, so a test can race it before the deadline.
 *
 * @example
 * await rest(node.url, 'POST', '/api/v1/simulations', decisiveSimulation('sim-d', 100, 300));
 */
export function decisiveSimulation(id: string, stepIntervalMs: number, deadlineSteps: number) {
  return {
    id,
    banks: 8,
    funds: 2,
    seed: 42,
    stepIntervalMs,
    decisionPolicy: { npaThreshold: 0, pauseOnDecision: false, deadlineSteps },
  };
}

/** Answer a decision over a socket (choices alternate with the key), resolved with the ack. */
export function answerOver(
  socket: ClientSocket,
  simulationId: string,
  decisionId: string,
  idempotencyKey: string,
  timeoutMs = 30_000,
): Promise<DecisionAnswerAck> {
  return socket.timeout(timeoutMs).emitWithAck('decision:answer', {
    simulationId,
    decisionId,
    choice: idempotencyKey.endsWith('0') ? 'recommended' : 'alternative',
    idempotencyKey,
  }) as Promise<DecisionAnswerAck>;
}

/**
 * Every client answers `decisionId` at once, each with its own key (`<keyPrefix>-c<i>`):
 * exactly one ack is `accepted`, every other one is the same ack as `already_decided`.
 * Returns the winning ack.
 *
 * @example
 * const winner = await raceDecision(clients, 'sim-d', decisionId, `t${trial}`);
 */
export async function raceDecision(
  clients: readonly ClientSocket[],
  simulationId: string,
  decisionId: string,
  keyPrefix: string,
): Promise<DecisionAnswerAck> {
  const acks = await Promise.all(
    clients.map((socket, i) => answerOver(socket, simulationId, decisionId, `${keyPrefix}-c${i}`)),
  );
  const accepted = acks.filter((ack) => ack.ok && ack.status === 'accepted');
  expect(accepted, `${keyPrefix}: one accepted answer`).toHaveLength(1);
  const winner = accepted[0]!;
  for (const ack of acks) {
    if (ack !== winner) expect(ack).toEqual({ ...winner, status: 'already_decided' });
  }
  return winner;
}

/** The `decision_resolved` events the log still holds for `simulationId`, by decision. */
export async function loggedResolutions(
  redis: Redis,
  simulationId: string,
): Promise<Map<string, Envelope[]>> {
  const store = new RedisRuntimeStore(redis, { logSize: 5_000 });
  const byDecision = new Map<string, Envelope[]>();
  for await (const page of store.retainedEvents(simulationId)) {
    for (const event of page) {
      if (event.type !== 'decision_resolved') continue;
      const list = byDecision.get(event.data.decision_id) ?? [];
      list.push(event);
      byDecision.set(event.data.decision_id, list);
    }
  }
  return byDecision;
}
