/**
 * Commands while a simulation changes owner: what the sender is answered (503 `unavailable`
 * with a sentence and `Retry-After`, never a 500) and that a command is applied once.
 */
import type { DecisionAnswerAck } from '@simstream/protocol';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../serverTestkit.js';
import { type TestNode, inProcessClusterForFile, rest } from './clusterTestkit.js';
import { RedisRuntimeStore, simulationKeys } from './runtimeStore.js';

const t = inProcessClusterForFile();

const SIM = { banks: 8, funds: 2, seed: 5, stepIntervalMs: 50 };
const path = (id: string, action: string) => `/api/v1/simulations/${id}/${action}`;

/** The commands logged for `id` (its input log less steps and deadline defaults). */
async function loggedCommands(id: string): Promise<string[]> {
  const store = new RedisRuntimeStore(t.redis.client(), { logSize: 5_000 });
  const commands = ['create', 'shock', 'answer', 'pause', 'resume', 'reset'];
  return (await store.inputs(id))
    .map((input) => input.kind)
    .filter((kind) => commands.includes(kind));
}

async function created(owner: TestNode, id: string, ...others: TestNode[]): Promise<void> {
  expect((await rest(owner.url, 'POST', '/api/v1/simulations', { id, ...SIM })).status).toBe(201);
  for (const node of others) {
    await waitFor(() => node.server.hub.get(id) !== undefined, 10_000, `${node.name} adopts ${id}`);
  }
}

/**
 * Resolves right after `node` next renews its leases: it renews every third of its lease, so
 * a lease taken from it now goes unnoticed there until the next round (as if it stalled).
 */
function afterRenewal(node: TestNode): Promise<void> {
  const store = node.server.hub.store;
  const renew = store.renewLease;
  return new Promise((resolve) => {
    store.renewLease = async (...args) => {
      const renewed = await renew.apply(store, args);
      store.renewLease = renew;
      resolve();
      return renewed;
    };
  });
}

/** Take `id`'s lease from `owner` (as if it stalled past it) and wait for `next` to own it. */
async function takeLease(owner: TestNode, next: TestNode, id: string): Promise<void> {
  await afterRenewal(owner);
  await t.redis.client().del(simulationKeys(id).owner);
  await waitFor(() => next.server.hub.ownedIds().includes(id), 10_000, `${next.name} owns ${id}`);
  expect(owner.server.hub.ownedIds()).toContain(id); // it has not noticed yet
}

/** Every append of `node` waits `ms` before it goes to Redis (a slow link to Redis). */
function slowWrites(node: TestNode, ms: number): void {
  const store = node.server.hub.store;
  const append = store.appendTick;
  store.appendTick = async (...args) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return append.apply(store, args);
  };
}

function expectUnavailable(
  answer: { status: number; body: Record<string, unknown>; headers: Headers },
  message: RegExp,
  retryAfter: string,
): void {
  expect(answer.status).toBe(503);
  expect(answer.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
  expect((answer.body.error as { message: string }).message).toMatch(message);
  expect(answer.headers.get('retry-after')).toBe(retryAfter);
}

describe('commands while a simulation changes owner', () => {
  it('answers 503 unavailable with Retry-After, on REST and in the socket ack, when no owner takes a forwarded command in time', async () => {
    // Long leases: the crashed owner's lease outlives the asking node's 1 s command timeout.
    const a = await t.node('a', { REDIS_LEASE_MS: '30000' });
    const b = await t.node('b', { REDIS_LEASE_MS: '30000' }, { commandTimeoutMs: 1_000 });
    await created(a, 'sim-silent', b);
    await a.crash();

    const paused = await rest(b.url, 'POST', path('sim-silent', 'pause'));
    expectUnavailable(paused, /changing owner/, '30');
    const shocked = await rest(b.url, 'POST', path('sim-silent', 'shocks'), {
      shock_type: 'asset_price_crash',
      target: 'equities',
      magnitude: -0.1,
    });
    expectUnavailable(shocked, /changing owner/, '30');

    const socket = await t.connect(b.url);
    const ack = (await socket.timeout(10_000).emitWithAck('decision:answer', {
      simulationId: 'sim-silent',
      decisionId: 'd-1',
      choice: 'recommended',
      idempotencyKey: 'churn-key-1',
    })) as DecisionAnswerAck;
    expect(ack).toEqual({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/changing owner/) },
    });
  }, 60_000);

  it("answers 503 unavailable, not 500, when the owner's lease was taken before it logged the command — and applies nothing", async () => {
    // Node a renews every 10 s; b, with short leases, takes over at once once a's lease is gone.
    const a = await t.node('a', { REDIS_LEASE_MS: '30000' });
    const b = await t.node('b', { REDIS_LEASE_MS: '600' });
    await created(a, 'sim-taken', b);
    // Paused, so no tick of a's runs into the fence first.
    expect((await rest(a.url, 'POST', path('sim-taken', 'pause'))).status).toBe(200);
    await takeLease(a, b, 'sim-taken');

    const resumed = await rest(a.url, 'POST', path('sim-taken', 'resume'));
    expectUnavailable(resumed, /changing owner/, '30');
    expect(await loggedCommands('sim-taken')).toEqual(['create', 'pause']);
    // Sent again, it reaches the new owner through the stream, once.
    expect((await rest(a.url, 'POST', path('sim-taken', 'resume'))).status).toBe(200);
    expect(await loggedCommands('sim-taken')).toEqual(['create', 'pause', 'resume']);
  }, 60_000);

  it('leaves a forwarded command that a deposed owner read to the next owner, which applies it once and answers it', async () => {
    // a: the owner about to be deposed; b: the next owner; c: where the command is sent,
    // started once b owns the simulation (so it is not the one that takes it over).
    const a = await t.node('a', { REDIS_LEASE_MS: '30000' });
    const b = await t.node('b', { REDIS_LEASE_MS: '600' });
    await created(a, 'sim-race', b);
    expect((await rest(a.url, 'POST', path('sim-race', 'pause'))).status).toBe(200);
    await takeLease(a, b, 'sim-race');
    const c = await t.node('c', { REDIS_LEASE_MS: '30000' });
    await waitFor(() => c.server.hub.get('sim-race') !== undefined, 10_000, 'c adopts it');

    // Both a (not knowing it lost the lease) and b read the command from the stream; b's
    // write is slow, so a's fenced attempt is over first.
    slowWrites(b, 300);
    const resumed = await rest(c.url, 'POST', path('sim-race', 'resume'));
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    expect(resumed.body).toMatchObject({ status: 'running' });
    expect(await loggedCommands('sim-race')).toEqual(['create', 'pause', 'resume']);
  }, 60_000);
});
