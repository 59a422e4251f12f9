/**
 * Issue 11's decisions exactly once, against real processes: a decision raced by 50 clients
 * spread over 3 nodes, 200 trials, one winner each; an answer acknowledged, its node SIGKILLed,
 * the same answer retried on another node: the identical ack and one effect.
 */
import type { DecisionRecord, Envelope } from '@simstream/protocol';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import {
  answerOver,
  decisiveSimulation,
  loggedResolutions,
  raceDecision,
} from '../../apps/server/src/redis/decisionTestkit.js';
import { clusterForFile } from './clusterTestkit.js';

const t = clusterForFile({
  nodes: 3,
  env: {
    REDIS_LEASE_MS: '1500',
    MAX_MESSAGE_RATE: '10000',
    HTTP_RATE_LIMIT: '1000000',
    CREATE_RATE_LIMIT: '1000',
  },
});

async function call(url: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await fetch(`${url}/api/v1${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** A simulation on node1 that raises decisions early and leaves them open. */
async function decisive(id: string): Promise<void> {
  const settings = decisiveSimulation(id, 50, 10_000);
  const created = await call(t.cluster.node('node1').url, 'POST', '/simulations', settings);
  expect(created.status).toBe(201);
}

/** A pending decision not raced yet (resetting the run when none comes), as node `via` lists them. */
async function freshDecision(id: string, via: string, seen: Set<string>): Promise<string> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const listed = await call(t.cluster.node(via).url, 'GET', `/simulations/${id}/decisions`);
    const pending = (listed.body as DecisionRecord[]).find(
      (d) => d.status === 'pending' && !seen.has(d.decision_id),
    );
    if (pending) {
      seen.add(pending.decision_id);
      return pending.decision_id;
    }
    if (attempt % 20 === 19)
      await call(t.cluster.node(via).url, 'POST', `/simulations/${id}/reset`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no pending decision came');
}

async function resolutionsOf(simulationId: string): Promise<Map<string, Envelope[]>> {
  const redis = new Redis(t.cluster.redis.url);
  try {
    return await loggedResolutions(redis, simulationId);
  } finally {
    redis.disconnect();
  }
}

describe('decisions exactly once on a real cluster', () => {
  it('lets exactly one of 50 clients on 3 nodes win each of 200 raced decisions', async () => {
    await decisive('sim-race');
    const nodes = ['node1', 'node2', 'node3'];
    const clients = await Promise.all(
      Array.from({ length: 50 }, (_, i) => t.connect(t.cluster.node(nodes[i % 3]!).url)),
    );
    const seen = new Set<string>();
    const raced: string[] = [];
    for (let trial = 0; trial < 200; trial++) {
      const decisionId = await freshDecision('sim-race', nodes[trial % 3]!, seen);
      raced.push(decisionId);
      await raceDecision(clients, 'sim-race', decisionId, `t${trial}`);
    }
    const resolutions = await resolutionsOf('sim-race');
    for (const decisionId of raced) expect(resolutions.get(decisionId)).toHaveLength(1);
  }, 900_000);

  it('answers a retry on another node with the identical ack after the acknowledging node was SIGKILLed, with one effect', async () => {
    await decisive('sim-retry');
    const decisionId = await freshDecision('sim-retry', 'node2', new Set());
    const onOwner = await t.connect(t.cluster.node('node1').url, { reconnection: false });
    const first = await answerOver(onOwner, 'sim-retry', decisionId, 'the-one-key');
    expect(first).toMatchObject({ ok: true, status: 'accepted', decisionId });

    await t.cluster.kill('node1', 'SIGKILL');
    const elsewhere = await t.connect(t.cluster.node('node3').url);
    expect(await answerOver(elsewhere, 'sim-retry', decisionId, 'the-one-key')).toEqual(first);
    const other = await answerOver(elsewhere, 'sim-retry', decisionId, 'another-key');
    expect(other).toMatchObject({
      ok: true,
      status: 'already_decided',
      choice: first.ok && first.choice,
    });
    expect((await resolutionsOf('sim-retry')).get(decisionId)).toHaveLength(1);
    await t.cluster.start('node1');
  });
});
