import type { DecisionAnswerAck, DecisionRecord, Envelope } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { type ClientSocket, waitFor } from '../serverTestkit.js';
import { type TestNode, inProcessClusterForFile, rest } from './clusterTestkit.js';
import { RedisRuntimeStore } from './runtimeStore.js';

const t = inProcessClusterForFile();

function cluster(count: number): Promise<TestNode[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => t.node(String.fromCharCode(97 + i))));
}

/** A simulation on `owner` that raises decisions early and often and leaves them open long. */
async function decisiveSimulation(owner: TestNode, id: string): Promise<void> {
  const created = await rest(owner.url, 'POST', '/api/v1/simulations', {
    id,
    banks: 8,
    funds: 2,
    seed: 42,
    stepIntervalMs: 100,
    decisionPolicy: { npaThreshold: 0, pauseOnDecision: false, deadlineSteps: 300 },
  });
  expect(created.status).toBe(201);
}

/** The first pending decision on `node` not in `seen`. */
async function nextPending(node: TestNode, id: string, seen: Set<string>): Promise<string> {
  let found: string | null = null;
  await waitFor(
    () => {
      const pending = node.server.hub
        .get(id)
        ?.decisions()
        .find((d: DecisionRecord) => d.status === 'pending' && !seen.has(d.decision_id));
      found = pending?.decision_id ?? null;
      return found !== null;
    },
    20_000,
    'a pending decision',
  );
  seen.add(found!);
  return found!;
}

async function sockets3(all: TestNode[], count: number): Promise<ClientSocket[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => t.connect(all[i % all.length]!.url)));
}

function answer(socket: ClientSocket, simulationId: string, decisionId: string, key: string) {
  return socket.timeout(15_000).emitWithAck('decision:answer', {
    simulationId,
    decisionId,
    choice: key.endsWith('0') ? 'recommended' : 'alternative',
    idempotencyKey: key,
  }) as Promise<DecisionAnswerAck>;
}

async function loggedResolutions(simulationId: string, decisionId: string): Promise<Envelope[]> {
  const store = new RedisRuntimeStore(t.redis.client(), { logSize: 5_000 });
  const out: Envelope[] = [];
  for await (const page of store.retainedEvents(simulationId)) {
    out.push(
      ...page.filter((e) => e.type === 'decision_resolved' && e.data.decision_id === decisionId),
    );
  }
  return out;
}

describe('decisions exactly once across nodes', () => {
  it('lets exactly one of 30 answers raced from 3 nodes win, trial after trial', async () => {
    const all = await cluster(3);
    await decisiveSimulation(all[0]!, 'sim-d');
    const clients = await sockets3(all, 30);
    const seen = new Set<string>();
    for (let trial = 0; trial < 3; trial++) {
      const decisionId = await nextPending(all[1]!, 'sim-d', seen);
      const acks = await Promise.all(
        clients.map((socket, i) => answer(socket, 'sim-d', decisionId, `t${trial}-${i}`)),
      );
      const accepted = acks.filter((ack) => ack.ok && ack.status === 'accepted');
      expect(accepted).toHaveLength(1);
      const winner = accepted[0]!;
      for (const ack of acks) {
        if (ack === winner) continue;
        expect(ack).toEqual({ ...winner, status: 'already_decided' });
      }
      const resolutions = await loggedResolutions('sim-d', decisionId);
      expect(resolutions).toHaveLength(1);
      expect(resolutions[0]!.data).toMatchObject({ resolved_by: 'answer' });
    }
  }, 120_000);

  it('gives a retry of an acknowledged answer on another node, after the owner died, the identical ack and no second effect', async () => {
    const [a, b, c] = await cluster(3);
    await decisiveSimulation(a!, 'sim-k');
    const decisionId = await nextPending(b!, 'sim-k', new Set());
    const [onB, onC] = await sockets3([b!, c!], 2);
    const first = await answer(onB!, 'sim-k', decisionId, 'retry-key-1');
    expect(first).toMatchObject({ ok: true, status: 'accepted' });

    await a!.crash();
    const again = await answer(onC!, 'sim-k', decisionId, 'retry-key-1');
    expect(again).toEqual(first);
    await waitFor(
      () => b!.server.hub.ownedIds().length + c!.server.hub.ownedIds().length === 1,
      15_000,
      'a new owner',
    );
    const other = await answer(onC!, 'sim-k', decisionId, 'retry-key-2');
    expect(other).toMatchObject({ ok: true, status: 'already_decided' });
    expect(await answer(onB!, 'sim-k', decisionId, 'retry-key-1')).toEqual(first);
    expect(await loggedResolutions('sim-k', decisionId)).toHaveLength(1);
  }, 120_000);
});
