/**
 * Redis stopped for 10 s mid-stream and started again, under 3 node processes with viewers on
 * every node: no node crashes or drops its connections, health says `degraded` with a reason
 * meanwhile, and afterwards nothing is lost — every viewer's caches (the kit's stream client
 * and query cache) deep-equal those of a viewer that opened after the outage, and every
 * socket saw each seq once, in order, without a resync. Meanwhile mutations are refused with
 * 503 `unavailable` (REST, with Retry-After) and the same error in a socket ack.
 */
import { describe, expect, it } from 'vitest';
import { rest } from '../../apps/server/src/redis/clusterTestkit.js';
import { record, waitFor } from '../../apps/server/src/serverTestkit.js';
import { openViewer, settled, type Viewer } from '../integration/harness.js';
import { clusterForFile, health } from './clusterTestkit.js';

const t = clusterForFile({ nodes: 3, loadBalancer: false });

const SIM = {
  id: 'sim-outage',
  banks: 8,
  funds: 2,
  seed: 21,
  stepIntervalMs: 100,
  decisionPolicy: { npaThreshold: 0, pauseOnDecision: false, deadlineSteps: 20 },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Redis outage', () => {
  it('stopped for 10 s mid-stream: no node crashes, nothing lost', async () => {
    const nodes = t.cluster.nodes;
    expect((await rest(nodes[0]!.url, 'POST', '/api/v1/simulations', SIM)).status).toBe(201);
    const viewers: Viewer[] = [];
    const sockets = [];
    try {
      for (const node of nodes) {
        viewers.push(openViewer(node.url, SIM.id));
        const socket = await t.connect(node.url);
        const received = record(socket);
        await expect
          .poll(
            async () =>
              (
                await socket
                  .timeout(5_000)
                  .emitWithAck('subscribe', { simulationId: SIM.id, sinceSeq: 0 })
              ).ok,
            { timeout: 15_000 },
          )
          .toBe(true);
        sockets.push({ socket, received });
      }
      await waitFor(() => viewers.every((v) => v.lastSeq() >= 30), 30_000, '30 events everywhere');
      const pids = nodes.map((node) => node.pid());

      await t.cluster.stopRedis();
      const outageStarted = Date.now();
      // Meanwhile every node stays up, keeps its connections and says why it is degraded.
      await expect
        .poll(async () => Promise.all(nodes.map(async (n) => (await health(n.url)).status)), {
          timeout: 8_000,
        })
        .toEqual(['degraded', 'degraded', 'degraded']);
      for (const node of nodes) {
        expect((await health(node.url)) as unknown).toMatchObject({ reason: expect.any(String) });
      }
      const seqDuringOutage = Math.max(...viewers.map((v) => v.lastSeq()));
      // Mutations are refused with 503 `unavailable`, a sentence naming Redis, and Retry-After.
      const refusal = {
        code: 'unavailable',
        message: expect.stringMatching(/Redis is unreachable/),
      };
      for (const [method, path] of [
        ['POST', `/api/v1/simulations/${SIM.id}/pause`],
        ['POST', '/api/v1/simulations'],
        ['DELETE', `/api/v1/simulations/${SIM.id}`],
      ] as const) {
        const refused = await rest(nodes[1]!.url, method, path);
        expect(refused.status, `${method} ${path}`).toBe(503);
        expect(refused.body).toEqual({ error: refusal });
        expect(refused.headers.get('retry-after')).toBe('2');
      }
      const answered = await sockets[2]!.socket.timeout(5_000).emitWithAck('decision:answer', {
        simulationId: SIM.id,
        decisionId: 'd-during-outage',
        choice: 'recommended',
        idempotencyKey: 'outage-key',
      });
      expect(answered).toEqual({ ok: false, error: refusal });
      await sleep(Math.max(0, 10_000 - (Date.now() - outageStarted)));
      // Nothing was produced that could not be logged.
      expect(Math.max(...viewers.map((v) => v.lastSeq()))).toBeLessThanOrEqual(seqDuringOutage + 1);
      expect(sockets.every(({ socket }) => socket.connected)).toBe(true);
      await t.cluster.startRedis();

      await expect
        .poll(async () => Promise.all(nodes.map(async (n) => (await health(n.url)).status)), {
          timeout: 20_000,
        })
        .toEqual(['ok', 'ok', 'ok']);
      await waitFor(
        () => viewers.every((v) => v.lastSeq() >= seqDuringOutage + 20),
        30_000,
        'the stream goes on',
      );
      expect(nodes.map((node) => node.pid())).toEqual(pids);

      const paused = await rest(nodes[1]!.url, 'POST', `/api/v1/simulations/${SIM.id}/pause`);
      expect(paused.status).toBe(200);
      const seq = paused.body.seq as number;
      const reference = openViewer(nodes[2]!.url, SIM.id);
      viewers.push(reference);
      for (const viewer of viewers) await settled(viewer, seq, SIM.id);
      for (const viewer of viewers.slice(0, -1))
        expect(viewer.caches()).toEqual(reference.caches());
      for (const { received } of sockets) {
        await waitFor(() => received.seqs().at(-1) === seq, 15_000, 'every socket at the pause');
        expect(received.seqs()).toEqual(Array.from({ length: seq }, (_, i) => i + 1));
        expect(received.notices).toEqual([]);
      }
    } finally {
      for (const viewer of viewers) viewer.stop();
    }
  });
});
