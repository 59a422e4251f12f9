/**
 * A simulation deleted while another node takes it over (its owner died): the taking node
 * sees the deletion and stops — no rebuild reported as a mismatch, no lease or fence key
 * brought back. The deletion is put at each point of the takeover by hooking the taking
 * node's lease call, so the race is the same on every run.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../serverTestkit.js';
import { type TestNode, inProcessClusterForFile, rest } from './clusterTestkit.js';

const t = inProcessClusterForFile();

const SIM = { banks: 8, funds: 2, seed: 9, stepIntervalMs: 50 };

/** What the node counted as its own failures (a takeover's RebuildMismatch is one). */
async function internalErrors(node: TestNode): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('simstream_errors_total{code="internal"}'));
  return line ? Number(line.split(' ').pop()) : 0;
}

/**
 * `taker` deletes the simulation through its own REST API at its next takeover — `before`
 * or `after` the lease call — and resolves once that takeover attempt has finished.
 */
function deleteDuringTakeover(taker: TestNode, id: string, when: 'before' | 'after') {
  const store = taker.server.hub.store;
  const acquire = store.acquireLease;
  let deleted: Promise<number> | null = null;
  store.acquireLease = async (...args) => {
    if (args[0] !== id || deleted) return acquire.apply(store, args);
    const remove = async () =>
      (await rest(taker.url, 'DELETE', `/api/v1/simulations/${id}`)).status;
    if (when === 'before') deleted = remove();
    if (deleted) await deleted;
    const lease = await acquire.apply(store, args);
    if (when === 'after') {
      deleted = remove();
      await deleted;
    }
    return lease;
  };
  return { deleted: () => deleted };
}

describe('a delete racing a takeover', () => {
  for (const when of ['before', 'after'] as const) {
    it(`stops the takeover quietly when the delete lands just ${when} the new owner takes the lease`, async () => {
      const a = await t.node('a', { REDIS_LEASE_MS: '600' });
      const b = await t.node('b', { REDIS_LEASE_MS: '600' });
      const id = `sim-del-${when}`;
      expect((await rest(a.url, 'POST', '/api/v1/simulations', { id, ...SIM })).status).toBe(201);
      await waitFor(() => b.server.hub.get(id) !== undefined, 10_000, 'b adopts it');
      const race = deleteDuringTakeover(b, id, when);
      const errorsBefore = await internalErrors(b);

      await a.crash(); // its lease runs out; b's next round takes over — and meets the delete
      await waitFor(() => race.deleted() !== null, 10_000, 'the takeover to start');
      expect(await race.deleted()).toBe(204);
      // A few more rounds of b's ownership (every 200 ms) to show it stays stopped.
      await new Promise((resolve) => setTimeout(resolve, 1_500));

      expect(b.server.hub.get(id)).toBeUndefined();
      expect(b.server.hub.ownedIds()).not.toContain(id);
      expect(await internalErrors(b)).toBe(errorsBefore);
      expect(await t.redis.client().keys(`{sim:${id}}*`)).toEqual([]);
      expect((await rest(b.url, 'GET', `/api/v1/simulations/${id}`)).status).toBe(404);
    }, 60_000);
  }
});
