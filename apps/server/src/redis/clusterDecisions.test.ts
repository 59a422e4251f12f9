import type { DecisionRecord, Envelope } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { type ClientSocket, waitFor } from '../serverTestkit.js';
import { type TestNode, inProcessClusterForFile, rest } from './clusterTestkit.js';
import {
  answerOver,
  decisiveSimulation,
  loggedResolutions,
  raceDecision,
} from './decisionTestkit.js';

const t = inProcessClusterForFile();

function cluster(count: number): Promise<TestNode[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => t.node(String.fromCharCode(97 + i))));
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

const answer = (socket: ClientSocket, simulationId: string, decisionId: string, key: string) =>
  answerOver(socket, simulationId, decisionId, key, 15_000);

async function resolutionsOf(simulationId: string, decisionId: string): Promise<Envelope[]> {
  return (await loggedResolutions(t.redis.client(), simulationId)).get(decisionId) ?? [];
}

async function decisive(owner: TestNode, id: string): Promise<void> {
  const created = await rest(
    owner.url,
    'POST',
    '/api/v1/simulations',
    decisiveSimulation(id, 100, 300),
  );
  expect(created.status).toBe(201);
}

describe('decisions exactly once across nodes', () => {
  it('lets exactly one of 30 answers raced from 3 nodes win, trial after trial', async () => {
    const all = await cluster(3);
    await decisive(all[0]!, 'sim-d');
    const clients = await sockets3(all, 30);
    const seen = new Set<string>();
    for (let trial = 0; trial < 3; trial++) {
      const decisionId = await nextPending(all[1]!, 'sim-d', seen);
      await raceDecision(clients, 'sim-d', decisionId, `t${trial}`);
      const resolutions = await resolutionsOf('sim-d', decisionId);
      expect(resolutions).toHaveLength(1);
      expect(resolutions[0]!.data).toMatchObject({ resolved_by: 'answer' });
    }
  }, 120_000);

  it('gives a retry of an acknowledged answer on another node, after the owner died, the identical ack and no second effect', async () => {
    const [a, b, c] = await cluster(3);
    await decisive(a!, 'sim-k');
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
    expect(await resolutionsOf('sim-k', decisionId)).toHaveLength(1);
  }, 120_000);
});
