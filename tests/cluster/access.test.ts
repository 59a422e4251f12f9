/**
 * Auth and rate limits on the cluster, through HAProxy in front of 3 node processes on one
 * Redis: a token expiring mid-stream is cut within exp + 30 s (Socket.IO and the raw
 * WebSocket), a viewer cannot shock, answer or create, a token scoped to one simulation cannot
 * subscribe to another, and every node counts against one per-address budget.
 */
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RAW_CLOSE } from '../../apps/server/src/rawWs.js';
import { openRaw, record, waitFor } from '../../apps/server/src/serverTestkit.js';
import { clusterForFile } from './clusterTestkit.js';

const secret = 'cluster-test-secret-that-is-long-enough';
const t = clusterForFile({ nodes: 3, env: { AUTH_JWT_SECRET: secret, HTTP_RATE_LIMIT: '60' } });

function token(claims: Record<string, unknown>, exp: string | number = '10m'): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`user-${String(claims.role)}`)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
}

async function call(
  method: string,
  path: string,
  jwt: string | null,
  body?: unknown,
  base = t.cluster.url,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      ...headers,
      ...(jwt ? { authorization: `Bearer ${jwt}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  return { status: response.status, json };
}

const SIM = {
  banks: 8,
  funds: 2,
  seed: 11,
  stepIntervalMs: 100,
  decisionPolicy: { npaThreshold: 0, pauseOnDecision: false, deadlineSteps: 600 },
};
const shock = { shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.3 };

/** Create a simulation as admin through the load balancer; every node serves it. */
async function created(id: string): Promise<void> {
  const admin = await token({ role: 'admin' });
  if ((await call('GET', `/simulations/${id}`, admin)).status === 200) return;
  expect((await call('POST', '/simulations', admin, { id, ...SIM })).status).toBe(201);
  for (const node of t.cluster.nodes) {
    await expect
      .poll(
        async () => (await call('GET', `/simulations/${id}`, admin, undefined, node.url)).status,
        {
          timeout: 15_000,
        },
      )
      .toBe(200);
  }
}

describe('auth and rate limits across the cluster (through HAProxy)', () => {
  it('a viewer token reads and subscribes but cannot shock, answer or create', async () => {
    await created('sim-a');
    const viewer = await token({ role: 'viewer' });
    const socket = await t.connect(undefined, { auth: { token: viewer } });
    const received = record(socket);
    expect(
      (
        await socket
          .timeout(10_000)
          .emitWithAck('subscribe', { simulationId: 'sim-a', sinceSeq: 0 })
      ).ok,
    ).toBe(true);
    await waitFor(
      () => received.batches.some((b) => b.events.some((e) => e.type === 'pending_decision')),
      30_000,
      'a pending decision',
    );
    const pending = received.batches
      .flatMap((b) => b.events)
      .find((e) => e.type === 'pending_decision')!;
    const decisionId = (pending.data as { decision_id: string }).decision_id;
    const answer = {
      simulationId: 'sim-a',
      decisionId,
      choice: 'recommended' as const,
      idempotencyKey: 'k-viewer',
    };
    const refused = await socket.timeout(10_000).emitWithAck('decision:answer', answer);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('POST', '/simulations/sim-a/shocks', viewer, shock)).toMatchObject({
      status: 403,
    });
    expect(await call('POST', '/simulations', viewer, { id: 'sim-viewer', ...SIM })).toMatchObject({
      status: 403,
    });
    expect((await call('GET', '/simulations/sim-viewer', viewer)).status).toBe(404);

    // The same decision is still open to an operator: the refusal was the role's.
    const operator = await token({ role: 'operator' });
    const opSocket = await t.connect(undefined, { auth: { token: operator } });
    const accepted = await opSocket
      .timeout(15_000)
      .emitWithAck('decision:answer', { ...answer, idempotencyKey: 'k-operator' });
    expect(accepted).toMatchObject({ ok: true });
  });

  it('a token scoped to one simulation cannot subscribe to another', async () => {
    await created('sim-a');
    await created('sim-b');
    const scoped = await token({ role: 'viewer', sims: ['sim-a'] });
    const socket = await t.connect(undefined, { auth: { token: scoped } });
    const other = await socket.timeout(10_000).emitWithAck('subscribe', { simulationId: 'sim-b' });
    expect(other).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      (await socket.timeout(10_000).emitWithAck('subscribe', { simulationId: 'sim-a' })).ok,
    ).toBe(true);
    const ws = t.cluster.url.replace(/^http/, 'ws');
    await expect(openRaw(`${ws}/api/v1/ws/simulation/sim-b?token=${scoped}`)).rejects.toThrow(
      /403/,
    );
    expect((await call('GET', '/simulations/sim-b/snapshot', scoped)).status).toBe(403);
  });

  it('cuts a Socket.IO and a raw connection whose token expires mid-stream, within exp + 30 s', async () => {
    await created('sim-a');
    const exp = Math.floor(Date.now() / 1000) + 4;
    const expiring = await token({ role: 'viewer' }, exp);
    const socket = await t.connect(undefined, { auth: { token: expiring }, reconnection: false });
    const received = record(socket);
    let cutAt = 0;
    socket.on('disconnect', () => {
      cutAt = Date.now();
    });
    await socket.timeout(10_000).emitWithAck('subscribe', { simulationId: 'sim-a' });
    const raw = await openRaw(
      `${t.cluster.url.replace(/^http/, 'ws')}/api/v1/ws/simulation/sim-a?token=${expiring}`,
    );
    await waitFor(
      () => received.batches.length > 0 && raw.messages.length > 0,
      15_000,
      'streaming',
    );
    const rawClosed = await raw.closed;
    const rawCutAt = Date.now();
    await waitFor(() => cutAt > 0, 40_000, 'the Socket.IO cut');
    for (const at of [cutAt, rawCutAt]) {
      expect(at).toBeGreaterThanOrEqual(exp * 1000);
      expect(at).toBeLessThanOrEqual(exp * 1000 + 30_000);
    }
    expect(received.notices).toContainEqual({
      kind: 'error',
      error: { code: 'unauthorized', message: expect.stringContaining('expired') },
    });
    expect(rawClosed.code).toBe(RAW_CLOSE.tokenExpired);
    expect(raw.ws.readyState).toBe(WebSocket.CLOSED);
  });

  it('every node counts against one per-address budget (HTTP_RATE_LIMIT 60 a minute)', async () => {
    const admin = await token({ role: 'admin' });
    // A client address of its own (the nodes trust X-Forwarded-For from loopback).
    const from = { 'x-forwarded-for': '198.51.100.7' };
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      const node = t.cluster.nodes[i % 3]!;
      statuses.push((await call('GET', '/simulations', admin, undefined, node.url, from)).status);
    }
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    for (const node of t.cluster.nodes) {
      expect((await call('GET', '/simulations', admin, undefined, node.url, from)).status).toBe(
        429,
      );
    }
  });
});
