import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { RAW_CLOSE } from './rawWs.js';
import { createManualSimulation, record, useTestServer, waitFor } from './serverTestkit.js';

const secret = 'test-secret-that-is-long-enough-for-hs256';
const t = useTestServer(null);

/** An HS256 token with these claims, expiring in `exp` (a jose time span or epoch seconds). */
function token(claims: Record<string, unknown>, exp: string | number = '5m'): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`user-${String(claims.role)}`)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
}

/** A REST call with a bearer token; resolves to the status and error code. */
async function call(method: string, path: string, jwt: string, body?: unknown) {
  const response = await fetch(`${t.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${jwt}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json().catch(() => null)) as {
    error?: { code: string; message: string };
  } | null;
  return { status: response.status, code: json?.error?.code ?? null, json };
}

const shock = { shock_type: 'asset_price_crash', target: 'real_estate', magnitude: -0.3 };

describe('auth: roles and simulation scopes', () => {
  it('a viewer reads and subscribes but cannot shock, answer or create', async () => {
    await t.start({ AUTH_JWT_SECRET: secret });
    createManualSimulation(t, { id: 'sim-a' });
    const viewer = await token({ role: 'viewer' });
    const socket = await t.connect({ auth: { token: viewer } });
    const sub = await socket.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-a' });
    expect(sub.ok).toBe(true);
    const answer = await socket.timeout(5_000).emitWithAck('decision:answer', {
      simulationId: 'sim-a',
      decisionId: 'd-1',
      choice: 'recommended',
      idempotencyKey: 'k-1',
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await call('GET', '/simulations/sim-a', viewer)).status).toBe(200);
    const refused = await call('POST', '/simulations/sim-a/shocks', viewer, shock);
    expect(refused).toMatchObject({ status: 403, code: 'forbidden' });
    expect(refused.json?.error?.message).toContain('operator');
    expect((await call('POST', '/simulations/sim-a/pause', viewer)).status).toBe(403);
    const restAnswer = await call('POST', '/simulations/sim-a/decisions/d-1', viewer, {
      choice: 'recommended',
      idempotencyKey: 'k-2',
    });
    expect(restAnswer).toMatchObject({ status: 403, code: 'forbidden' });
    const create = await call('POST', '/simulations', viewer, { id: 'sim-new' });
    expect(create).toMatchObject({ status: 403, code: 'forbidden' });

    const operator = await token({ role: 'operator' });
    expect((await call('POST', '/simulations/sim-a/shocks', operator, shock)).status).toBe(202);
    expect((await call('POST', '/simulations', operator, { id: 'sim-new' })).status).toBe(403);
    expect((await call('DELETE', '/simulations/sim-a', operator)).status).toBe(403);
    const admin = await token({ role: 'admin' });
    expect((await call('POST', '/simulations', admin, { id: 'sim-new' })).status).toBe(201);
    expect((await call('DELETE', '/simulations/sim-new', admin)).status).toBe(204);
  });

  it('a token scoped to one simulation cannot subscribe to, list or operate another', async () => {
    await t.start({ AUTH_JWT_SECRET: secret });
    createManualSimulation(t, { id: 'sim-a' });
    createManualSimulation(t, { id: 'sim-b' });
    const scoped = await token({ role: 'operator', sims: ['sim-a'] });
    const socket = await t.connect({ auth: { token: scoped } });
    const other = await socket.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-b' });
    expect(other).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    if (!other.ok) expect(other.error.message).toContain('sim-b');
    const own = await socket.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-a' });
    expect(own.ok).toBe(true);

    const list = await call('GET', '/simulations', scoped);
    expect((list.json as unknown as Array<{ id: string }>).map((s) => s.id)).toEqual(['sim-a']);
    expect((await call('GET', '/simulations/sim-b/snapshot', scoped)).status).toBe(403);
    expect((await call('POST', '/simulations/sim-b/shocks', scoped, shock)).status).toBe(403);
    expect((await call('POST', '/simulations/sim-a/shocks', scoped, shock)).status).toBe(202);
    await expect(t.openRaw(`/api/v1/ws/simulation/sim-b?token=${scoped}`)).rejects.toThrow(/403/);
    (await t.openRaw(`/api/v1/ws/simulation/sim-a?token=${scoped}`)).ws.close();
  });

  it('refuses a token with an unknown role', async () => {
    await t.start({ AUTH_JWT_SECRET: secret });
    await expect(t.connect({ auth: { token: await token({ role: 'root' }) } })).rejects.toThrow(
      /unauthorized/,
    );
  });
});

describe('auth: expiry and key sources', () => {
  it('cuts a socket whose token expires mid-stream, with a reason, within exp + 30 s', async () => {
    await t.start({ AUTH_JWT_SECRET: secret });
    const sim = createManualSimulation(t, { id: 'sim-a' });
    const exp = Math.floor(Date.now() / 1000) + 2;
    const socket = await t.connect({ auth: { token: await token({ role: 'viewer' }, exp) } });
    const received = record(socket);
    let reason: string | null = null;
    let cutAt = 0;
    socket.on('disconnect', (why) => {
      reason = why;
      cutAt = Date.now();
    });
    await socket.timeout(5_000).emitWithAck('subscribe', { simulationId: 'sim-a' });
    sim.stepNow();
    await waitFor(() => received.batches.length === 1);
    await waitFor(() => reason !== null, 10_000);
    expect(reason).toBe('io server disconnect');
    expect(cutAt).toBeGreaterThanOrEqual(exp * 1000);
    expect(cutAt).toBeLessThanOrEqual(exp * 1000 + 30_000);
    expect(received.notices).toContainEqual({
      kind: 'error',
      error: { code: 'unauthorized', message: expect.stringContaining('expired') },
    });
  });

  it('cuts a raw WebSocket whose token expires mid-stream: error message, 4401, within exp + 30 s', async () => {
    await t.start({ AUTH_JWT_SECRET: secret });
    const sim = createManualSimulation(t, { id: 'sim-a' });
    const exp = Math.floor(Date.now() / 1000) + 2;
    const raw = await t.openRaw(
      `/api/v1/ws/simulation/sim-a?token=${await token({ role: 'viewer' }, exp)}`,
    );
    sim.stepNow();
    await waitFor(() => raw.messages.some((m) => m.type === 'simulation_step'));
    const closed = await raw.closed;
    const cutAt = Date.now();
    expect(closed).toEqual({ code: RAW_CLOSE.tokenExpired, reason: 'token expired' });
    expect(cutAt).toBeGreaterThanOrEqual(exp * 1000);
    expect(cutAt).toBeLessThanOrEqual(exp * 1000 + 30_000);
    expect(raw.messages.at(-1)).toMatchObject({
      type: 'error',
      data: { code: 'unauthorized', message: expect.stringContaining('expired') },
    });
    // Reconnecting with the expired token is refused in HTTP, with a JSON reason.
    await expect(
      t.openRaw(`/api/v1/ws/simulation/sim-a?token=${await token({ role: 'viewer' }, exp)}`),
    ).rejects.toThrow(/401/);
  });

  it('accepts ES256 tokens from an AUTH_JWKS_URL and refuses ones signed by another key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const other = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const jwks = createHttpServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    try {
      const port = (jwks.address() as AddressInfo).port;
      await t.start({ AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks.json` });
      const sign = (key: CryptoKey) =>
        new SignJWT({ role: 'viewer' })
          .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
          .setExpirationTime('5m')
          .sign(key);
      const socket = await t.connect({ auth: { token: await sign(privateKey) } });
      expect(socket.connected).toBe(true);
      await expect(t.connect({ auth: { token: await sign(other.privateKey) } })).rejects.toThrow(
        /unauthorized/,
      );
      // An HS256 token is no good when only a JWKS is configured.
      await expect(t.connect({ auth: { token: await token({ role: 'admin' }) } })).rejects.toThrow(
        /unauthorized/,
      );
    } finally {
      jwks.close();
    }
  });
});
