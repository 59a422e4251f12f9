import type { SimulationRuntime } from '@simstream/hub';
import type { DecisionAnswerAck, PendingDecisionData } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import {
  type ClientSocket,
  createManualSimulation,
  record,
  useTestServer,
  waitFor,
} from '../serverTestkit.js';

const t = useTestServer();

function client(viewerId: string): Promise<ClientSocket> {
  return t.connect({ auth: { viewerId } });
}

/** A simulation that raises a decision for its player bank on the first steps. */
function simulationWithDecision(id: string): {
  sim: SimulationRuntime;
  decision: PendingDecisionData;
} {
  const sim = createManualSimulation(t, {
    id,
    decisionPolicy: { npaThreshold: 0, pauseOnDecision: false, deadlineSteps: 1_000 },
  });
  for (let i = 0; i < 50; i++) {
    const pending = sim.stepNow().find((e) => e.type === 'pending_decision');
    if (pending?.type === 'pending_decision') return { sim, decision: pending.data };
  }
  throw new Error('the engine raised no decision in 50 steps');
}

describe('decisions', () => {
  it('lets exactly one of two racing answers win; both viewers see decision_resolved', async () => {
    const { decision } = simulationWithDecision('sim-race');
    const alice = await client('alice');
    const bob = await client('bob');
    const [ra, rb] = [record(alice), record(bob)];
    await alice.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-race' });
    await bob.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-race' });

    const answer = (socket: ClientSocket, choice: 'recommended' | 'alternative', key: string) =>
      socket.timeout(5_000).emitWithAck('decision:answer', {
        simulationId: 'sim-race',
        decisionId: decision.decision_id,
        choice,
        idempotencyKey: key,
      });
    const [a, b] = await Promise.all([
      answer(alice, 'alternative', 'key-a'),
      answer(bob, 'recommended', 'key-b'),
    ]);

    const acks = [a, b] as DecisionAnswerAck[];
    const accepted = acks.filter((x) => x.ok && x.status === 'accepted');
    const lost = acks.filter((x) => x.ok && x.status === 'already_decided');
    expect(accepted).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = accepted[0]!;
    expect(lost[0]).toMatchObject({ choice: winner.ok && winner.choice, resolvedBy: 'answer' });

    const resolved = (r: ReturnType<typeof record>) =>
      r.batches.flatMap((batch) => batch.events).filter((e) => e.type === 'decision_resolved');
    await waitFor(() => resolved(ra).length === 1 && resolved(rb).length === 1);
    const event = resolved(ra)[0]!;
    expect(event.type === 'decision_resolved' && event.data).toMatchObject({
      decision_id: decision.decision_id,
      choice: winner.ok && winner.choice,
      resolved_by: 'answer',
      answered_by: winner === a ? 'alice' : 'bob',
    });
    expect(resolved(rb)[0]).toEqual(event);

    // Repeating an idempotency key returns the same ack.
    expect(await answer(alice, 'alternative', 'key-a')).toEqual(a);
  });

  it('applies the same arbitration to REST answers, with the socket ack as the body', async () => {
    const { decision } = simulationWithDecision('sim-rest');
    const socket = await client('carol');
    const url = `${t.url}/api/v1/simulations/sim-rest/decisions/${decision.decision_id}`;
    const post = (body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-viewer-id': 'dave' },
        body: JSON.stringify(body),
      });

    const first = await post({ choice: 'recommended', idempotencyKey: 'rest-1' });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      ok: true,
      status: 'accepted',
      decisionId: decision.decision_id,
      choice: 'recommended',
      resolvedBy: 'answer',
    });
    const viaSocket = await socket.timeout(5_000).emitWithAck('decision:answer', {
      simulationId: 'sim-rest',
      decisionId: decision.decision_id,
      choice: 'alternative',
      idempotencyKey: 'sock-1',
    });
    expect(viaSocket).toMatchObject({ ok: true, status: 'already_decided', choice: 'recommended' });

    const bad = await post({ choice: 'maybe', idempotencyKey: 'rest-2' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_message' } });
    const unknown = await fetch(`${t.url}/api/v1/simulations/sim-rest/decisions/no-such-decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ choice: 'recommended', idempotencyKey: 'rest-3' }),
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_decision' } });

    const list = (await (
      await fetch(`${t.url}/api/v1/simulations/sim-rest/decisions`)
    ).json()) as Array<{
      decision_id: string;
      status: string;
      resolution: { answered_by: string } | null;
    }>;
    const record0 = list.find((d) => d.decision_id === decision.decision_id);
    expect(record0).toMatchObject({ status: 'resolved', resolution: { answered_by: 'dave' } });
  });
});
